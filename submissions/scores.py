"""The scoring service: stored scores of values, and the aggregates built from them (DESIGN.md, Scoring).

value_score        one value's percentage of target and band, stored with the value on every save
values_rescore     the same for every value a target change affects (not in signed-off submissions)
submission_scorecard  points, maximum, percentage and band per KPI, category, sub-dimension,
                   dimension and the whole city, from the stored scores
summary_tables     the report's tables 2 and 3: KPIs and data points reported and verified
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import FilteredRelation, OuterRef, Q

from kpis import scoring
from kpis.models import KPI, DataPoint

from .models import Submission, Value
from .signals import value_is_verified

SCORE_FIELDS = ["score_status", "percent_of_target", "band", "scored_target", "scored_direction"]

# A signed-off submission keeps the scores it was signed off with.
RESCORED_STATES = (Submission.DRAFT, Submission.SUBMITTED)

# The percentage is kept rounded as its column stores it, so a rescore compares like with like.
PERCENT_PLACES = Value._meta.get_field("percent_of_target").decimal_places


def value_score(value):
    """Store the value's percentage of target and band, with the target it was scored against."""
    target = getattr(value.data_point, "target", None)
    value.percent_of_target = value.band = value.scored_target = None
    value.scored_direction = ""
    if value.not_reported:
        value.score_status = Value.NOT_REPORTED
        return value
    if value.number is None and value.yes_no is None:
        value.score_status = Value.EMPTY
        return value
    if target is None:
        value.score_status = Value.NO_TARGET
        return value
    raw = value.yes_no if target.direction == scoring.YES else value.number
    if target.direction == scoring.YES and target.yes_no is False and raw is not None:
        raw = not raw
    percent = scoring.percent_of_target(direction=target.direction, target=target.value, value=raw)
    if percent is None:
        value.score_status = Value.NO_TARGET
        return value
    value.score_status = Value.SCORED
    value.percent_of_target = scoring.percent_rounded(percent, PERCENT_PLACES)
    value.band = scoring.band(value.percent_of_target)
    value.scored_target = target.value
    value.scored_direction = target.direction
    return value


