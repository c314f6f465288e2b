"""Report requests and their rendered PDFs, and the report's editable texts."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kpis import limits
from submissions.models import Submission


def report_path(instance, filename):
    return f"reports/{instance.submission_id}/{instance.pk}.pdf"


def version_path(instance, filename):
    return f"reports/{instance.submission_id}/v{instance.number}-{instance.digest[:12]}.pdf"


class ReportVersion(models.Model):
    """An issued report: one rendering of a signed-off submission, numbered 1, 2, 3… per submission and
    kept with the snapshot it was rendered from (reports.snapshots). The same snapshot is never rendered twice."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="report_versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    # SHA-256 of the snapshot's canonical JSON.
    digest = models.CharField(max_length=64)
    # Rendered while the submission was published: the city may download it while it stays published.
    published = models.BooleanField(default=False)
    # The language it is written in (the snapshot's "language"): the same data in another language is another version.
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="en")
    pdf = models.FileField(upload_to=version_path, max_length=200)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="report_version_number_unique"),
            models.UniqueConstraint(fields=["submission", "digest"], name="report_version_digest_unique"),
        ]

    def __str__(self):
        return f"{self.submission} report, version {self.number}"


class ReportRequest(models.Model):
    QUEUED = "queued"
    RENDERING = "rendering"
    READY = "ready"
    FAILED = "failed"
    STATE_CHOICES = [(QUEUED, _("Queued")), (RENDERING, _("Rendering")), (READY, _("Ready")), (FAILED, _("Failed"))]

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="report_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    state = models.CharField(max_length=10, choices=STATE_CHOICES, default=QUEUED)
    # The language of the report asked for: the city's report language unless the secretariat chose another.
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="en")
    error = models.TextField(blank=True)
    pdf = models.FileField(upload_to=report_path, blank=True, max_length=200)
    # The issued version this request gave (a signed-off submission's); its pdf is the version's file.
    version = models.ForeignKey(ReportVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests")
    created_at = models.DateTimeField(auto_now_add=True)
    # When the task was handed to the broker; empty while the broker could not be reached.
    sent_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Beaten by the rendering worker; a rendering whose heartbeat stopped lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report for {self.submission} ({self.state})"


class ReportText(models.Model):
    """Editable texts of the report (foreword, disclaimer), one row per key."""

    FOREWORD = "foreword"
    DISCLAIMER = "disclaimer"
    KEY_CHOICES = [(FOREWORD, _("Foreword")), (DISCLAIMER, _("Disclaimer"))]

    key = models.CharField(max_length=20, choices=KEY_CHOICES, unique=True)
    body = models.TextField(help_text=_("Plain text; blank lines separate paragraphs. {city} and {country} are replaced."),
                            max_length=limits.REPORT_TEXT)

    class Meta:
        constraints = [limits.text_limit("body", limits.REPORT_TEXT)]

    def __str__(self):
        return self.get_key_display()
