"""Verify a category or every row without flags in one action; flags acknowledged; the verifier's summary and findings."""
import datetime

import pytest
from django.urls import reverse

from reports.selectors import report_content
from submissions.services import NotAllowed
from submissions.models import Event
from verification.models import FlagOverride, Review
from verification.services import (
    findings_set, flag_override, query_raise, review_record, review_verify_pending, submission_sign_off,
)


@pytest.mark.django_db
def test_verify_all_of_a_category_confirms_how_many_then_verifies_only_the_pending_reported(
        login, verifier, assigned, reported):
    category = reported[0].data_point.kpi.category
    review_record(value_id=reported[1].pk, actor=verifier, status="not_verified", reason="Old evidence.")
    client = login(verifier)
    url = reverse("verification:verify_all", args=[assigned.pk])
    confirmation = client.get(url, {"category": category.pk}).content.decode()
    pending_here = [v for v in reported if v.data_point.kpi.category_id == category.pk and v.pk != reported[1].pk]
    assert f"Verify {len(pending_here)} data point" in confirmation
    selected = [f"{v.pk}:{v.version}" for v in reported]  # a forged post naming a reviewed value too
    response = client.post(url, {"selected": selected}, follow=True)
    statuses = dict(Review.objects.filter(value__in=reported).values_list("value_id", "status"))
    assert statuses[reported[1].pk] == "not_verified"  # not touched
    assert all(statuses[v.pk] == "verified" for v in reported if v.pk != reported[1].pk)
    assert "marked as verified" in response.content.decode()


@pytest.mark.django_db
def test_verify_all_leaves_a_queried_value_alone_and_is_refused_after_sign_off(verifier, assigned, reported):
    query_raise(value_id=reported[2].pk, actor=verifier, question="Which year?")
    result = review_verify_pending(submission_id=assigned.pk, actor=verifier,
                                   items=[(v.pk, v.version) for v in reported])
    assert {v.pk for v in result.verified} == {reported[0].pk, reported[1].pk}
    assert [v.pk for v in result.skipped] == [reported[2].pk]
    review_record(value_id=reported[2].pk, actor=verifier, status="verified")
    submission_sign_off(submission_id=assigned.pk, actor=verifier, verifier_name="V", certification="C",
                        verified_on=datetime.date(2022, 1, 1), activities="a", assurance_level="limited")
    with pytest.raises(NotAllowed):
        review_verify_pending(submission_id=assigned.pk, actor=verifier, items=[(reported[0].pk, reported[0].version)])


@pytest.mark.django_db
def test_a_flag_acknowledged_with_a_note_is_recorded_and_listed_in_the_summary(login, verifier, assigned, reported):
    client = login(verifier)
    value = reported[0]  # accurate measurement, no evidence: flagged
    response = client.post(reverse("verification:value_review", args=[value.pk]), {
        "action": "override", "check": "evidence_missing", "message": "Seen on site at the statistics office.",
        "version": value.version, "review_version": 0})
    assert response.status_code == 302
    override = FlagOverride.objects.get(value=value)
    assert (override.check_key, override.overridden_by) == ("evidence_missing", verifier)
    assert Event.objects.filter(value=value, action="flag_overridden").exists()
    summary = client.get(reverse("verification:summary", args=[assigned.pk])).content.decode()
    assert "No evidence for an accurate measurement" in summary and "Seen on site at the statistics office." in summary
    row = client.get(reverse("verification:review", args=[assigned.pk])).content.decode()
    assert row.count('data-flag="evidence_missing"') == len(reported) - 1


@pytest.mark.django_db
def test_the_summary_lists_not_verified_values_and_open_queries_and_keeps_the_comment(login, verifier, assigned, reported):
    review_record(value_id=reported[0].pk, actor=verifier, status="not_verified", reason="Evidence from 2015.")
    query_raise(value_id=reported[1].pk, actor=verifier, question="Which survey?")
    client = login(verifier)
    url = reverse("verification:summary", args=[assigned.pk])
    page = client.get(url).content.decode()
    assert "Not verified (1)" in page and "Evidence from 2015." in page
    assert "Open queries (1)" in page
    client.post(url, {"comment": "Good data overall; the survey dates need care."})
    assert "Good data overall; the survey dates need care." in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_findings_are_editable_until_sign_off_and_feed_the_reports_section_8(verifier, assigned, reported):
    findings_set(submission_id=assigned.pk, actor=verifier, comment="Good data overall.")
    flag_override(value_id=reported[0].pk, actor=verifier, check="evidence_missing", note="Seen on site.")
    for value in reported:
        review_record(value_id=value.pk, actor=verifier, status="verified")
    submission_sign_off(submission_id=assigned.pk, actor=verifier, verifier_name="V", certification="C",
                        verified_on=datetime.date(2022, 1, 1), activities="a", assurance_level="limited")
    with pytest.raises(NotAllowed):
        findings_set(submission_id=assigned.pk, actor=verifier, comment="Changed after.")
    findings = report_content(assigned)["findings"]
    assert findings["comment"] == ["Good data overall."]
    assert findings["acknowledged"][0]["note"] == "Seen on site."


@pytest.mark.django_db
def test_the_checks_page_lists_every_check_with_its_threshold(login, city_user):
    page = login(city_user).get(reverse("verification:checks")).content.decode()
    assert "Shares that should add up to 100 %" in page and "± 2 points" in page
    assert "more than 50 %" in page and "3 times" in page


@pytest.mark.django_db
def test_verify_all_without_flags_names_only_the_rows_no_check_flagged(login, verifier, secretariat, assigned, reported):
    from submissions.services import ValueInput, value_set

    # The first value becomes an expert estimate: no flag; the others say accurate measurement without evidence.
    value = reported[0]
    value_set(value_id=value.pk, actor=secretariat,
              data=ValueInput(number=value.number, source=value.source, data_quality="expert"))
    client = login(verifier)
    review = client.get(reverse("verification:review", args=[assigned.pk])).content.decode()
    assert "Verify the 1 pending row without flags" in review
    confirmation = client.get(reverse("verification:verify_all", args=[assigned.pk])).content.decode()
    assert "Verify 1 data point without flags?" in confirmation
