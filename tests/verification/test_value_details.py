"""A review row's evidence and history, fetched when its disclosure opens: for those who may see the reviews only."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.services import evidence_add
from verification.services import query_raise, review_record


@pytest.fixture
def evidenced(assigned, reported, city_user, verifier):
    query_raise(value_id=reported[0].pk, actor=verifier, question="Which survey?")  # the city may add evidence
    upload = SimpleUploadedFile("survey.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    upload.sha256 = "0" * 64  # what submissions.evidence.check_upload adds
    evidence_add(submission_id=assigned.pk, upload=upload, actor=city_user, value_id=reported[0].pk)
    review_record(value_id=reported[0].pk, actor=verifier, status="not_verified", reason="The survey is from 2015.")
    return reported[0]


def details(client, value):
    return client.get(reverse("verification:value_details", args=[value.pk]))


@pytest.mark.django_db
def test_the_assigned_verifier_gets_the_rows_evidence_and_history(login, verifier, evidenced):
    response = details(login(verifier), evidenced)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Evidence (1):" in page and "survey.png" in page and 'data-preview="survey.png"' in page
    assert "The survey is from 2015." in page and "Reviewed" in page
    assert reverse("verification:value_history", args=[evidenced.pk]) in page


@pytest.mark.django_db
def test_the_review_row_counts_the_evidence_and_links_to_the_history_page(login, verifier, assigned, evidenced):
    page = login(verifier).get(reverse("verification:review", args=[assigned.pk])).content.decode()
    row = page[page.index(f'id="value-{evidenced.pk}"'):]
    row = row[:row.index("</tr>")]
    history = reverse("verification:value_history", args=[evidenced.pk])
    assert f'<a href="{history}">Evidence (1):</a>' in row
    assert "survey.png" not in row  # the list itself is fetched when the row's panel opens
    assert f'data-details-url="{reverse("verification:value_details", args=[0])}"' in page  # the script's address
    opened = login(verifier).get(reverse("verification:review", args=[assigned.pk]) + f"?open={evidenced.pk}")
    assert f'<div class="small" data-details><a href="{history}" data-fill="history">' in opened.content.decode()


@pytest.mark.django_db
def test_the_value_history_page_lists_the_evidence_for_a_browser_without_the_script(login, verifier, evidenced):
    page = login(verifier).get(reverse("verification:value_history", args=[evidenced.pk])).content.decode()
    assert "survey.png" in page


@pytest.mark.django_db
def test_a_stranger_is_sent_to_sign_in(client, evidenced):
    response = details(client, evidenced)
    assert response.status_code == 302 and "survey.png" not in response.content.decode()


@pytest.mark.django_db
def test_city_staff_of_another_city_get_a_404(login, other_city_user, evidenced):
    assert details(login(other_city_user), evidenced).status_code == 404


@pytest.mark.django_db
def test_the_citys_own_staff_and_an_unassigned_verifier_may_not_see_the_review(client, login, city_user,
                                                                                other_verifier, evidenced):
    assert details(login(city_user), evidenced).status_code == 403
    client.logout()
    assert details(login(other_verifier), evidenced).status_code == 404
