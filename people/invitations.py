"""The one-time link of an invitation: made when the e-mail leaves, never stored, refused once used."""
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from submissions import roles
from verification.notifications import subject_line

from .selectors import role_label


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token under its own salt. The hash covers the password field, which is unusable until the
    invitee sets one, so a link works once; it lapses after settings.PASSWORD_RESET_TIMEOUT."""

    key_salt = "people.invitations.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def valid_days():
    return settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)


def role_of(user):
    names = {group.name for group in user.groups.all()}
    role = next((role for role in (roles.SECRETARIAT, roles.VERIFIER, roles.CITY_STAFF) if role in names), "")
    return role_label(role) if role else ""


def invitation_message(notification):
    """Recipients, subject, template and context of an invitation (verification.notifications.MESSAGE_WRITERS).
    Only to an account still waiting for its password: a link sent again after acceptance would be refused."""
    user = notification.user
    template = "people/email/invitation.txt"
    if not (user.is_active and not user.has_usable_password() and user.email):
        return [], "", template, {}
    token = invitation_tokens.make_token(user)
    link = settings.SITE_URL.rstrip("/") + reverse(
        "people:invitation_accept", args=[urlsafe_base64_encode(force_bytes(user.pk)), token])
    invitation = getattr(user, "invitation", None)
    context = {"user": user, "link": link, "days": valid_days(), "role": role_of(user),
               "cities": [membership.city for membership in user.memberships.select_related("city")],
               "invited_by": invitation.invited_by if invitation else None}
    return [user.email], subject_line(_("Your invitation to the KPI platform")), template, context
