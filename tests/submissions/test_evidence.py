"""Evidence: uploads checked by their content, stored under a generated name, downloaded through a checked view."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Evidence, Value

from .conftest import (
    category_post, docx_bytes, entry_url, pdf_bytes, png_bytes, value_of, xlsx_bytes, zip_bytes,
)


def upload(client, submission, name, content, content_type="application/octet-stream", value=None):
    data = {"files": SimpleUploadedFile(name, content, content_type=content_type)}
    if value is not None:
        data["value"] = value.pk
    return client.post(reverse("submissions:evidence", args=[submission.pk]), data)


@pytest.mark.django_db
@pytest.mark.parametrize("name, content, expected_type, shown_name", [
    ("survey.pdf", pdf_bytes(), "application/pdf", "survey.pdf"),
    ("plan.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "plan.docx"),
    ("figures.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "figures.xlsx"),
    ("map.png", png_bytes(), "image/png", "map.png"),
    ("counts.csv", b"year,count\n2019,12\n", "text/csv", "counts.csv"),
    ("notes.txt", "Ålesund kommune, målt 2019\n".encode(), "text/plain", "notes.txt"),
    ("scan", pdf_bytes(), "application/pdf", "scan.pdf"),
    ("photo.jpg", png_bytes(), "image/png", "photo.jpg.png"),
])
def test_allowed_files_are_stored_with_the_type_found_in_their_content(
        login, city_user, submission, name, content, expected_type, shown_name):
    response = upload(login(city_user), submission, name, content, content_type="text/html")
    assert response.status_code == 302
    evidence = Evidence.objects.get(submission=submission)
    assert (evidence.original_name, evidence.content_type, evidence.size) == (shown_name, expected_type, len(content))
    stored = Path(evidence.file.path)
    assert stored.read_bytes() == content
    assert name not in stored.name and stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT))


@pytest.mark.django_db
@pytest.mark.parametrize("name, content, message", [
    ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "is not a file type we accept"),
    ("report.pdf", b"\n  <html><body>hi</body></html>", "is not a file type we accept"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "is not a file type we accept"),
    ("logo.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "is not a file type we accept"),
    ("empty.pdf", b"", "is empty"),
    ("archive.docx", zip_bytes(), "is not a file type we accept"),
    ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100, "is not a file type we accept"),
])
def test_files_that_are_not_what_we_accept_are_refused_with_a_clear_message(
        login, city_user, submission, name, content, message):
    response = upload(login(city_user), submission, name, content, content_type="application/pdf")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(login, city_user, submission, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    response = upload(login(city_user), submission, "big.pdf", pdf_bytes() + b"x" * 200)
    assert response.status_code == 400
    assert "the limit is 100" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_the_size_limit_defaults_to_20_mb():
    assert settings.EVIDENCE_MAX_BYTES == 20 * 1024 * 1024


@pytest.mark.django_db
def test_a_path_traversal_name_keeps_only_a_sanitised_display_name(login, city_user, submission):
    response = upload(login(city_user), submission, "../../etc/passwd\r\n.pdf", pdf_bytes())
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert "/" not in evidence.original_name and ".." not in evidence.original_name.split(".")[0]
    assert "\r" not in evidence.original_name and "\n" not in evidence.original_name
    assert evidence.original_name.endswith(".pdf")
    assert Path(evidence.file.path).parent == Path(settings.MEDIA_ROOT) / "evidence" / str(submission.pk)


@pytest.mark.django_db
def test_several_files_for_one_value_are_uploaded_at_once(login, city_user, submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    client = login(city_user)
    response = client.post(reverse("submissions:evidence", args=[submission.pk]), {
        "value": value.pk,
        "files": [SimpleUploadedFile("a.pdf", pdf_bytes()), SimpleUploadedFile("b.png", png_bytes())],
    })
    assert response.status_code == 302
    assert sorted(value.evidence.values_list("original_name", flat=True)) == ["a.pdf", "b.png"]


@pytest.mark.django_db
def test_evidence_attached_on_the_entry_form_is_saved_with_the_value(login, city_user, submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    category = value.data_point.kpi.category
    data = category_post(submission, category, {value.pk: {"value": "96"}})
    data[f"v{value.pk}-evidence"] = [SimpleUploadedFile("survey.pdf", pdf_bytes())]
    response = login(city_user).post(entry_url(submission, category), data)
    assert response.status_code == 302
    assert Value.objects.get(pk=value.pk).number == 96
    assert value.evidence.get().original_name == "survey.pdf"


@pytest.mark.django_db
def test_a_bad_file_on_the_entry_form_is_refused_beside_its_field_and_keeps_what_was_typed(login, city_user, submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    category = value.data_point.kpi.category
    data = category_post(submission, category, {value.pk: {"value": "96", "note": "Household survey"}})
    data[f"v{value.pk}-evidence"] = [SimpleUploadedFile("survey.pdf", b"<html>not a pdf</html>")]
    response = login(city_user).post(entry_url(submission, category), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="error_1_id_v{value.pk}-evidence"' in html and "survey.pdf is not a file type we accept" in html
    assert f'name="v{value.pk}-value" value="96"' in html and "Household survey" in html
    assert Value.objects.get(pk=value.pk).number is None and not Evidence.objects.exists()


@pytest.mark.django_db
def test_download_is_an_attachment_with_a_server_chosen_type_and_nosniff(login, city_user, submission):
    client = login(city_user)
    upload(client, submission, "page.txt", b"Counts 2019: <b>12</b>\n", content_type="text/html")
    evidence = Evidence.objects.get()
    response = client.get(reverse("submissions:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment;") and "page.txt" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"Counts 2019: <b>12</b>\n"


@pytest.mark.django_db
def test_removing_evidence_deletes_the_record_and_the_file(login, city_user, submission, django_capture_on_commit_callbacks):
    client = login(city_user)
    upload(client, submission, "survey.pdf", pdf_bytes())
    evidence = Evidence.objects.get()
    path = Path(evidence.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submissions:evidence_remove", args=[evidence.pk]))
    assert response.status_code == 302
    assert not Evidence.objects.exists() and not path.exists()


@pytest.mark.django_db
def test_a_spreadsheet_that_would_expand_far_beyond_its_size_is_refused_unexpanded(login, city_user, submission):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", bytes(20 * 1024 * 1024))
    response = upload(login(city_user), submission, "figures.xlsx", buffer.getvalue())
    assert response.status_code == 400
    assert "is not a file type we accept" in response.content.decode()
    assert not Evidence.objects.exists()