@transaction.atomic
def values_rescore(*, data_point_ids=None):
    """Score again, against today's targets, the values of submissions not yet signed off.

    Only the score fields change: the value's version and history stay as they are,
    so nobody's open form turns stale because a target moved. Returns how many changed.
    """
    values = (
        Value.objects.filter(submission__state__in=RESCORED_STATES)
        .select_related("data_point__target")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if data_point_ids is not None:
        values = values.filter(data_point_id__in=list(data_point_ids))
    changed = []
    for value in values:
        before = [getattr(value, name) for name in SCORE_FIELDS]
        value_score(value)
        if [getattr(value, name) for name in SCORE_FIELDS] != before:
            changed.append(value)
    Value.objects.bulk_update(changed, SCORE_FIELDS, batch_size=500)
    return len(changed)


def values_rescore_on_target_change(sender, *, data_point_ids, **kwargs):
    """kpis.signals.targets_changed: rescore the values the changed targets affect."""
    return values_rescore(data_point_ids=data_point_ids)


# ---------------------------------------------------------------- aggregates


@dataclass(frozen=True)
class Scorecard:
    """A submission's aggregates: the whole city, and per entity id (an entity with nothing scored: 0 of 0)."""

    overall: scoring.Aggregate
    dimensions: dict = field(default_factory=dict)
    subdimensions: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    kpis: dict = field(default_factory=dict)


def _data_points_with_answer(submission):
    """The edition's data points, each joined to this submission's value (or nothing), in the catalogue's order."""
    return (
        DataPoint.objects.filter(kpi__category__dimension__edition_id=submission.edition_id)
        .annotate(answer=FilteredRelation("values", condition=Q(values__submission_id=submission.pk)))
        .in_catalogue_order()
    )


def submission_scorecard(submission):
    """Points, maximum points, percentage and band per KPI, category, sub-dimension, dimension
    and overall, from the stored bands of the submission's values. One query."""
    rows = _data_points_with_answer(submission).values_list(
        "kpi_id", "kpi__category_id", "kpi__subdimension_id", "kpi__category__dimension_id",
        "answer__score_status", "answer__band",
    )
    points = {level: defaultdict(list) for level in ("kpis", "categories", "subdimensions", "dimensions")}
    every = []
    for kpi_id, category_id, subdimension_id, dimension_id, status, band in rows:
        scored = band if status == Value.SCORED else None
        for level, key in (("kpis", kpi_id), ("categories", category_id),
                           ("subdimensions", subdimension_id), ("dimensions", dimension_id)):
            points[level][key].append(scored)
        every.append(scored)
    return Scorecard(
        overall=scoring.aggregate(every),
        **{level: {key: scoring.aggregate(bands) for key, bands in by_id.items()} for level, by_id in points.items()},
    )


# ---------------------------------------------------------------- reporting and verification counts


@dataclass(frozen=True)
class SummaryRow:
    """One row of table 2 or 3. Headings carry no figures."""

    label: str
    kind: str  # "heading" | "row" | "total"
    total: int | None = None
    reported: int | None = None
    verified: int | None = None

    @property
    def percent_verified(self):
        """Verified / total × 100, at full precision; None for headings and empty rows."""
        if not self.total:
            return None
        return Decimal(self.verified) / Decimal(self.total) * 100

    @property
    def percent_display(self):
        """The percentage as the seed prints it, a whole number: "97 %"."""
        return scoring.percent_shown(self.percent_verified)


@dataclass(frozen=True)
class SummaryTables:
    """Table 2 (KPIs) and table 3 (data points) of the report, rows in the seed's order."""

    kpis: list
    data_points: list


@dataclass
class _Tally:
    total: int = 0
    reported: int = 0
    verified: int = 0

    def add(self, *, reported, verified):
        self.total += 1
        self.reported += reported
        self.verified += verified


def dimension_label(name):
    """The dimension's name as tables 2 and 3 print it: "Society & Culture"."""
    return name.replace(" and ", " & ")


def summary_tables(submission):
    """Tables 2 and 3: per dimension, core and advanced, how many KPIs and data points there are,
    are reported and are verified. A data point is reported when it has a value, verified when
    its review says so; a KPI is reported (verified) only when all its data points are. One query."""
    rows = _data_points_with_answer(submission).annotate(
        answer_verified=value_is_verified(OuterRef("answer__pk"))
    ).values_list(
        "kpi_id", "kpi__type", "kpi__category__dimension__name",
        "answer__not_reported", "answer__number", "answer__yes_no", "answer_verified",
    )
    dimensions = []  # names, in the catalogue's order
    kpis = {}  # kpi id -> [dimension, type, all reported, all verified]
    data_points = defaultdict(_Tally)  # (dimension, type) -> tally
    for kpi_id, kpi_type, dimension, not_reported, number, yes_no, answer_verified in rows:
        if dimension not in dimensions:
            dimensions.append(dimension)
        reported = not_reported is False and (number is not None or yes_no is not None)
        verified = reported and answer_verified
        data_points[dimension, kpi_type].add(reported=reported, verified=verified)
        kpi = kpis.setdefault(kpi_id, [dimension, kpi_type, True, True])
        kpi[2] = kpi[2] and reported
        kpi[3] = kpi[3] and verified
    kpi_tallies = defaultdict(_Tally)
    for dimension, kpi_type, reported, verified in kpis.values():
        kpi_tallies[dimension, kpi_type].add(reported=reported, verified=verified)
    return SummaryTables(
        kpis=_table(dimensions, kpi_tallies, "KPIs"),
        data_points=_table(dimensions, data_points, "Data Points"),
    )


def _table(dimensions, tallies, noun):
    kinds = ((KPI.CORE, f"Core {noun}"), (KPI.ADVANCED, f"Advanced {noun}"))
    rows = []
    for dimension in dimensions:
        rows.append(SummaryRow(dimension_label(dimension), "heading"))
        for kpi_type, label in kinds:
            tally = tallies[dimension, kpi_type]
            rows.append(SummaryRow(label, "row", tally.total, tally.reported, tally.verified))
    rows.append(SummaryRow("Overall", "heading"))
    for kpi_type, label in kinds:
        rows.append(_summed(label, "row", [tallies[d, kpi_type] for d in dimensions]))
    rows.append(_summed("Total", "total", [t for (d, _), t in tallies.items() if d in dimensions]))
    return rows


def _summed(label, kind, tallies):
    return SummaryRow(label, kind, sum(t.total for t in tallies), sum(t.reported for t in tallies),
                      sum(t.verified for t in tallies))
