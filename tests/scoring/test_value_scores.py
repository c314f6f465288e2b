"""Every saved value carries its percentage of target and its band (DESIGN.md, Scoring)."""
from collections import Counter
from decimal import Decimal

import pytest

from submissions.models import Value
from submissions.spreadsheet import values_import

INTERNET = ("EC: ICT: ICT: 1C", "Household Internet Access")  # higher is better, target 100
PM10 = ("EN: EN: AQ: 1C", "Particulate Matter (PM10)")  # lower is better, target 15
COMPACT = ("EC: I: UP: 2A", "Compact")  # yes/no, target yes
DEGREES = ("SC: EH: ED: 3C", "Higher Education Degrees")  # no target


@pytest.mark.parametrize("number, band", [
    ("32.99", 1), ("33", 2), ("65.99", 2), ("66", 3), ("94.99", 3), ("95", 4),
])
def test_saved_value_is_banded_with_the_lower_edge_inclusive(submission, set_value, number, band):
    value = set_value(submission, *INTERNET, number=number)

    assert value.score_status == Value.SCORED
    assert value.percent_of_target == Decimal(number)
    assert value.band == band
    assert (value.scored_target, value.scored_direction) == (Decimal("100"), "higher")


def test_full_precision_is_kept_in_storage(submission, set_value):
    value = set_value(submission, "EC: ICT: ICT: 2C", "Fixed Broadband Subscriptions", number="82.85")

    assert value.percent_of_target == Decimal("138.0833333333")
    assert value.band == 4


def test_lower_is_better_with_a_value_of_zero_meets_the_target(submission, set_value):
    zero = set_value(submission, *PM10, number="0")
    assert (zero.percent_of_target, zero.band) == (Decimal("100"), 4)

    double = set_value(submission, *PM10, number="30")
    assert (double.percent_of_target, double.band) == (Decimal("50"), 2)


def test_yes_scores_full_and_no_scores_nothing(submission, set_value):
    yes = set_value(submission, *COMPACT, yes_no=True)
    assert (yes.score_status, yes.percent_of_target, yes.band) == (Value.SCORED, Decimal("100"), 4)

    no = set_value(submission, *COMPACT, yes_no=False)
    assert (no.score_status, no.percent_of_target, no.band) == (Value.SCORED, Decimal("0"), 1)


def test_value_without_a_target_is_stored_as_no_target_yet(submission, set_value):
    value = set_value(submission, *DEGREES, number="25027.88")

    assert value.score_status == Value.NO_TARGET
    assert value.get_score_status_display() == "Data reported, no target yet"
    assert (value.percent_of_target, value.band, value.scored_target) == (None, None, None)


def test_not_reported_value_has_no_score(submission, set_value):
    set_value(submission, *PM10, number="12")
    value = set_value(submission, *PM10, not_reported_reason="No monitoring station")

    assert value.score_status == Value.NOT_REPORTED
    assert (value.percent_of_target, value.band) == (None, None)


def test_values_imported_from_a_spreadsheet_are_scored(submission, city_user):
    rows = [
        {"code": INTERNET[0], "data_point": INTERNET[1], "value": "70"},
        {"code": COMPACT[0], "data_point": COMPACT[1], "value": "yes"},
    ]
    assert values_import(submission=submission, rows=rows, actor=city_user).ok

    bands = dict(submission.values.filter(band__isnull=False).values_list("data_point__name", "band"))
    assert bands == {INTERNET[1]: 3, COMPACT[1]: 4}


def test_every_reported_alesund_value_carries_its_band_or_no_target_yet(alesund):
    statuses = Counter(alesund.values.values_list("score_status", flat=True))

    assert statuses[Value.NOT_REPORTED] == 5
    assert statuses[Value.EMPTY] == 0
    assert statuses[Value.SCORED] + statuses[Value.NO_TARGET] == 107
    scored = alesund.values.filter(score_status=Value.SCORED)
    assert not scored.filter(band__isnull=True).exists()
    assert not scored.filter(data_point__target__isnull=True).exists()
    assert not alesund.values.filter(score_status=Value.NO_TARGET, data_point__target__isnull=False).exists()
