"""Cross-checks of a value against its context: small pure functions that warn, never refuse.

Each check takes plain figures and returns a message, or None when nothing looks wrong. The
thresholds are named here; the verifiers' page that lists the checks renders them from CHECKS.
comparisons.value_contexts gathers each check's inputs for a page and runs value_flags.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy as _

from kpis.models import DataPoint

# Shares of one whole: how far (in percentage points) their sum may be from 100.
SHARE_TOLERANCE = Decimal(2)
# A rate's denominator may differ from the year's population by this share without a note.
RATE_POPULATION_TOLERANCE = Decimal("0.05")
# A change from last cycle's verified value larger than this share (or a change of sign).
CHANGE_LIMIT = Decimal("0.5")
# A value beyond the peers' maximum × this factor, or below their minimum ÷ this factor.
PEER_FACTOR = Decimal(3)
# The peer range is shown, and compared with, only when at least this many other cities have a value.
PEERS_AT_LEAST = 3
PERCENT_WHOLE = Decimal(100)


@dataclass(frozen=True)
class ShareGroup:
    """A KPI whose data points are shares of one whole (found in the catalogue by code and name)."""

    code: str
    name: str
    # True: the shares should add up to 100 %; False: at most 100 % (the rest is, e.g., untreated wastewater).
    whole: bool


# The one list of share groups: the catalogue's transportation mode share, solid waste treatment and
# wastewater treatment levels (primary, secondary, tertiary: the share not treated is not a data point).
SHARE_GROUPS = {
    group.code: group for group in (
        ShareGroup("EC: I: T: 4A", "transportation mode shares", whole=True),
        ShareGroup("EN: EN: WA: 1C", _("solid waste treatment shares"), whole=True),
        ShareGroup("EN: EN: WS: 4C", _("wastewater treatment levels"), whole=False),
    )
}


@dataclass(frozen=True)
class Flag:
    check: str  # a key of CHECKS; an override names it
    message: str


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    rule: str


def _shown(number):
    return f"{Decimal(number).normalize():f}"


def _lazy(text, **values):
    """A rule's text in the language of the page that shows it."""
    return lazy(lambda: gettext(text) % values, str)()


CHECKS = (
    Check("shares", _("Shares that should add up to 100 %"),
          lazy(lambda: gettext("The %(whole)s should add up to 100 %% (± %(tolerance)s points once every share is "
                               "answered); the %(parts)s to at most 100 %% + %(tolerance)s points.") % {
              "whole": ", ".join(str(g.name) for g in SHARE_GROUPS.values() if g.whole),
              "parts": ", ".join(str(g.name) for g in SHARE_GROUPS.values() if not g.whole),
              "tolerance": _shown(SHARE_TOLERANCE)}, str)()),
    Check("rate_population", _("A rate inconsistent with the population"),
          _lazy("A per-capita or per-100 000 rate typed as numerator and denominator whose denominator differs from "
                "the year's population (context figures) by more than %(tolerance)s %%, without a note.",
                tolerance=_shown(RATE_POPULATION_TOLERANCE * 100))),
    Check("change", _("A large change from last cycle"),
          _lazy("A change of more than %(limit)s %% from the city's verified value of its previous signed-off year, "
                "or a change of sign.", limit=_shown(CHANGE_LIMIT * 100))),
    Check("peers", _("Far outside the peers' range"),
          _lazy("A value more than %(factor)s times the highest, or less than a third of the lowest, verified value "
                "of the same data point in other cities (only where at least %(count)s cities have one).",
                factor=_shown(PEER_FACTOR), count=PEERS_AT_LEAST)),
    Check("percent_over_100", _("A percentage over 100"),
          _("A percentage above 100 where the data point does not allow it.")),
    Check("numerator_over_denominator", _("Numerator larger than denominator"),
          _("A percentage typed as numerator and denominator whose numerator is larger than its denominator.")),
    Check("count_not_whole", _("A count that is not whole"), _("A count with a fractional part.")),
    Check("evidence_missing", _("No evidence for an accurate measurement"),
          _("A value whose data quality says accurate measurement, with no evidence file attached.")),
)
CHECK_TITLES = {check.key: check.title for check in CHECKS}


# ---------------------------------------------------------------- the checks

def share_sum(group, numbers, *, complete):
    """Shares of one whole that do not add up: numbers are the reported shares, complete when all are answered."""
    if not numbers:
        return None
    total = sum(numbers, Decimal(0))
    too_much = total > PERCENT_WHOLE + SHARE_TOLERANCE
    too_little = group.whole and complete and total < PERCENT_WHOLE - SHARE_TOLERANCE
    if not (too_much or too_little):
        return None
    if group.whole:
        return gettext("The %(group)s (%(code)s) add up to %(total)s %%, not about 100 %%. "
                       "Check them, or explain the difference in a note.") % {
            "group": group.name, "code": group.code, "total": _shown(total)}
    return gettext("The %(group)s (%(code)s) add up to %(total)s %%, more than 100 %%. "
                   "Check them, or explain the difference in a note.") % {
        "group": group.name, "code": group.code, "total": _shown(total)}


