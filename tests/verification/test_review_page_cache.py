"""The review page keeps its rows rendered in the cache: every change to what a row shows appears on the next request."""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Event, Evidence, Membership, PendingUpload
from submissions.page_cache import CSRF_SLOT
from submissions.services import ValueInput, evidence_add, pending_upload_keep, value_set
from submissions.stamps import people_stamp, signed_off_stamp, submission_stamp
from verification.models import Assignment, Findings, FlagOverride, Query, QueryMessage, Review, SignOff
from verification.services import (
    assignment_create, assignment_delete, findings_set, flag_override, query_answer, query_raise, review_record,
    value_return,
)

from .workbench import signed_off


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


@pytest.mark.django_db
def test_an_assignment_removed_shows_at_once(client, login, verifier, secretariat, assigned, reported):
    assert review_page(login(verifier), assigned).count('name="selected"') == 3
    assignment_delete(submission_id=assigned.pk, verifier_id=verifier.pk, actor=secretariat)
    assert client.get(reverse("verification:review", args=[assigned.pk])).status_code == 404


@pytest.mark.django_db
def test_the_cached_page_carries_this_requests_csrf_token(login, verifier, assigned, reported):
    client = login(verifier)
    pages = [review_page(client, assigned), review_page(client, assigned)]
    for page in pages:
        assert CSRF_SLOT not in page
        assert 'id="bulk-form"' in page and 'name="csrfmiddlewaretoken" value=""' not in page


# ---- every model the submission's pages show changes the submission's stamp (submissions.stamps)

def stamp_changes(submission, change):
    before = submission_stamp(submission.pk)
    change()
    return submission_stamp(submission.pk) != before


@pytest.mark.django_db
def test_a_save_or_delete_of_anything_the_pages_show_changes_the_submissions_stamp(
        verifier, city_user, secretariat, assigned, reported):
    query = query_raise(value_id=reported[1].pk, actor=verifier, question="Which survey?")
    review_record(value_id=reported[0].pk, actor=verifier, status="verified")
    flag_override(value_id=reported[2].pk, actor=verifier, check="peers", note="Checked with the city.")
    findings_set(submission_id=assigned.pk, actor=verifier, comment="Well documented.")
    upload = SimpleUploadedFile("survey.pdf", b"%PDF-1.4 survey", content_type="application/pdf")
    upload.sha256 = "0" * 64
    evidence_add(submission_id=assigned.pk, upload=upload, actor=city_user, value_id=reported[1].pk)
    kept = SimpleUploadedFile("kept.pdf", b"%PDF-1.4 kept", content_type="application/pdf")
    kept.sha256 = "1" * 64
    pending_upload_keep(submission_id=assigned.pk, upload=kept, actor=city_user, value_id=reported[1].pk)
    instances = [
        assigned, assigned.city, reported[0], Evidence.objects.get(submission=assigned),
        PendingUpload.objects.get(submission=assigned), Event.objects.filter(submission=assigned).first(),
        Review.objects.get(value=reported[0]), Query.objects.get(pk=query.pk),
        QueryMessage.objects.filter(query=query).first(), Assignment.objects.get(submission=assigned),
        FlagOverride.objects.get(value=reported[2]), Findings.objects.get(submission=assigned),
    ]
    for instance in instances:
        assert stamp_changes(assigned, instance.save), type(instance).__name__
    for instance in reversed(instances[3:]):  # a query's messages before the query
        assert stamp_changes(assigned, instance.delete), type(instance).__name__


@pytest.mark.django_db
def test_a_sign_off_changes_the_signed_off_stamp_and_the_submissions(city, city_user, verifier, secretariat):
    before = signed_off_stamp()
    submission = signed_off(city=city, year=2019, actor=city_user, verifier=verifier, secretariat=secretariat,
                            base=40, only=["EC: ICT: ICT: 1C"])
    assert signed_off_stamp() != before
    assert stamp_changes(submission, SignOff.objects.get(submission=submission).save)
    before = signed_off_stamp()
    submission.save()
    assert signed_off_stamp() != before


@pytest.mark.django_db
def test_a_change_of_anyones_rights_changes_the_people_stamp(city, city_user, verifier, assigned):
    changes = [
        lambda: Membership.objects.get(user=city_user, city=city).save(),
        lambda: verifier.groups.clear(),
        lambda: Assignment.objects.get(submission=assigned).save(),
        lambda: city_user.save(),
    ]
    for change in changes:
        before = people_stamp()
        change()
        assert people_stamp() != before
    before = people_stamp()
    city_user.save(update_fields=["last_login"])  # signing in changes nobody's rights
    assert people_stamp() == before
