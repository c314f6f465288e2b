"""What the programme records of its own: the deadline reminders already sent."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models import Submission


class Reminder(models.Model):
    """One reminder of one deadline of one submission, sent once (the unique row says it was)."""

    SUBMISSION = "submission"
    VERIFICATION = "verification"
    DEADLINE_CHOICES = [(SUBMISSION, _("Submission deadline")), (VERIFICATION, _("Verification deadline"))]

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.CharField(max_length=12, choices=DEADLINE_CHOICES)
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "deadline", "days_before"], name="reminder_once"),
        ]

    def __str__(self):
        return f"{self.submission}: {self.days_before} day(s) before the {self.deadline} deadline"
