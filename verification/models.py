"""Verification: verifiers assigned to submissions, reviews, queries and the sign-off."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kpis import limits
from submissions.models import Submission, Value


class Assignment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assignments")
    verifier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "verifier"], name="assignment_unique")
        ]

    def __str__(self):
        return f"{self.verifier} on {self.submission}"


class Review(models.Model):
    """The verifier's verdict on one value."""

    PENDING = "pending"
    VERIFIED = "verified"
    NOT_VERIFIED = "not_verified"
    QUERIED = "queried"
    # Sent back to the city to correct: the value is editable by the city until it is corrected.
    RETURNED = "returned"
    STATUS_CHOICES = [
        (PENDING, _("Pending")),
        (VERIFIED, _("Verified")),
        (NOT_VERIFIED, _("Not verified")),
        (QUERIED, _("Queried")),
        (RETURNED, _("Returned for correction")),
    ]

    value = models.OneToOneField(Value, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default=PENDING)
    # The reason of a verdict, or the question or answer that set the status.
    reason = models.TextField(blank=True, max_length=limits.MESSAGE)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change: a review form carries the version it was shown, and a
    # verdict against an older one is refused instead of overwriting a colleague's.
    version = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.value}: {self.status}"

    class Meta:
        constraints = [limits.text_limit("reason", limits.MESSAGE)]


class Query(models.Model):
    """A verifier's question about one value: a thread between verifier and city."""

    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"
    STATUS_CHOICES = [(OPEN, _("Open")), (ANSWERED, _("Answered")), (CLOSED, _("Closed"))]

    QUESTION = "question"
    CORRECTION = "correction"
    KIND_CHOICES = [(QUESTION, _("Question")), (CORRECTION, _("Returned for correction"))]

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="queries")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=OPEN)
    kind = models.CharField(max_length=10, choices=KIND_CHOICES, default=QUESTION)
    created_at = models.DateTimeField(auto_now_add=True)
    # A correction's change, written when the city saves the value (old -> new, who, why).
    corrected_from = models.CharField(max_length=200, blank=True)
    corrected_to = models.CharField(max_length=200, blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    corrected_at = models.DateTimeField(null=True, blank=True)
    correction_reason = models.TextField(blank=True, max_length=limits.MESSAGE)

    @property
    def is_correction(self):
        return self.kind == self.CORRECTION

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "queries"

    def __str__(self):
        return f"Query on {self.value}"


class QueryMessage(models.Model):
    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(max_length=limits.MESSAGE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [limits.text_limit("body", limits.MESSAGE)]


class SignOff(models.Model):
    """The verifier's sign-off, with the verification background the report prints."""

    LIMITED = "limited"
    REASONABLE = "reasonable"
    ASSURANCE_CHOICES = [(LIMITED, _("Limited assurance")), (REASONABLE, _("Reasonable assurance"))]

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="sign_off")
    verifier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verifier_name = models.CharField(max_length=200)
    certification = models.CharField(max_length=300)
    verified_on = models.DateField(_("date of verification"))
    activities = models.TextField(help_text=_("One activity per line"), max_length=limits.SIGN_OFF_TEXT)
    assurance_level = models.CharField(max_length=12, choices=ASSURANCE_CHOICES, default=LIMITED)
    limitations = models.TextField(blank=True, max_length=limits.SIGN_OFF_TEXT)
    signed_at = models.DateTimeField(auto_now_add=True)
    # The targets in force at sign-off, kept as the record DESIGN.md asks for. Reports read the scores
    # stored on the values, which no target change touches once the submission is signed off.
    targets_snapshot = models.JSONField(default=dict, blank=True)
    # The targets edition in force at sign-off: the report states it, whenever it is rendered.
    targets_edition = models.ForeignKey("kpis.TargetsEdition", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")

    # A reopened submission loses its sign-off; the history keeps what was signed.
    history = HistoricalRecords()

    class Meta:
        constraints = [
            limits.text_limit("activities", limits.SIGN_OFF_TEXT),
            limits.text_limit("limitations", limits.SIGN_OFF_TEXT),
        ]

    def __str__(self):
        return f"Sign-off of {self.submission}"


class FlagOverride(models.Model):
    """A verifier's acknowledgement of a cross-check's flag on a value, with why it is fine."""

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="flag_overrides")
    check_key = models.CharField(max_length=32)  # a key of submissions.cross_checks.CHECKS
    note = models.TextField(max_length=limits.MESSAGE)
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    overridden_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["overridden_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["value", "check_key"], name="flag_override_unique"),
            limits.text_limit("note", limits.MESSAGE),
        ]

    def __str__(self):
        return f"{self.check_key} on {self.value}"


class Findings(models.Model):
    """The verifier's overall comment on a submission, editable until sign-off; the report's section 8 prints it."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="findings")
    comment = models.TextField(blank=True, max_length=limits.SIGN_OFF_TEXT)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "findings"
        constraints = [limits.text_limit("comment", limits.SIGN_OFF_TEXT)]

    def __str__(self):
        return f"Findings on {self.submission}"


class Notification(models.Model):
    """An e-mail to send once its transaction has committed; a worker claims and sends it."""

    SUBMITTED = "submitted"
    ASSIGNED = "assigned"
    QUERY_RAISED = "query_raised"
    QUERY_ANSWERED = "query_answered"
    SIGNED_OFF = "signed_off"
    PASSWORD_RESET = "password_reset"
    REPORT_READY = "report_ready"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    RETURNED = "returned"
    CORRECTED = "corrected"
    DATA_DUE = "data_due"
    REVIEW_DUE = "review_due"
    INVITATION = "invitation"
    # Like a password reset, sent to `user` alone with no submission; people.invitations writes its message.
    KIND_CHOICES = [
        (RETURNED, "Value returned for correction"),
        (CORRECTED, "Value corrected"),
        (SUBMITTED, "Submission submitted"),
        (ASSIGNED, "Verifier assigned"),
        (QUERY_RAISED, "Query raised"),
        (QUERY_ANSWERED, "Query answered"),
        (SIGNED_OFF, "Submission signed off"),
        (PASSWORD_RESET, "Password reset link"),
        (REPORT_READY, "Signed-off report ready"),
        (PUBLISHED, "Report published"),
        (WITHDRAWN, "Publication withdrawn"),
        (DATA_DUE, "Reminder: data due"),
        (REVIEW_DUE, "Reminder: verification due"),
        (INVITATION, "Invitation to the platform"),
    ]
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    STATE_CHOICES = [(QUEUED, "Queued"), (SENDING, "Sending"), (SENT, "Sent"), (FAILED, "Failed")]

    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    # Empty for a password reset, which goes to `user` alone; its link is made when the mail is sent,
    # so no token is ever stored.
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="notifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    query = models.ForeignKey(Query, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications")
    assignment = models.ForeignKey(Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    state = models.CharField(max_length=8, choices=STATE_CHOICES, default=QUEUED)
    recipients = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="notification_has_its_subject",
                condition=models.Q(kind__in=["password_reset", "invitation"], user__isnull=False,
                                   submission__isnull=True)
                | (~models.Q(kind__in=["password_reset", "invitation"]) & models.Q(submission__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.submission or self.user} ({self.state})"
