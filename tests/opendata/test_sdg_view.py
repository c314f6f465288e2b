"""The SDG view of a submission: its KPIs by the 17 SDGs with the city's score per goal, on a page and in section 10."""
from decimal import Decimal

import pytest
from django.urls import reverse

from kpis import scoring
from reports.selectors import report_content
from submissions.models import Value

pytestmark = pytest.mark.django_db


def goal_percent(submission, goal):
    """The goal's score computed here from the stored bands: points over four times the scored data points."""
    bands = [
        value.band for value in Value.objects.filter(submission=submission, score_status=Value.SCORED)
        .select_related("data_point__kpi") if goal in value.data_point.kpi.sdg_goals
    ]
    return Decimal(sum(bands)) / Decimal(4 * len(bands)) * 100


def test_the_page_groups_the_kpis_by_the_17_goals_with_the_score_per_goal(client, published_alesund):
    page = client.get(reverse("reports:sdg", args=[published_alesund.pk])).content.decode()

    assert page.count('<section id="sdg-') == 17
    assert "SDG 11: Sustainable cities and communities" in page
    assert scoring.percent_shown(goal_percent(published_alesund, 11), 2) in page
    assert scoring.percent_shown(goal_percent(published_alesund, 17), 2) in page
    assert "provisional" in page


def test_the_report_prints_the_table_in_section_10(published_alesund):
    goals = report_content(published_alesund)["sdg_goals"]

    assert [goal.number for goal in goals] == list(range(1, 18))
    six = goals[5]
    assert six.aggregate.percent == goal_percent(published_alesund, 6)
    assert {row.kpi.code for row in six.kpis} >= {"EC: I: WS: 2C", "EC: I: WS: 5C"}


def test_an_unpublished_submission_is_seen_only_by_who_may_see_it(client, signed_off_alesund, make_user):
    from submissions import roles

    url = reverse("reports:sdg", args=[signed_off_alesund.pk])
    assert client.get(url).status_code == 404
    client.force_login(make_user("stranger", roles.CITY_STAFF))
    assert client.get(url).status_code == 404
    client.force_login(make_user("boss", roles.SECRETARIAT))
    page = client.get(url).content.decode()
    assert "Not published" in page
