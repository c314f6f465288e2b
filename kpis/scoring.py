"""The U4SSC scoring rules, as pure functions (DESIGN.md, section Scoring).

percent_of_target: higher is better → value / target × 100; lower is better →
target / value × 100 (a value of 0 meets any target); yes/no → the answer the target asks
for (yes, unless the target is no) 100 %, the other 0 %.
band: under 33 % → 1 pt; 33 to under 66 % → 2; 66 to under 95 % → 3; 95 % and over → 4.
aggregate: points of the scored data points / (4 × their count) × 100, banded the same way.
percent_shown: a percentage as the seed report prints it ("97 %"); storage keeps full precision.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HIGHER = "higher"
LOWER = "lower"
YES = "yes"

# Lower bounds, inclusive, of bands 2, 3 and 4.
BAND_EDGES = (Decimal("33"), Decimal("66"), Decimal("95"))
MAX_POINTS = 4

# What a value of 0 scores when lower is better: it meets any target.
ZERO_MEETS_TARGET = Decimal("100")

BAND_LABELS = {
    4: "95+ % of target",
    3: "66 - 95 % of target",
    2: "33 - 66 % of target",
    1: "Less than 33 % of target",
    None: "No data or no target",
}
NO_TARGET_LABEL = "Data reported - no target yet"


def percent_of_target(*, direction, target, value):
    """The value's percentage of its target, or None when it cannot be scored."""
    if direction == YES:
        if value is None:
            return None
        # A yes/no target asks for yes unless it says no (fewer incidents: "no" meets it).
        wanted = target is not False
        return Decimal("100") if value is wanted else Decimal("0")
    if value is None or target is None:
        return None
    value, target = Decimal(value), Decimal(target)
    if direction == HIGHER:
        if target == 0:
            return None
        return value / target * 100
    if direction == LOWER:
        if value == 0:
            return ZERO_MEETS_TARGET
        return target / value * 100
    return None


def band(percent):
    """Points (1 to 4) for a percentage of target; None for no percentage."""
    if percent is None:
        return None
    points = 1
    for edge in BAND_EDGES:
        if percent >= edge:
            points += 1
    return points


def percent_rounded(percent, places=0):
    """The percentage rounded half up (as the seed's spreadsheets round), or None."""
    if percent is None:
        return None
    return Decimal(percent).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent_shown(percent, places=0):
    """The percentage as the seed prints it: "97 %", "56.25 %"; empty for no percentage."""
    rounded = percent_rounded(percent, places)
    return "" if rounded is None else f"{rounded} %"


@dataclass(frozen=True)
class Aggregate:
    """Points of the scored data points in a KPI, category, dimension or the whole city."""

    points: int
    max_points: int

    @property
    def count(self):
        return self.max_points // MAX_POINTS

    @property
    def percent(self):
        if not self.max_points:
            return None
        return Decimal(self.points) / Decimal(self.max_points) * 100

    @property
    def band(self):
        return band(self.percent)


def aggregate(points):
    """Aggregate the points of scored data points; None entries (unscored) are left out."""
    scored = [p for p in points if p is not None]
    return Aggregate(points=sum(scored), max_points=MAX_POINTS * len(scored))
