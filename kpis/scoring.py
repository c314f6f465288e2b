"""The U4SSC scoring rules, as pure functions (DESIGN.md, section Scoring).

percent_of_target: higher is better → value / target × 100; lower is better →
target / value × 100 (a value of 0 meets any target); yes/no → the answer the target asks
for (yes, unless the target is no) 100 %, the other 0 %.
band: under 33 % → 1 pt; 33 to under 66 % → 2; 66 to under 95 % → 3; 95 % and over → 4.
aggregate: points of the scored data points / (4 × their count) × 100, banded the same way.
percent_shown: a percentage as the seed report prints it ("97 %"); storage keeps full precision.
BANDS, NO_DATA_OR_TARGET, NO_TARGET, NOT_REPORTED, NO_DATA: the one band vocabulary, the words
(screen and print) and colours every page, the sunburst, the style sheets and the report use.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from .numbers import localized

HIGHER = "higher"
LOWER = "lower"
YES = "yes"

# Lower bounds, inclusive, of bands 2, 3 and 4.
BAND_EDGES = (Decimal("33"), Decimal("66"), Decimal("95"))
MAX_POINTS = 4

# What a value of 0 scores when lower is better: it meets any target.
ZERO_MEETS_TARGET = Decimal("100")


@dataclass(frozen=True)
class BandState:
    """How one band, or one state without a band, is named and coloured on every page and in print.

    css_class names the class that carries `colour` in the style sheets (a test keeps them equal).
    """

    number: int | None
    label: str
    print_label: str
    colour: str
    css_class: str


GREY = "#8c8c8c"

# The four bands, by their points.
BANDS = {
    # xgettext:no-python-format
    4: BandState(4, _("95+ % of target"),
                   # xgettext:no-python-format
                   _("95+ % of Target"), "#1e7b3c", "band-4"),
    # xgettext:no-python-format
    3: BandState(3, _("66 - 95 % of target"),
                   # xgettext:no-python-format
                   _("66 - 95 % of Target"), "#8cc63f", "band-3"),
    # xgettext:no-python-format
    2: BandState(2, _("33 - 66 % of target"),
                   # xgettext:no-python-format
                   _("33 - 66 % of Target"), "#f7b733", "band-2"),
    # xgettext:no-python-format
    1: BandState(1, _("Less than 33 % of target"),
                   # xgettext:no-python-format
                   _("Less than 33 % of Target"), "#d7263d", "band-1"),
}
# Without a band: an aggregate with nothing scored, a value reported for a data point that has
# no target yet, a value the city marked not reported, and a value not entered yet.
NO_DATA_OR_TARGET = BandState(None, _("No data or no target"), _("No Data or No Target"), GREY, "band-none")
NO_TARGET = BandState(None, _("Data reported — no target yet"),
                      _("Data Reported - No Targets Yet Available"),
                      "#cfcfcf", "band-no-target")
NOT_REPORTED = BandState(None, _("Not reported"), _("Not Reported"), GREY, "band-none")
NO_DATA = BandState(None, _("No data"), _("No Data"), GREY, "band-none")

# The legend of the benchmark, on the page and in the report, in this order.
LEGEND = (BANDS[4], BANDS[3], BANDS[2], BANDS[1], NO_DATA_OR_TARGET, NO_TARGET)
STATES = (*LEGEND, NOT_REPORTED, NO_DATA)


def band_state(points):
    """The vocabulary entry of a band (1-4); grey, no data or no target, for None."""
    return BANDS.get(points) or NO_DATA_OR_TARGET


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
    """The percentage as the seed prints it: "97 %", "56.25 %" (French "56,25 %"); empty for no percentage."""
    rounded = percent_rounded(percent, places)
    return "" if rounded is None else f"{localized(str(rounded))} %"


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


def next_band_value(*, direction, target, band):
    """The value that would lift a value from its band into the next one; None at band 4 or unscored.

    Higher is better: target × the next band's lower bound / 100 (reach at least this).
    Lower is better: target × 100 / that bound (get down to this). Yes/no: "yes" (the answer that scores 100 %).
    """
    if band is None or band >= MAX_POINTS:
        return None
    if direction == YES:
        return YES
    if target is None:
        return None
    bound, target = BAND_EDGES[band - 1], Decimal(target)
    if direction == HIGHER:
        return target * bound / 100
    if direction == LOWER:
        return target * 100 / bound
    return None
