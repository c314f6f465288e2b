"""Hostile evidence uploads are refused with a clear message and leave nothing behind;
every evidence download is an attachment of a type the server chose, never sniffed."""
import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kpis.selectors import edition_current
from submissions.models import Evidence
from submissions.services import city_create, submission_create
from submissions import roles

from .site_urls import PDF, world_build

NOT_ACCEPTED = "is not a file type we accept"
OOXML_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def zip_bomb(member, expanded_bytes, others=()):
    """A small zip whose one member expands to `expanded_bytes` of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in others:
            archive.writestr(name, content)
        with archive.open(member, "w", force_zip64=True) as stream:
            chunk = bytes(1024 * 1024)
            for _ in range(expanded_bytes // len(chunk)):
                stream.write(chunk)
    return buffer.getvalue()


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", OOXML_TYPES)
        archive.writestr("word/document.xml", b"<w:document/>")
    return buffer.getvalue()


def files_under(folder):
    folder = Path(folder)
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


@pytest.fixture
def draft(make_user):
    city = city_create(slug="alesund", name="Ålesund", country="Norway")
    person = make_user("city", roles.CITY_STAFF, city=city)
    return submission_create(city=city, year=2021, edition=edition_current(), actor=person), person


# name, content (built when the test runs), the message the person sees
HOSTILE = {
    "an HTML page renamed .pdf": (
        "annual-report.pdf", lambda: b"<!DOCTYPE html>\n<html><body><script>fetch('/admin/')</script></body></html>",
        NOT_ACCEPTED),
    "an SVG with a script": (
        "chart.svg", lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
                             b"<script>alert(document.cookie)</script></svg>", NOT_ACCEPTED),
    "an SVG with a script, named .png": (
        "chart.png", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', NOT_ACCEPTED),
    "a zip bomb-sized file": ("census.pdf", lambda: PDF + bytes(20 * 1024 * 1024), "the limit is 20,971,520 bytes (20.0\u00a0MB)"),
    "a zip bomb dressed as a spreadsheet": (
        "figures.xlsx",
        lambda: zip_bomb("xl/workbook.xml", BOMB_BYTES, [("[Content_Types].xml", OOXML_TYPES)]), NOT_ACCEPTED),
    "a zip bomb dressed as an OpenDocument file": (
        "figures.ods", lambda: zip_bomb("mimetype", BOMB_BYTES), NOT_ACCEPTED),
    "an empty file": ("survey.pdf", lambda: b"", "is empty"),
}
BOMB_BYTES = 200 * 1024 * 1024
# Checking a bomb must not expand it: far less memory than the bomb holds.
CHECK_MEMORY_LIMIT = 32 * 1024 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_upload_is_refused_with_a_clear_message_and_nothing_is_stored(client, draft, case):
    submission, person = draft
    name, content, message = HOSTILE[case]
    upload = SimpleUploadedFile(name, content(), content_type="application/pdf")
    client.force_login(person)
    tracemalloc.start()
    try:
        response = client.post(reverse("submissions:evidence", args=[submission.pk]), {"files": upload})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "invalid-feedback" in page or "alert-danger" in page, "the message is shown as an error"
    assert not Evidence.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []
    if "zip bomb dressed" in case:
        assert peak < CHECK_MEMORY_LIMIT, f"checking the upload took {peak // 2**20} MiB: the bomb was expanded"


@pytest.mark.django_db
def test_a_hostile_file_attached_on_the_entry_form_is_refused_too(client, draft):
    submission, person = draft
    value = submission.values.select_related("data_point__kpi").order_by("pk").first()
    client.force_login(person)
    url = reverse("submissions:entry", args=[submission.pk, value.data_point.kpi.category_id])
    page = client.get(url).content.decode()
    field = next(name for name in _file_inputs(page) if f"{value.pk}" in name)
    response = client.post(url, {**_form_fields(page), field: SimpleUploadedFile(
        "minutes.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")})
    assert response.status_code == 400
    assert NOT_ACCEPTED in response.content.decode()
    assert not Evidence.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_a_path_traversal_name_writes_nothing_outside_the_evidence_folder(client, draft, tmp_path):
    submission, person = draft
    client.force_login(person)
    client.post(reverse("submissions:evidence", args=[submission.pk]),
                {"files": SimpleUploadedFile("../../../u4ssc_site/settings.pdf", PDF, content_type="application/pdf")})
    for evidence in Evidence.objects.all():
        assert "/" not in evidence.original_name and "\\" not in evidence.original_name
        assert Path(evidence.file.path).parent == Path(settings.MEDIA_ROOT) / "evidence" / str(submission.pk)
    assert all(path.startswith(f"evidence/{submission.pk}/") for path in files_under(settings.MEDIA_ROOT))
    assert not (Path(settings.MEDIA_ROOT).parent / "u4ssc_site").exists()


def _file_inputs(page):
    import re

    return re.findall(r'<input[^>]*type="file"[^>]*name="([^"]+)"', page) + \
        re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="file"', page)


def _form_fields(page):
    """The hidden and filled-in fields of the entry form as the browser would send them."""
    import re

    fields = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if name and (not kind or kind.group(1) not in ("file", "checkbox", "submit")):
            value = re.search(r'value="([^"]*)"', tag)
            fields[name.group(1)] = value.group(1) if value else ""
    fields.pop("csrfmiddlewaretoken", None)
    return fields


UPLOADS = [
    ("survey.pdf", PDF, "application/pdf"),
    ("map.png", png(), "image/png"),
    ("plan.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("counts.csv", b"year,count\n2019,12\n", "text/csv"),
    ("notes.txt", b"Measured by the harbour office.\n", "text/plain"),
]


@pytest.mark.django_db
def test_every_evidence_download_is_an_attachment_of_the_servers_type_with_nosniff(client, make_user):
    world = world_build(make_user)
    from submissions.evidence import check_upload
    from submissions.services import evidence_add

    for name, content, _ in UPLOADS:
        # The browser claims HTML for each: the server decides by content.
        upload = check_upload(SimpleUploadedFile(name, content, content_type="text/html"))
        evidence_add(submission_id=world.submission.pk, upload=upload, actor=world.people["secretariat"])
    expected = {name: content_type for name, _, content_type in UPLOADS}
    expected.update({"survey.pdf": "application/pdf", "spare.pdf": "application/pdf", "photo.png": "image/png"})
    for actor in ("city", "verifier", "secretariat"):
        client.force_login(world.people[actor])
        for evidence in Evidence.objects.all():
            response = client.get(reverse("submissions:evidence_download", args=[evidence.pk]))
            where = f"{actor} {evidence.original_name}"
            assert response.status_code == 200, where
            assert response["Content-Disposition"].startswith("attachment;"), where
            assert evidence.original_name in response["Content-Disposition"], where
            assert response["X-Content-Type-Options"] == "nosniff", where
            assert response["Content-Type"].split(";")[0] == expected[evidence.original_name], where
            assert b"".join(response.streaming_content) == Path(evidence.file.path).read_bytes(), where
