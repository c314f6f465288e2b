"""Submitting for verification, and who may change a value afterwards (submissions.permissions)."""
from decimal import Decimal

import pytest
from django.urls import reverse

from submissions.models import Event, Submission, Value
from submissions.permissions import value_editable_by
from submissions.services import ValueInput, value_set
from verification.models import Query
from verification.services import assignment_create, query_raise

from .conftest import category_post, entry_url, fill, value_of


@pytest.mark.django_db
def test_submit_is_refused_while_a_data_point_has_no_answer(login, city_user, submission):
    fill(submission, city_user, skip=[value_of(submission, "EC: ICT: ICT: 1C").data_point_id])
    client = login(city_user)
    page = client.get(reverse("submissions:submit", args=[submission.pk])).content.decode()
    assert "1 data point still has neither a value nor a not-reported reason" in page
    assert "EC: ICT: ICT: 1C Household Internet Access" in page
    response = client.post(reverse("submissions:submit", args=[submission.pk]))
    assert response.status_code == 400
    assert "EC: ICT: ICT: 1C" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).state == Submission.DRAFT


@pytest.mark.django_db
def test_a_complete_submission_is_submitted_and_recorded(login, city_user, submission):
    fill(submission, city_user)
    response = login(city_user).post(reverse("submissions:submit", args=[submission.pk]), follow=True)
    assert "is submitted for verification" in response.content.decode()
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.state == Submission.SUBMITTED and stored.submitted_at is not None
    assert Event.objects.filter(submission=submission, action="submitted", actor=city_user).exists()


@pytest.fixture
def submitted(login, city_user, submission, verifier, secretariat):
    fill(submission, city_user)
    login(city_user).post(reverse("submissions:submit", args=[submission.pk]))
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    submission.refresh_from_db()
    return submission


@pytest.mark.django_db
def test_after_submitting_the_city_can_no_longer_edit(client, city_user, submitted, transport):
    client.force_login(city_user)
    page = client.get(entry_url(submitted, transport)).content.decode()
    assert "they cannot be changed now" in page and 'type="submit"' not in page.split("entry-form")[1]
    value = value_of(submitted, "EC: I: T: 4A", "Walking")
    response = client.post(entry_url(submitted, transport), category_post(submitted, transport, {value.pk: {"value": "1"}}))
    assert response.status_code == 403
    assert Value.objects.get(pk=value.pk).number == Decimal(20)
    assert client.get(reverse("submissions:value_edit", args=[value.pk])).status_code == 403


@pytest.mark.django_db
def test_a_queried_value_may_be_corrected_and_goes_back_to_the_verifier(client, city_user, verifier, submitted):
    value = value_of(submitted, "EC: ICT: ICT: 1C")
    other = value_of(submitted, "EC: ICT: ICT: 2C")
    query_raise(value_id=value.pk, actor=verifier, question="Is this from the 2021 survey?")
    client.force_login(city_user)
    overview = client.get(reverse("submissions:overview", args=[submitted.pk])).content.decode()
    assert "Is this from the 2021 survey?" in overview
    assert reverse("submissions:value_edit", args=[value.pk]) in overview
    page = client.get(entry_url(submitted, value.data_point.kpi.category)).content.decode()
    assert f'name="v{value.pk}-value"' in page and f'name="v{other.pk}-value"' not in page
    response = client.post(reverse("submissions:value_edit", args=[value.pk]), {
        f"v{value.pk}-version": value.version, f"v{value.pk}-value": "24",
        f"v{value.pk}-source": "2021 household survey", f"v{value.pk}-data_quality": "survey"})
    assert response.status_code == 302
    stored = Value.objects.get(pk=value.pk)
    assert (stored.number, stored.source) == (Decimal(24), "2021 household survey")
    assert stored.review.status == "pending"


@pytest.mark.django_db
def test_the_editing_rule_per_role_and_state(city_user, other_city_user, verifier, secretariat, submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    draft = {user: value_editable_by(user, value) for user in (city_user, other_city_user, verifier, secretariat)}
    assert draft == {city_user: True, other_city_user: False, verifier: False, secretariat: True}

    fill(submission, city_user)
    Submission.objects.filter(pk=submission.pk).update(state=Submission.SUBMITTED)
    assert not value_editable_by(city_user, value) and value_editable_by(secretariat, value)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    query = query_raise(value_id=value.pk, actor=verifier, question="Source?")
    assert value_editable_by(city_user, value) and not value_editable_by(verifier, value)
    assert not value_editable_by(other_city_user, value)
    Query.objects.filter(pk=query.pk).update(status=Query.ANSWERED)
    assert not value_editable_by(city_user, value)

    Submission.objects.filter(pk=submission.pk).update(state=Submission.VERIFIED)
    assert not value_editable_by(secretariat, value) and not value_editable_by(city_user, value)


@pytest.mark.django_db
def test_every_change_of_a_value_is_kept_with_who_when_and_old_and_new(login, city_user, submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    value_set(value_id=value.pk, actor=city_user, data=ValueInput(number=Decimal(80)))
    value_set(value_id=value.pk, actor=city_user, data=ValueInput(number=Decimal(85)))
    history = list(Value.objects.get(pk=value.pk).history.order_by("history_date"))
    assert [h.number for h in history[-2:]] == [Decimal(80), Decimal(85)]
    assert history[-1].history_user == city_user
    changed = Event.objects.filter(value=value, action="value_changed").order_by("pk").last()
    assert (changed.from_state, changed.to_state, changed.actor) == ("80", "85", city_user)