def rate_denominator(data_point, *, denominator, population, note):
    """A per-capita or per-100 000 rate whose denominator is not the year's population, unexplained."""
    if not data_point.default_denominator_is_population or denominator is None or not population or note.strip():
        return None
    off = abs(Decimal(denominator) - population) / population
    if off <= RATE_POPULATION_TOLERANCE:
        return None
    return gettext("The denominator %(denominator)s differs from the population %(population)s by %(off)s %%: "
                   "use the population, or say why in a note.") % {
        "denominator": _shown(denominator), "population": population, "off": _shown(round(off * 100))}


def change_percent(number, previous):
    """The change from the previous value in %, or None when there is no previous value or it was 0."""
    if number is None or previous is None or previous == 0:
        return None
    return (Decimal(number) - Decimal(previous)) / abs(Decimal(previous)) * 100


def change_from_last(number, previous):
    if number is None or previous is None:
        return None
    if (number > 0 > previous) or (number < 0 < previous):
        return gettext("The sign changed from last cycle (%(previous)s → %(number)s).") % {
            "previous": _shown(previous), "number": _shown(number)}
    change = change_percent(number, previous)
    if change is None or abs(change) <= CHANGE_LIMIT * 100:
        return None
    sign = "+" if change > 0 else ""
    return gettext("%(change)s %% from last cycle's verified value %(previous)s.") % {
        "change": sign + _shown(round(change)), "previous": _shown(previous)}


def outside_peers(number, *, low, high):
    """A value far beyond the peers' range (low and high are the peers' minimum and maximum)."""
    if number is None or low is None or high is None:
        return None
    if high > 0 and number > high * PEER_FACTOR:
        return gettext("More than %(factor)s times the highest value of the peers (%(high)s).") % {
            "factor": _shown(PEER_FACTOR), "high": _shown(high)}
    if low > 0 and 0 <= number < low / PEER_FACTOR:
        return gettext("Less than a third of the lowest value of the peers (%(low)s).") % {"low": _shown(low)}
    return None


def percent_over_100(data_point, number):
    allows = data_point.max_value is None or data_point.max_value > PERCENT_WHOLE
    if data_point.value_kind != DataPoint.PERCENT or number is None or number <= PERCENT_WHOLE or allows:
        return None
    return gettext("%(number)s %% is over 100 %%.") % {"number": _shown(number)}


def numerator_over_denominator(data_point, *, numerator, denominator):
    if data_point.value_kind != DataPoint.PERCENT or numerator is None or denominator is None:
        return None
    if numerator <= denominator:
        return None
    return gettext("The numerator %(numerator)s is larger than the denominator %(denominator)s.") % {
        "numerator": _shown(numerator), "denominator": _shown(denominator)}


def count_not_whole(data_point, number):
    if data_point.value_kind != DataPoint.COUNT or number is None or number == number.to_integral_value():
        return None
    return gettext("%(number)s is a count, but not a whole number.") % {"number": _shown(number)}


def evidence_missing(*, data_quality, evidence_count):
    if data_quality != "accurate" or evidence_count:
        return None
    return gettext("The data quality says accurate measurement, but no evidence is attached.")


# ---------------------------------------------------------------- all of them for a value

def value_flags(value, *, population, previous=None, peer_low=None, peer_high=None, evidence_count=0):
    """The flags of one value (not the share groups', see share_flags); none for a value not reported."""
    if not value.is_reported:
        return []
    data_point, number = value.data_point, value.number
    found = [
        ("rate_population", rate_denominator(data_point, denominator=value.denominator, population=population,
                                             note=value.note)),
        ("change", change_from_last(number, previous) if isinstance(previous, Decimal) else None),
        ("peers", outside_peers(number, low=peer_low, high=peer_high)),
        ("percent_over_100", percent_over_100(data_point, number)),
        ("numerator_over_denominator", numerator_over_denominator(data_point, numerator=value.numerator,
                                                                  denominator=value.denominator)),
        ("count_not_whole", count_not_whole(data_point, number)),
        ("evidence_missing", evidence_missing(data_quality=value.data_quality, evidence_count=evidence_count)),
    ]
    return [Flag(check, message) for check, message in found if message]


def share_flags(values):
    """{value id: Flag} for each value of a share group that does not add up (values with their KPIs)."""
    groups = {}
    for value in values:
        if value.data_point.kpi.code in SHARE_GROUPS:
            groups.setdefault(value.data_point.kpi.code, []).append(value)
    flags = {}
    for code, parts in groups.items():
        numbers = [v.number for v in parts if v.is_reported and v.number is not None]
        message = share_sum(SHARE_GROUPS[code], numbers, complete=all(v.has_answer for v in parts))
        if message:
            flags.update({v.pk: Flag("shares", message) for v in parts})
    return flags


def share_warnings(values):
    """The share groups' messages, once per group: the entry, overview and submit pages show them."""
    return list(dict.fromkeys(flag.message for flag in share_flags(values).values()))
