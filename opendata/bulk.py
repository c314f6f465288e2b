"""The bulk open data files: one CSV of every published value and the Frictionless Data Package describing it.

Written through Django's storage API (default_storage) under open-data/, so they live wherever the
site keeps its files; built by bulk_files_build (the task in opendata.tasks runs it after each
publication or withdrawal), and built again before serving if they are older than the published data.
"""
import csv
import io
import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from . import columns, licences, selectors
from .models import BulkRelease

FOLDER = "open-data"
CSV_NAME = "u4ssc-kpi-values.csv"
PACKAGE_NAME = "datapackage.json"
CSV_PATH = f"{FOLDER}/{CSV_NAME}"
PACKAGE_PATH = f"{FOLDER}/{PACKAGE_NAME}"
CHUNK = 2000


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def values_csv():
    """The CSV of every published value (UTF-8, a header of COLUMNS' names) and its number of rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column.name for column in columns.COLUMNS])
    rows = 0
    for value in selectors.published_values().iterator(chunk_size=CHUNK):
        writer.writerow([_csv_text(column.read(value)) for column in columns.COLUMNS])
        rows += 1
    return out.getvalue().encode("utf-8"), rows


def package_descriptor(*, built_at, rows, csv_bytes):
    """The data package (Frictionless Data Package v1) describing the CSV beside it."""
    licence = licences.licence()
    return {
        "name": "u4ssc-kpi-open-data",
        "title": "U4SSC KPIs for smart sustainable cities: published city data",
        "description": "Every published value of the U4SSC key performance indicators (Recommendation ITU-T "
                       "Y.4903/L.1603), one row per city, year and data point, verified by certified U4SSC "
                       "verifiers. Rows with sample_data true are fictional sample cities.",
        "licenses": [licence],
        "created": built_at.isoformat(),
        "resources": [{
            "name": "u4ssc-kpi-values",
            "path": CSV_NAME,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": csv_bytes,
            "description": f"{rows} published values.",
            "licenses": [licence],
            "schema": columns.table_schema(),
        }],
    }


def _store(path, content):
    """Replace a stored file; the storage keeps the exact name."""
    if default_storage.exists(path):
        default_storage.delete(path)
    saved = default_storage.save(path, ContentFile(content))
    if saved != path:
        raise RuntimeError(f"The storage saved {path} as {saved}")


@transaction.atomic
def bulk_files_build():
    """Build the CSV and the data package from today's published data, and record it. Returns the release."""
    release = BulkRelease.objects.select_for_update().filter(pk=1).first()
    if release is None:
        release = BulkRelease.objects.create(pk=1, changed_at=timezone.now())
        release = BulkRelease.objects.select_for_update().get(pk=1)
    # The files are machine-readable and the same for everyone: English, whoever's request builds them.
    with translation.override("en"):
        content, rows = values_csv()
        built_at = timezone.now()
        descriptor = package_descriptor(built_at=built_at, rows=rows, csv_bytes=len(content))
    _store(CSV_PATH, content)
    _store(PACKAGE_PATH, (json.dumps(descriptor, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    release.built_for, release.built_at, release.rows, release.csv_bytes = release.changed_at, built_at, rows, len(content)
    release.licence = descriptor["licenses"][0]["name"]
    release.save()
    return release


def bulk_release_current():
    """The release whose files hold today's published data under today's licence: built now if they do not (or are missing)."""
    release = BulkRelease.objects.filter(pk=1).first()
    stale = release is None or not release.is_current or release.licence != licences.licence()["name"]
    if stale or not default_storage.exists(CSV_PATH):
        release = bulk_files_build()
    return release


def published_data_changed():
    """A publication or a withdrawal: the files no longer hold today's published data. Inside the change's transaction."""
    BulkRelease.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})
