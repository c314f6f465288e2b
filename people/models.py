"""The audit log of the people console, and the invitations it sends."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models import City


class AuditEntry(models.Model):
    """One thing done to a city or an account: who did it, when, to whom, and what. Written by people.services."""

    CITY_CREATED = "city_created"
    CITY_EDITED = "city_edited"
    INVITED = "invited"
    INVITATION_RESENT = "invitation_resent"
    INVITATION_ACCEPTED = "invitation_accepted"
    ROLE_CHANGED = "role_changed"
    MEMBERSHIP_CHANGED = "membership_changed"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    SECOND_FACTOR_SET_UP = "second_factor_set_up"
    SECOND_FACTOR_RESET = "second_factor_reset"
    ACTION_CHOICES = [
        (CITY_CREATED, _("City created")),
        (CITY_EDITED, _("City edited")),
        (INVITED, _("Invited")),
        (INVITATION_RESENT, _("Invitation sent again")),
        (INVITATION_ACCEPTED, _("Invitation accepted")),
        (ROLE_CHANGED, _("Role changed")),
        (MEMBERSHIP_CHANGED, _("Cities changed")),
        (DEACTIVATED, _("Account deactivated")),
        (REACTIVATED, _("Account reactivated")),
        (SECOND_FACTOR_SET_UP, _("Two-factor sign-in set up")),
        (SECOND_FACTOR_RESET, _("Two-factor sign-in reset")),
    ]

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=24, choices=ACTION_CHOICES)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="audit_entries")
    city = models.ForeignKey(City, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_entries")
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class Invitation(models.Model):
    """Who invited a person and when, and whether the one-time link was used. The link itself is made when
    the e-mail leaves (people.invitations) and never stored."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Invitation of {self.person}"
