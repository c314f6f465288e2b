"""Backup and restore: a backup restored into a fresh PostgreSQL database and an empty store gives back
every row (values, their history, reviews, report versions…) and every stored file, byte for byte."""
import json
import os
import subprocess
import sys
import uuid
from decimal import Decimal

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from reports.models import ReportRequest, ReportVersion
from reports.services import report_claim, report_render
from submissions.evidence import check_upload
from submissions.models import Evidence, Value
from submissions.services import ValueInput, evidence_add, value_set
from tests.conftest import ROOT, require_service
from tests.submissions.test_permissions import pdf_bytes


def postgres():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        require_service("DATABASE_URL (PostgreSQL)")
    return db


def connect(db, name):
    return psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                           password=db["PASSWORD"] or None, dbname=name, autocommit=True)


def every_row(db, name):
    """Each table's rows, in a stable order: what the database holds, as text."""
    with connect(db, name) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        return {table: conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall() for table in tables}


@pytest.fixture
def fresh_database():
    db = postgres()
    name = f"u4_restore_{uuid.uuid4().hex[:10]}"
    with connect(db, "postgres") as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connect(db, "postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_gives_back_every_row_and_file(
        catalogue_committed, alesund, other_submission, other_city_user, tmp_path, fresh_database):
    submission, city_user = other_submission, other_city_user
    db = postgres()
    value = Value.objects.filter(submission=submission).in_catalogue_order().first()
    for number in ("12.5", "13.25"):
        value = value_set(value_id=value.pk, actor=city_user, data=ValueInput(number=Decimal(number), source="Survey"))
    evidence = evidence_add(submission_id=submission.pk, upload=check_upload(SimpleUploadedFile("survey.pdf", pdf_bytes())),
                            actor=city_user)
    request = ReportRequest.objects.create(submission=alesund)
    assert report_claim(request_id=request.pk)
    report_render(request_id=request.pk)
    version = ReportVersion.objects.get(submission=alesund)

    backup = tmp_path / "backup"
    call_command("backup", "--output", str(backup), stdout=open(os.devnull, "w"))
    manifest_names = {entry["name"] for entry in json.loads((backup / "manifest.json").read_text())["files"]}
    assert manifest_names == {evidence.file.name, version.pdf.name}

    restored_media = tmp_path / "restored-media"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "u4ssc_site.settings", "MEDIA_ROOT": str(restored_media),
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{fresh_database}"}
    result = subprocess.run([sys.executable, "manage.py", "restore", str(backup)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Restored the database and 2 file(s)" in result.stdout

    original, restored = every_row(db, connection.settings_dict["NAME"]), every_row(db, fresh_database)
    assert restored == original
    assert len(original["submissions_historicalvalue"]) >= 2 and original["reports_reportversion"]
    for stored in (evidence.file, version.pdf):
        assert (restored_media / stored.name).read_bytes() == (settings.MEDIA_ROOT / stored.name).read_bytes()
    assert Evidence.objects.get(pk=evidence.pk).sha256 == evidence.sha256


@pytest.mark.django_db(transaction=True)
def test_a_backup_whose_file_was_altered_is_refused_and_nothing_is_restored(catalogue_committed, submission, city_user,
                                                                            tmp_path):
    postgres()
    evidence = evidence_add(submission_id=submission.pk, upload=check_upload(SimpleUploadedFile("survey.pdf", pdf_bytes())),
                            actor=city_user)
    backup = tmp_path / "backup"
    call_command("backup", "--output", str(backup), stdout=open(os.devnull, "w"))
    (backup / "files" / evidence.file.name).write_bytes(b"%PDF-1.4 altered")
    Evidence.objects.all().delete()
    with pytest.raises(CommandError, match="does not have the SHA-256"):
        call_command("restore", str(backup))
    assert not Evidence.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_goes_into_an_empty_folder_only(catalogue_committed, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "notes.txt").write_text("kept")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", "--output", str(tmp_path / "old"))
    assert [path.name for path in (tmp_path / "old").iterdir()] == ["notes.txt"]


@pytest.mark.django_db(transaction=True)
def test_a_site_that_stored_no_file_yet_backs_up_its_database(catalogue_committed, tmp_path, settings):
    postgres()
    assert not settings.MEDIA_ROOT.exists()
    call_command("backup", "--output", str(tmp_path / "backup"), stdout=open(os.devnull, "w"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["files"] == [] and (tmp_path / "backup" / "database.dump").stat().st_size > 0
