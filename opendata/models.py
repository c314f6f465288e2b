"""The state of the bulk open data files: when published data last changed, and what the files hold."""
from django.db import models


class BulkRelease(models.Model):
    """One row (pk 1). changed_at moves on every publication or withdrawal (opendata.receivers);
    the files are current when built_for equals it (opendata.bulk)."""

    changed_at = models.DateTimeField()
    built_for = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    csv_bytes = models.PositiveBigIntegerField(default=0)
    # The licence the package states; another chosen in the settings makes the files out of date.
    licence = models.CharField(max_length=20, blank=True)

    def __str__(self):
        return f"Open data of {self.changed_at:%Y-%m-%d %H:%M}"

    @property
    def is_current(self):
        return self.built_for is not None and self.built_for == self.changed_at
