"""The versions issued before reports had a language were written in English: their snapshots say so,
and their digests (SHA-256 of the snapshot's canonical JSON, reports.snapshots) are computed again, so
that asking for the same data in English still gives back the same version."""
import hashlib
import json

from django.db import migrations


def _digest(snapshot):
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def mark_english(apps, schema_editor):
    ReportVersion = apps.get_model("reports", "ReportVersion")
    for version in ReportVersion.objects.all():
        if "language" in version.snapshot:
            continue
        version.snapshot = {**version.snapshot, "language": "en"}
        version.digest = _digest(version.snapshot)
        version.language = "en"
        version.save(update_fields=["snapshot", "digest", "language"])


def unmark(apps, schema_editor):
    ReportVersion = apps.get_model("reports", "ReportVersion")
    for version in ReportVersion.objects.filter(language="en"):
        snapshot = {key: item for key, item in version.snapshot.items() if key != "language"}
        version.snapshot, version.digest = snapshot, _digest(snapshot)
        version.save(update_fields=["snapshot", "digest"])


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0005_report_language"),
    ]

    operations = [
        migrations.RunPython(mark_english, unmark),
    ]
