"""Cross-checks of a value against its context: small pure functions that warn, never refuse.

Each check takes plain figures and returns a message, or None when nothing looks wrong. The
thresholds are named here; the verifiers' page that lists the checks renders them from CHECKS.
comparisons.value_contexts gathers each check's inputs for a page and runs value_flags.
"""
from dataclasses import dataclass
from decimal import Decimal

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
        ShareGroup("EN: EN: WA: 1C", "solid waste treatment shares", whole=True),
        ShareGroup("EN: EN: WS: 4C", "wastewater treatment levels", whole=False),
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


CHECKS = (
    Check("shares", "Shares that should add up to 100 %",
          f"The {', '.join(g.name for g in SHARE_GROUPS.values() if g.whole)} should add up to 100 % "
          f"(± {_shown(SHARE_TOLERANCE)} points once every share is answered); the "
          f"{', '.join(g.name for g in SHARE_GROUPS.values() if not g.whole)} to at most "
          f"100 % + {_shown(SHARE_TOLERANCE)} points."),
    Check("rate_population", "A rate inconsistent with the population",
          f"A per-capita or per-100 000 rate typed as numerator and denominator whose denominator differs from "
          f"the year's population (context figures) by more than {_shown(RATE_POPULATION_TOLERANCE * 100)} %, "
          f"without a note."),
    Check("change", "A large change from last cycle",
          f"A change of more than {_shown(CHANGE_LIMIT * 100)} % from the city's verified value of its previous "
          f"signed-off year, or a change of sign."),
    Check("peers", "Far outside the peers' range",
          f"A value more than {_shown(PEER_FACTOR)} times the highest, or less than a {_shown(PEER_FACTOR)}rd of "
          f"the lowest, verified value of the same data point in other cities (only where at least "
          f"{PEERS_AT_LEAST} cities have one)."),
    Check("percent_over_100", "A percentage over 100", "A percentage above 100 where the data point does not allow it."),
    Check("numerator_over_denominator", "Numerator larger than denominator",
          "A percentage typed as numerator and denominator whose numerator is larger than its denominator."),
    Check("count_not_whole", "A count that is not whole", "A count with a fractional part."),
    Check("evidence_missing", "No evidence for an accurate measurement",
          "A value whose data quality says accurate measurement, with no evidence file attached."),
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
        return (f"The {group.name} ({group.code}) add up to {_shown(total)} %, not about 100 %. "
                "Check them, or explain the difference in a note.")
    return (f"The {group.name} ({group.code}) add up to {_shown(total)} %, more than 100 %. "
            "Check them, or explain the difference in a note.")


def rate_denominator(data_point, *, denominator, population, note):
    """A per-capita or per-100 000 rate whose denominator is not the year's population, unexplained."""
    if not data_point.default_denominator_is_population or denominator is None or not population or note.strip():
        return None
    off = abs(Decimal(denominator) - population) / population
    if off <= RATE_POPULATION_TOLERANCE:
        return None
    return (f"The denominator {_shown(denominator)} differs from the population {population} by "
            f"{_shown(round(off * 100))} %: use the population, or say why in a note.")


def change_percent(number, previous):
    """The change from the previous value in %, or None when there is no previous value or it was 0."""
    if number is None or previous is None or previous == 0:
        return None
    return (Decimal(number) - Decimal(previous)) / abs(Decimal(previous)) * 100


def change_from_last(number, previous):
    if number is None or previous is None:
        return None
    if (number > 0 > previous) or (number < 0 < previous):
        return f"The sign changed from last cycle ({_shown(previous)} → {_shown(number)})."
    change = change_percent(number, previous)
    if change is None or abs(change) <= CHANGE_LIMIT * 100:
        return None
    sign = "+" if change > 0 else ""
    return f"{sign}{_shown(round(change))} % from last cycle's verified value {_shown(previous)}."


def outside_peers(number, *, low, high):
    """A value far beyond the peers' range (low and high are the peers' minimum and maximum)."""
    if number is None or low is None or high is None:
        return None
    if high > 0 and number > high * PEER_FACTOR:
        return f"More than {_shown(PEER_FACTOR)} times the highest value of the peers ({_shown(high)})."
    if low > 0 and 0 <= number < low / PEER_FACTOR:
        return f"Less than a {_shown(PEER_FACTOR)}rd of the lowest value of the peers ({_shown(low)})."
    return None


def percent_over_100(data_point, number):
    allows = data_point.max_value is None or data_point.max_value > PERCENT_WHOLE
    if data_point.value_kind != DataPoint.PERCENT or number is None or number <= PERCENT_WHOLE or allows:
        return None
    return f"{_shown(number)} % is over 100 %."


def numerator_over_denominator(data_point, *, numerator, denominator):
    if data_point.value_kind != DataPoint.PERCENT or numerator is None or denominator is None:
        return None
    if numerator <= denominator:
        return None
    return f"The numerator {_shown(numerator)} is larger than the denominator {_shown(denominator)}."


def count_not_whole(data_point, number):
    if data_point.value_kind != DataPoint.COUNT or number is None or number == number.to_integral_value():
        return None
    return f"{_shown(number)} is a count, but not a whole number."


def evidence_missing(*, data_quality, evidence_count):
    if data_quality != "accurate" or evidence_count:
        return None
    return "The data quality says accurate measurement, but no evidence is attached."


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
