"""Cities and people managed from the browser: invitations, roles, memberships, second factor, the audit log."""
from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "Cities and people"

    def ready(self):
        from verification.models import Notification
        from verification.notifications import MESSAGE_WRITERS

        from . import second_factor  # noqa: F401  (its receiver remembers at sign-in who has a device)
        from .invitations import invitation_message

        MESSAGE_WRITERS[Notification.INVITATION] = invitation_message
