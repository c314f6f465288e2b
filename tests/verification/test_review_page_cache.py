"""The review page keeps its rows rendered in the cache: every change to what a row shows appears on the next request."""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.services import ValueInput, evidence_add, value_set
from verification.services import assignment_create, query_answer, query_raise, review_record, value_return


def review_page(client, submission, **headers):
    response = client.get(reverse("verification:review", args=[submission.pk]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def row_of(page, value):
    start = page.index(f'id="value-{value.pk}"')
    return page[start:page.index("</tr>", start)]


@pytest.mark.django_db
def test_the_page_is_the_same_from_the_cache(login, verifier, assigned, reported):
    client = login(verifier)
    first = review_page(client, assigned)
    rows = first[first.index('id="review-live"'):first.index('<dialog id="preview-dialog"')]
    assert rows.count('data-value-row=') == len(assigned.values.all())
    assert rows in review_page(client, assigned)
    assert 'data-progress="pending">3<' in first and first.count('name="selected"') == 3


@pytest.mark.django_db
def test_a_verdict_given_shows_at_once(login, verifier, assigned, reported):
    client = login(verifier)
    assert "rv-pending" in row_of(review_page(client, assigned), reported[0])
    review_record(value_id=reported[0].pk, actor=verifier, status="not_verified", reason="The survey is from 2015.")
    page = review_page(client, assigned)
    assert "rv-not_verified" in row_of(page, reported[0]) and "The survey is from 2015." in row_of(page, reported[0])
    assert 'data-progress="not_verified">1<' in page and 'data-progress="pending">2<' in page


@pytest.mark.django_db
def test_a_value_corrected_by_the_city_shows_at_once(login, client, verifier, city_user, assigned, reported):
    value = reported[0]
    value_return(value_id=value.pk, actor=verifier, message="Check the survey year.")
    verifier_client = login(verifier)
    assert "41 %" in row_of(review_page(verifier_client, assigned), value)
    value_set(value_id=value.pk, actor=city_user, reason="The 2021 survey.",
              data=ValueInput(number=Decimal(38), source=value.source, data_quality=value.data_quality))
    row = row_of(review_page(verifier_client, assigned), value)
    assert "<b>38 %</b>" in row and "Corrected: <del>41 %</del> → <ins>38 %</ins>" in row


@pytest.mark.django_db
def test_a_query_opened_then_answered_shows_at_once(login, verifier, city_user, assigned, reported):
    client = login(verifier)
    assert "Query:" not in row_of(review_page(client, assigned), reported[1])
    query = query_raise(value_id=reported[1].pk, actor=verifier, question="Which survey?")
    assert "Query: open (1)" in row_of(review_page(client, assigned), reported[1])
    query_answer(query_id=query.pk, actor=city_user, body="The 2021 household survey.")
    assert "Query: answered (2)" in row_of(review_page(client, assigned), reported[1])


@pytest.mark.django_db
def test_evidence_added_shows_at_once(login, verifier, city_user, assigned, reported):
    client = login(verifier)
    query_raise(value_id=reported[2].pk, actor=verifier, question="Which survey?")  # the city may add evidence
    assert "Evidence (1)" not in row_of(review_page(client, assigned), reported[2])
    upload = SimpleUploadedFile("survey.pdf", b"%PDF-1.4 survey", content_type="application/pdf")
    upload.sha256 = "0" * 64  # what submissions.evidence.check_upload adds
    evidence_add(submission_id=assigned.pk, upload=upload, actor=city_user, value_id=reported[2].pk)
    assert "Evidence (1)" in row_of(review_page(client, assigned), reported[2])


@pytest.mark.django_db
def test_a_catalogue_name_changed_shows_at_once(login, verifier, assigned, reported):
    client = login(verifier)
    category = reported[0].data_point.kpi.category
    assert f">{category.name}</h3>" in review_page(client, assigned)
    category.name = "Connected households"
    category.save()
    data_point = reported[0].data_point
    data_point.name = "Homes online"
    data_point.save()
    page = review_page(client, assigned)
    assert ">Connected households</h3>" in page and "Homes online" in row_of(page, reported[0])


@pytest.mark.django_db
def test_the_language_switched_shows_at_once(login, verifier, assigned, reported):
    client = login(verifier)
    assert "Household Internet Access" in row_of(review_page(client, assigned), reported[0])
    row = row_of(review_page(client, assigned, HTTP_ACCEPT_LANGUAGE="fr"), reported[0])
    assert "Accès des ménages à l&#x27;Internet" in row and "Household Internet Access" not in row
    assert "Household Internet Access" in row_of(review_page(client, assigned, HTTP_ACCEPT_LANGUAGE="en"), reported[0])


@pytest.mark.django_db
def test_what_the_viewer_may_do_is_not_shared_through_the_cache(client, login, verifier, secretariat, assigned, reported):
    assert review_page(login(verifier), assigned).count('name="selected"') == 3
    client.logout()
    page = review_page(login(secretariat), assigned)
    assert 'name="selected"' not in page and "data-open" not in page


@pytest.mark.django_db
def test_an_assignment_lets_a_second_verifier_review_the_same_rows(client, login, verifier, other_verifier, secretariat,
                                                                   assigned, reported):
    review_page(login(verifier), assigned)
    assignment_create(submission_id=assigned.pk, verifier_id=other_verifier.pk, actor=secretariat)
    client.logout()
    assert review_page(login(other_verifier), assigned).count('name="selected"') == 3
