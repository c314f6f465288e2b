"""The bulk open data: one CSV of every published value and its Frictionless Data Package, rebuilt on every
publication or withdrawal, stored through the storage API, under the secretariat's licence."""
import csv
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from frictionless import Package, validate

from opendata import bulk
from opendata.models import BulkRelease
from submissions.models import Submission
from submissions.services import submission_state_change

pytestmark = pytest.mark.django_db


def downloaded(client, name):
    response = client.get(f"/open-data/{name}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_data_package_is_valid_and_describes_the_csv(client, published_alesund, tmp_path):
    (tmp_path / bulk.CSV_NAME).write_bytes(downloaded(client, bulk.CSV_NAME))
    (tmp_path / bulk.PACKAGE_NAME).write_bytes(downloaded(client, bulk.PACKAGE_NAME))

    report = validate(str(tmp_path / bulk.PACKAGE_NAME))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / bulk.PACKAGE_NAME))
    assert package.licenses[0]["name"] == "CC-BY-4.0"
    assert package.resources[0].read_rows()[0]["city"] == "alesund"


def test_the_csv_rows_are_the_published_values_of_the_api(client, published_alesund):
    rows = list(csv.DictReader(io.StringIO(downloaded(client, bulk.CSV_NAME).decode("utf-8"))))
    api = client.get("/api/v1/values/").json()["results"]

    assert len(rows) == 112
    assert [as_csv(row) for row in rows] == [as_csv(row) for row in api]


def as_csv(row):
    """A row as the CSV writes it: true / false, empty for none, a percentage to two decimals."""
    shown = {True: "true", False: "false", None: ""}
    row = {key: shown[v] if v is None or isinstance(v, bool) else str(v) for key, v in row.items()}
    if row["percent_of_target"]:
        row["percent_of_target"] = f"{Decimal(row['percent_of_target']):.2f}"
    return row


def test_files_are_rebuilt_when_a_submission_is_withdrawn(client, published_alesund, eager_tasks,
                                                          django_capture_on_commit_callbacks):
    secretariat = get_user_model().objects.get(username="secretariat")
    assert b"alesund" in downloaded(client, bulk.CSV_NAME)

    with django_capture_on_commit_callbacks(execute=True):
        submission_state_change(submission_id=published_alesund.pk, actor=secretariat, to_state=Submission.SUBMITTED,
                                reason="A figure must be corrected.")

    with default_storage.open(bulk.CSV_PATH) as stored:
        assert stored.read().decode().splitlines()[1:] == []
    assert BulkRelease.objects.get().rows == 0 and BulkRelease.objects.get().is_current


def test_files_are_built_by_the_task_when_a_submission_is_published(signed_off_alesund, eager_tasks,
                                                                   django_capture_on_commit_callbacks):
    secretariat = get_user_model().objects.get(username="secretariat")

    with django_capture_on_commit_callbacks(execute=True):
        submission_state_change(submission_id=signed_off_alesund.pk, actor=secretariat, to_state=Submission.PUBLISHED)

    release = BulkRelease.objects.get()
    assert release.is_current and release.rows == 112
    with default_storage.open(bulk.CSV_PATH) as stored:
        assert len(stored.read().decode().splitlines()) == 113


def test_stale_files_are_rebuilt_before_they_are_served(client, published_alesund):
    # A publication whose build the broker never ran: the files are older than the published data.
    bulk.published_data_changed()
    Submission.objects.filter(pk=published_alesund.pk).update(state=Submission.VERIFIED)

    assert b"alesund" not in downloaded(client, bulk.CSV_NAME)


def test_the_page_states_the_licence_and_links_the_files(client, published_alesund, settings):
    downloaded(client, bulk.PACKAGE_NAME)
    settings.OPEN_DATA_LICENCE = "CC0-1.0"

    page = client.get("/open-data/").content.decode()
    package = json.loads(downloaded(client, bulk.PACKAGE_NAME))

    assert "Creative Commons CC0 1.0" in page and "112 rows" in page
    assert f'href="/open-data/{bulk.CSV_NAME}"' in page and 'href="/open-data/datapackage.json"' in page
    assert package["licenses"][0]["name"] == "CC0-1.0"


def test_the_files_answer_a_conditional_get_and_other_sites_may_read_them(client, published_alesund):
    first = client.get(f"/open-data/{bulk.CSV_NAME}", HTTP_ORIGIN="https://example.org")
    again = client.get(f"/open-data/{bulk.CSV_NAME}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert first["Access-Control-Allow-Origin"] == "*"
    assert first["Content-Type"] == "text/csv; charset=utf-8"
    assert again.status_code == 304
