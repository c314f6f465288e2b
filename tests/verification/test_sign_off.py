"""Sign-off: only when everything reported is reviewed and no query is open; then locked."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from submissions.models import Event, Submission
from verification.models import Review, SignOff
from verification.services import query_answer, query_raise, review_bulk_verify, review_record

BACKGROUND = {
    "verifier_name": "Jonas Smith",
    "certification": "Certified U4SSC Key Performance Indicators for Smart Sustainable Cities Verifier",
    "verified_on": "2022-03-15",
    "activities": "collecting and reviewing KPI data\ninterviewing city stakeholders",
    "assurance_level": "reasonable",
    "limitations": "The site visit was held online.",
}


def verify_all(submission, verifier, values):
    review_bulk_verify(submission_id=submission.pk, actor=verifier, items=[(v.pk, v.version) for v in values])


@pytest.mark.django_db
def test_sign_off_is_refused_while_a_data_point_is_pending(login, verifier, assigned, reported):
    review_record(value_id=reported[0].pk, actor=verifier, status="verified")
    client = login(verifier)
    page = client.get(reverse("verification:sign_off", args=[assigned.pk])).content.decode()
    assert "2 reported data points still pending review." in page
    response = client.post(reverse("verification:sign_off", args=[assigned.pk]), BACKGROUND)
    assert response.status_code == 400
    assert "2 reported data points still pending review." in response.content.decode()
    assert 'value="The site visit was held online."' in response.content.decode() or \
        "The site visit was held online.</textarea>" in response.content.decode()
    assert Submission.objects.get(pk=assigned.pk).state == Submission.SUBMITTED


@pytest.mark.django_db
def test_sign_off_is_refused_while_a_query_is_open_or_answered(login, verifier, city_user, assigned, reported):
    verify_all(assigned, verifier, reported)
    query = query_raise(value_id=reported[0].pk, actor=verifier, question="Source?")
    query_answer(query_id=query.pk, actor=city_user, body="The census.")
    review_record(value_id=reported[0].pk, actor=verifier, status="verified")  # closes the thread
    query_raise(value_id=reported[1].pk, actor=verifier, question="Year?")
    response = login(verifier).post(reverse("verification:sign_off", args=[assigned.pk]), BACKGROUND)
    assert "1 query thread still open." in response.content.decode()
    assert not SignOff.objects.exists()


@pytest.mark.django_db
def test_signing_off_stores_the_background_and_the_targets_and_locks_the_submission(
        login, verifier, assigned, reported):
    verify_all(assigned, verifier, reported[:2])
    review_record(value_id=reported[2].pk, actor=verifier, status="not_verified", reason="No evidence.")
    client = login(verifier)
    response = client.post(reverse("verification:sign_off", args=[assigned.pk]), BACKGROUND, follow=True)
    assert f"{assigned} is verified and signed off." in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.state == Submission.VERIFIED
    sign_off = assigned.sign_off
    assert (sign_off.verifier, sign_off.verified_on, sign_off.assurance_level) == (
        verifier, datetime.date(2022, 3, 15), SignOff.REASONABLE)
    scored = reported[0].__class__.objects.get(pk=reported[0].pk)
    assert sign_off.targets_snapshot[str(scored.data_point_id)] == {
        "target": str(scored.scored_target), "direction": scored.scored_direction}
    assert len(sign_off.targets_snapshot) == 112
    event = Event.objects.get(submission=assigned, action="signed_off")
    assert (event.actor, event.from_state, event.to_state) == (verifier, "submitted", "verified")
    # Locked: no more verdicts, the review page offers no actions.
    refused = client.post(reverse("verification:value_review", args=[reported[2].pk]),
                          {"action": "verified", "version": reported[2].version, "review_version": 1})
    assert refused.status_code == 409
    assert Review.objects.get(value=reported[2]).status == Review.NOT_VERIFIED
    assert 'data-review-form' not in client.get(reverse("verification:review", args=[assigned.pk])).content.decode()


@pytest.mark.django_db
def test_a_future_date_of_verification_is_refused(login, verifier, assigned, reported):
    verify_all(assigned, verifier, reported)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = login(verifier).post(reverse("verification:sign_off", args=[assigned.pk]),
                                    {**BACKGROUND, "verified_on": tomorrow})
    assert "The date of verification cannot be in the future." in response.content.decode()


@pytest.mark.django_db
def test_the_secretariat_reopens_with_a_reason_kept_in_the_history_and_the_verifier_signs_again(
        login, client, verifier, secretariat, assigned, reported):
    verify_all(assigned, verifier, reported)
    login(verifier).post(reverse("verification:sign_off", args=[assigned.pk]), BACKGROUND)
    client.logout()
    client = login(secretariat)
    assert client.post(reverse("verification:reopen", args=[assigned.pk]), {"reason": ""}).status_code == 400
    client.post(reverse("verification:reopen", args=[assigned.pk]), {"reason": "A figure in the report is wrong."})
    assigned.refresh_from_db()
    assert assigned.state == Submission.SUBMITTED and not SignOff.objects.filter(submission=assigned).exists()
    history = client.get(reverse("verification:history", args=[assigned.pk])).content.decode()
    assert "A figure in the report is wrong." in history and "Withdrawn" in history
    client.logout()
    page = login(verifier).get(reverse("verification:sign_off", args=[assigned.pk])).content.decode()
    assert "The site visit was held online." in page  # the earlier background is offered again
    response = login(verifier).post(reverse("verification:sign_off", args=[assigned.pk]), BACKGROUND)
    assert response.status_code == 302
    assert Submission.objects.get(pk=assigned.pk).state == Submission.VERIFIED


@pytest.mark.django_db
def test_the_secretariat_publishes_a_verified_submission(login, verifier, secretariat, assigned, reported):
    client = login(secretariat)
    client.post(reverse("verification:publish", args=[assigned.pk]))
    assert Submission.objects.get(pk=assigned.pk).state == Submission.SUBMITTED  # not verified yet
    verify_all(assigned, verifier, reported)
    from verification.services import submission_sign_off

    submission_sign_off(submission_id=assigned.pk, actor=verifier, **{**BACKGROUND, "verified_on": datetime.date(2022, 3, 15)})
    response = client.post(reverse("verification:publish", args=[assigned.pk]), follow=True)
    assert f"{assigned} is published." in response.content.decode()
    assert Submission.objects.get(pk=assigned.pk).state == Submission.PUBLISHED
    assert Event.objects.filter(submission=assigned, action="published", actor=secretariat).exists()


@pytest.mark.django_db
def test_a_signed_off_value_edited_by_the_secretariat_loses_its_verified_review(
        verifier, secretariat, assigned, reported):
    from submissions.services import ValueInput, value_set

    verify_all(assigned, verifier, reported)
    value_set(value_id=reported[0].pk, actor=secretariat, data=ValueInput(number=Decimal("99")))
    assert Review.objects.get(value=reported[0]).status == Review.PENDING


@pytest.mark.django_db
def test_the_sign_off_form_offers_today_in_the_format_a_date_field_reads(login, verifier, assigned, reported):
    page = login(verifier).get(reverse("verification:sign_off", args=[assigned.pk])).content.decode()
    assert f'type="date" name="verified_on" value="{datetime.date.today().isoformat()}"' in page
