"""The scoring rules of DESIGN.md, as pure functions."""
from decimal import Decimal

import pytest

from kpis import scoring


@pytest.mark.parametrize("percent, points", [
    (Decimal("0"), 1), (Decimal("32.99"), 1), (Decimal("33"), 2), (Decimal("65.99"), 2),
    (Decimal("66"), 3), (Decimal("94.99"), 3), (Decimal("95"), 4), (Decimal("250"), 4),
])
def test_band_edges_include_the_lower_bound(percent, points):
    assert scoring.band(percent) == points


def test_methodology_education_examples():
    four = scoring.aggregate([1, 3, 4, 1])
    assert (four.points, four.max_points, four.percent, four.band) == (9, 16, Decimal("56.25"), 2)
    three = scoring.aggregate([3, 4, 2, None])
    assert (three.points, three.max_points, three.percent, three.band) == (9, 12, Decimal("75"), 3)


def test_lower_is_better_with_zero_meets_the_target():
    assert scoring.percent_of_target(direction="lower", target=Decimal("10"), value=Decimal("0")) == 100
    assert scoring.percent_of_target(direction="lower", target=Decimal("10"), value=Decimal("20")) == 50


def test_higher_is_better_and_yes_no():
    assert scoring.percent_of_target(direction="higher", target=Decimal("60"), value=Decimal("82.85")) > 100
    assert scoring.percent_of_target(direction="yes", target=None, value=True) == 100
    assert scoring.percent_of_target(direction="yes", target=None, value=False) == 0
    # A target of "no" (fewer incidents) is met by "no".
    assert scoring.percent_of_target(direction="yes", target=False, value=False) == 100
    assert scoring.percent_of_target(direction="yes", target=False, value=True) == 0


def test_no_target_and_nothing_scored():
    assert scoring.percent_of_target(direction="higher", target=None, value=Decimal("5")) is None
    assert scoring.band(None) is None
    empty = scoring.aggregate([None, None])
    assert empty.percent is None and empty.band is None


@pytest.mark.parametrize("percent, places, shown", [
    (Decimal(20) / Decimal(23) * 100, 0, "87 %"),
    (Decimal(88) / Decimal(91) * 100, 0, "97 %"),
    (Decimal("12.5"), 0, "13 %"),
    (Decimal("56.25"), 2, "56.25 %"),
    (Decimal(100), 0, "100 %"),
    (None, 0, ""),
])
def test_percentages_are_printed_rounded_half_up_as_the_seed_prints_them(percent, places, shown):
    assert scoring.percent_shown(percent, places) == shown
