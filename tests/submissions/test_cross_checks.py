"""The cross-checks: small pure functions that warn about a value, each against its threshold."""
from decimal import Decimal as D

from kpis.models import KPI, DataPoint
from submissions import cross_checks as checks
from submissions.models import Value


def data_point(kind=DataPoint.NUMBER, *, max_value=None, population_rate=False, code="X: 1C"):
    return DataPoint(kpi=KPI(code=code, name="A KPI"), name="A data point", value_kind=kind, max_value=max_value,
                     default_denominator_is_population=population_rate)


WHOLE = checks.SHARE_GROUPS["EC: I: T: 4A"]
AT_MOST = checks.SHARE_GROUPS["EN: EN: WS: 4C"]


def test_the_share_groups_are_transport_mode_share_solid_waste_and_wastewater_treatment():
    assert {code: group.whole for code, group in checks.SHARE_GROUPS.items()} == {
        "EC: I: T: 4A": True, "EN: EN: WA: 1C": True, "EN: EN: WS: 4C": False}


def test_shares_of_a_whole_off_by_more_than_two_points_are_flagged_once_all_are_answered():
    assert checks.share_sum(WHOLE, [D(50), D(47)], complete=True) is not None  # 97: off by 3
    assert checks.share_sum(WHOLE, [D(50), D(48)], complete=True) is None  # 98: within 2
    assert checks.share_sum(WHOLE, [D(50), D(40)], complete=False) is None  # the rest may come
    assert "add up to 103 %" in checks.share_sum(WHOLE, [D(60), D(43)], complete=False)


def test_wastewater_treatment_levels_may_add_up_to_less_than_100_but_not_more():
    assert checks.share_sum(AT_MOST, [D("62.85"), D("31.74"), D(0)], complete=True) is None
    assert "more than 100 %" in checks.share_sum(AT_MOST, [D(70), D(40)], complete=True)


def test_a_rate_whose_denominator_is_not_the_population_needs_a_note():
    rate = data_point(population_rate=True)
    assert checks.rate_denominator(rate, denominator=D(60000), population=66670, note="") is not None  # 10 % off
    assert checks.rate_denominator(rate, denominator=D(64000), population=66670, note="") is None  # 4 % off
    assert checks.rate_denominator(rate, denominator=D(60000), population=66670, note="Adults only.") is None
    assert checks.rate_denominator(data_point(), denominator=D(60000), population=66670, note="") is None


def test_a_change_over_50_percent_or_a_sign_change_from_last_cycle_is_flagged():
    assert checks.change_from_last(D(151), D(100)) == "+51 % from last cycle's verified value 100."
    assert checks.change_from_last(D(150), D(100)) is None
    assert checks.change_from_last(D(49), D(100)) is not None
    assert "sign changed" in checks.change_from_last(D(-1), D(2))
    assert checks.change_from_last(D(5), None) is None


def test_a_value_beyond_three_times_the_peers_range_is_flagged():
    assert checks.outside_peers(D(31), low=D(5), high=D(10)) is not None
    assert checks.outside_peers(D(30), low=D(5), high=D(10)) is None
    assert checks.outside_peers(D(1), low=D(5), high=D(10)) is not None
    assert checks.outside_peers(D(2), low=D(5), high=D(10)) is None


def test_a_percentage_over_100_is_flagged_only_where_the_data_point_does_not_allow_it():
    assert checks.percent_over_100(data_point(DataPoint.PERCENT, max_value=D(100)), D(101)) is not None
    assert checks.percent_over_100(data_point(DataPoint.PERCENT), D(140)) is None  # no upper limit
    assert checks.percent_over_100(data_point(DataPoint.PERCENT, max_value=D(100)), D(100)) is None


def test_a_numerator_larger_than_its_denominator_and_a_count_that_is_not_whole():
    percent = data_point(DataPoint.PERCENT)
    assert checks.numerator_over_denominator(percent, numerator=D(11), denominator=D(10)) is not None
    assert checks.numerator_over_denominator(percent, numerator=D(10), denominator=D(10)) is None
    assert checks.count_not_whole(data_point(DataPoint.COUNT), D("2.5")) is not None
    assert checks.count_not_whole(data_point(DataPoint.COUNT), D(2)) is None


def test_an_accurate_measurement_without_evidence_is_flagged():
    assert checks.evidence_missing(data_quality="accurate", evidence_count=0) is not None
    assert checks.evidence_missing(data_quality="accurate", evidence_count=1) is None
    assert checks.evidence_missing(data_quality="expert", evidence_count=0) is None


def test_value_flags_name_their_check_and_skip_a_value_not_reported():
    value = Value(data_point=data_point(DataPoint.PERCENT, max_value=D(100)), number=D(40), data_quality="accurate")
    flags = checks.value_flags(value, population=1000, previous=D(100), evidence_count=0)
    assert [flag.check for flag in flags] == ["change", "evidence_missing"]
    assert checks.value_flags(Value(data_point=value.data_point, not_reported=True, not_reported_reason="x"),
                              population=1000) == []


def test_every_check_is_documented_with_its_threshold():
    rules = {check.key: check.rule for check in checks.CHECKS}
    assert "± 2 points" in rules["shares"] and "5 %" in rules["rate_population"]
    assert "50 %" in rules["change"] and "3 times" in rules["peers"]
    assert set(rules) == {"shares", "rate_population", "change", "peers", "percent_over_100",
                          "numerator_over_denominator", "count_not_whole", "evidence_missing"}
