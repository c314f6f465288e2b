"""An evidence file chosen in a save that failed is kept on the server and shown as attached, so nobody
chooses it again; the save that succeeds attaches it; only its owner can claim it."""
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from submissions.models import Evidence, PendingUpload, Value

from .conftest import category_post, entry_url, pdf_bytes, png_bytes, value_of


def kept_token(html, value):
    match = re.search(rf'<input type="hidden" name="v{value.pk}-pending" value="([^"]+)">', html)
    return match.group(1) if match else None


def failed_with_a_file(client, submission, value):
    """Post the category with a bad value and a good PDF for it; the page that comes back."""
    category = value.data_point.kpi.category
    data = category_post(submission, category, {value.pk: {"value": "-3", "note": "Household survey"}})
    data[f"v{value.pk}-evidence"] = [SimpleUploadedFile("survey.pdf", pdf_bytes())]
    response = client.post(entry_url(submission, category), data)
    assert response.status_code == 400
    return response.content.decode()


@pytest.mark.django_db
def test_a_file_chosen_in_a_failed_save_is_kept_shown_and_attached_by_the_next_save(login, city_user, submission):
    client = login(city_user)
    value = value_of(submission, "EC: ICT: ICT: 1C")
    html = failed_with_a_file(client, submission, value)
    assert "Attached: <strong>survey.pdf</strong>" in html and "remove survey.pdf" in html
    token = kept_token(html, value)
    kept = PendingUpload.objects.get(token=token)
    assert (kept.owner, kept.submission, kept.value_id, kept.content_type) == (city_user, submission, value.pk,
                                                                               "application/pdf")
    assert kept.file.read() == pdf_bytes() and kept.expires_at > timezone.now()
    assert not Evidence.objects.exists()

    # Corrected, saved again without choosing the file: it is attached to the value.
    category = value.data_point.kpi.category
    data = category_post(submission, category, {value.pk: {"value": "96"}})
    data[f"v{value.pk}-pending"] = token
    response = client.post(entry_url(submission, category), data)
    assert response.status_code == 302
    assert Value.objects.get(pk=value.pk).number == 96
    evidence = value.evidence.get()
    assert (evidence.original_name, evidence.content_type, evidence.file.read()) == ("survey.pdf", "application/pdf",
                                                                                    pdf_bytes())
    assert not PendingUpload.objects.exists()


@pytest.mark.django_db
def test_a_kept_file_the_person_removes_is_not_attached(login, city_user, submission):
    client = login(city_user)
    value = value_of(submission, "EC: ICT: ICT: 1C")
    token = kept_token(failed_with_a_file(client, submission, value), value)
    category = value.data_point.kpi.category
    data = category_post(submission, category, {value.pk: {"value": "96"}})
    data.update({f"v{value.pk}-pending": token, f"v{value.pk}-pending_remove": token})
    assert client.post(entry_url(submission, category), data).status_code == 302
    assert not Evidence.objects.exists() and not PendingUpload.objects.exists()


@pytest.mark.django_db
def test_someone_else_cannot_claim_a_kept_file_by_its_token(login, client, city_user, make_user, submission):
    from submissions import roles

    value = value_of(submission, "EC: ICT: ICT: 1C")
    token = kept_token(failed_with_a_file(login(city_user), submission, value), value)
    colleague = make_user("colleague", roles.CITY_STAFF, city=submission.city)
    client.logout()
    category = value.data_point.kpi.category
    data = category_post(submission, category, {value.pk: {"value": "96"}})
    data[f"v{value.pk}-pending"] = token
    assert login(colleague).post(entry_url(submission, category), data).status_code == 302
    assert not Evidence.objects.exists(), "the token is its owner's alone"
    assert PendingUpload.objects.filter(token=token).exists()


