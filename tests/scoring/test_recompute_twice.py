"""recompute_scores changes what a target change moved, once: a second run reports and writes nothing."""
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis.models import Target
from kpis.selectors import edition_current
from submissions.models import Submission, Value
from submissions.services import city_create, submission_create
from verification.services import submission_reopen

# Each scores a percentage with more decimals than the column keeps: 2 / 60, 41 / 42.5, 15 / 7.
NUMBERS = [("EC: ICT: ICT: 2C", "Fixed Broadband Subscriptions", "2"),
           ("EN: E: E: 1C", "Renewable Energy Consumption", "41"),
           ("EN: EN: AQ: 1C", "Particulate Matter (PM10)", "7")]


def recompute():
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("recompute_scores", stdout=out)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    return out.getvalue(), writes


def stored_state():
    return (sorted(Value.objects.values_list("pk", "version", "percent_of_target", "band")),
            Value.history.count())


@pytest.fixture
def scored_submissions(alesund, set_value):
    """The demo taken back to verification, and two more cities' drafts with values of their own."""
    secretariat = get_user_model().objects.get(username="secretariat")
    submission_reopen(submission_id=alesund.pk, actor=secretariat, reason="Checking the targets again.")
    drafts = []
    for slug, name in (("bergen", "Bergen"), ("oslo", "Oslo")):
        city = city_create(slug=slug, name=name, country="Norway")
        draft = submission_create(city=city, year=2023, edition=edition_current())
        for code, data_point, number in NUMBERS:
            set_value(draft, code, data_point, number=number)
        drafts.append(draft)
    assert Submission.objects.filter(state__in=(Submission.DRAFT, Submission.SUBMITTED)).count() == 3
    return drafts


@pytest.mark.django_db
def test_recompute_scores_on_unchanged_targets_reports_and_writes_nothing(scored_submissions):
    before = stored_state()
    for _ in range(2):
        output, writes = recompute()
        assert "0 value(s) changed" in output
        assert writes == []
    assert stored_state() == before


@pytest.mark.django_db
def test_recompute_scores_after_a_target_moved_changes_its_values_once(scored_submissions):
    code, name, _ = NUMBERS[0]
    Target.objects.filter(data_point__kpi__code=code, data_point__name=name).update(value=Decimal("70"))

    output, writes = recompute()
    assert "3 value(s) changed" in output  # Ålesund's and the two drafts'
    rescored = Value.objects.get(submission=scored_submissions[0], data_point__kpi__code=code, data_point__name=name)
    assert (rescored.percent_of_target, rescored.band) == (Decimal("2.8571428571"), 1)  # 2 / 70 × 100, as the column keeps it
    after_first = stored_state()

    output, writes = recompute()
    assert "0 value(s) changed" in output
    assert writes == []
    assert stored_state() == after_first