@pytest.mark.django_db
def test_an_expired_kept_file_is_not_attached(login, city_user, submission):
    client = login(city_user)
    value = value_of(submission, "EC: ICT: ICT: 1C")
    token = kept_token(failed_with_a_file(client, submission, value), value)
    PendingUpload.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    category = value.data_point.kpi.category
    data = category_post(submission, category, {value.pk: {"value": "96"}})
    data[f"v{value.pk}-pending"] = token
    assert client.post(entry_url(submission, category), data).status_code == 302
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_the_value_page_keeps_the_file_of_a_failed_save_too(login, city_user, submission):
    client = login(city_user)
    value = value_of(submission, "EC: ICT: ICT: 1C")
    url = reverse("submissions:value_edit", args=[value.pk])
    response = client.post(url, {f"v{value.pk}-version": value.version, f"v{value.pk}-value": "140",
                                 f"v{value.pk}-evidence": SimpleUploadedFile("survey.pdf", pdf_bytes())})
    assert response.status_code == 400
    token = kept_token(response.content.decode(), value)
    assert token
    response = client.post(url, {f"v{value.pk}-version": value.version, f"v{value.pk}-value": "40",
                                 f"v{value.pk}-pending": token})
    assert response.status_code == 302
    assert value.evidence.get().original_name == "survey.pdf"


# ---- the evidence page: the person chooses again what the file is for; the save attaches it to that

def evidence_url(submission):
    return reverse("submissions:evidence", args=[submission.pk])


def evidence_token(html):
    match = re.search(r'<input type="hidden" name="pending" value="([^"]+)">', html)
    return match.group(1) if match else None


@pytest.mark.django_db
def test_the_evidence_page_keeps_the_file_of_a_failed_upload_and_attaches_it_where_the_next_save_says(
        login, city_user, submission):
    client = login(city_user)
    value = value_of(submission, "EC: ICT: ICT: 1C")
    response = client.post(evidence_url(submission), {
        "value": "999999999",  # not a choice of this page
        "files": [SimpleUploadedFile("survey.pdf", pdf_bytes()), SimpleUploadedFile("page.pdf", b"<html></html>")],
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice" in html and "is not a file type we accept" in html
    assert "Attached: <strong>survey.pdf</strong>" in html and "remove survey.pdf" in html
    assert "page.pdf</strong>" not in html, "a refused file is not kept"
    token = evidence_token(html)
    assert PendingUpload.objects.get().token == token and not Evidence.objects.exists()

    # Saved again without choosing the file, for a data point chosen now.
    response = client.post(evidence_url(submission), {"value": value.pk, "pending": token})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.value_id, evidence.original_name, evidence.file.read()) == (value.pk, "survey.pdf", pdf_bytes())
    assert not PendingUpload.objects.exists()


@pytest.mark.django_db
def test_the_evidence_page_attaches_a_kept_file_to_the_whole_submission_when_chosen_then(login, city_user, submission):
    client = login(city_user)
    response = client.post(evidence_url(submission), {"value": "999999999",
                                                      "files": SimpleUploadedFile("survey.pdf", pdf_bytes())})
    token = evidence_token(response.content.decode())
    response = client.post(evidence_url(submission), {"value": "", "pending": token,
                                                      "files": SimpleUploadedFile("map.png", png_bytes())})
    assert response.status_code == 302
    assert sorted(Evidence.objects.filter(submission=submission, value=None).values_list("original_name", flat=True)) == [
        "map.png", "survey.pdf"]


@pytest.mark.django_db
def test_a_kept_file_removed_on_the_evidence_page_goes_and_a_file_must_be_chosen_again(login, city_user, submission):
    client = login(city_user)
    response = client.post(evidence_url(submission), {"value": "999999999",
                                                      "files": SimpleUploadedFile("survey.pdf", pdf_bytes())})
    token = evidence_token(response.content.decode())
    response = client.post(evidence_url(submission), {"value": "", "pending": token, "pending_remove": token})
    assert response.status_code == 400 and "Choose one or more files." in response.content.decode()
    assert not PendingUpload.objects.exists() and not Evidence.objects.exists()


@pytest.mark.django_db
def test_someone_else_cannot_claim_a_file_kept_on_the_evidence_page(login, client, city_user, make_user, submission):
    from submissions import roles

    response = login(city_user).post(evidence_url(submission), {
        "value": "999999999", "files": SimpleUploadedFile("survey.pdf", pdf_bytes())})
    token = evidence_token(response.content.decode())
    colleague = make_user("colleague", roles.CITY_STAFF, city=submission.city)
    client.logout()
    response = login(colleague).post(evidence_url(submission), {"value": "", "pending": token})
    assert response.status_code == 400 and "Choose one or more files." in response.content.decode()
    assert "survey.pdf" not in response.content.decode()
    assert not Evidence.objects.exists() and PendingUpload.objects.filter(token=token, owner=city_user).exists()
