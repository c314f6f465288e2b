"""Reading scorecards: a submission's aggregates and its tables 2 and 3, from the stored scores (DESIGN.md, Scoring).

submission_scorecard  points, maximum, percentage and band per KPI, category, sub-dimension,
                      dimension and the whole city
submissions_scorecards  the same for many submissions in one query (trends, comparisons)
summary_tables        the report's tables 2 and 3: KPIs and data points reported and verified
since_last_cycle      how each score moved against the city's previous submission
band_state_of         the band or state (kpis.scoring vocabulary) a value, a row, an aggregate or a band shows
overview_scores       both, as the overview page shows them
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import FilteredRelation, OuterRef, Q
from django.utils.translation import gettext

from kpis import scoring
from kpis.models import KPI, Category, DataPoint

from .models import Value
from .signals import value_is_verified


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
    return scorecard_of(rows)


def submissions_scorecards(submission_ids, *, only=Q()):
    """The scorecards of many submissions at once (trends over years, comparisons between
    cities), by submission id, from the same stored bands. One query, whatever their number.
    `only` narrows the values read (a Q on Value), e.g. to the data points of one category:
    the aggregates of that category are then whole, and only those."""
    rows = defaultdict(list)
    for submission_id, *row in Value.objects.filter(only, submission_id__in=list(submission_ids)).values_list(
        "submission_id", "data_point__kpi_id", "data_point__kpi__category_id", "data_point__kpi__subdimension_id",
        "data_point__kpi__category__dimension_id", "score_status", "band",
    ):
        rows[submission_id].append(row)
    return {submission_id: scorecard_of(rows[submission_id]) for submission_id in submission_ids}


def scorecard_of(rows):
    """The scorecard of (kpi id, category id, sub-dimension id, dimension id, score status, band) rows,
    one per data point: the database's, a report snapshot's, or one of many submissions'."""
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
    return summary_tables_of(
        (kpi_id, kpi_type, dimension, not_reported is False and (number is not None or yes_no is not None), verified)
        for kpi_id, kpi_type, dimension, not_reported, number, yes_no, verified in rows
    )


def summary_tables_of(rows):
    """Tables 2 and 3 of (kpi id, KPI type, dimension name, reported, verified) rows, one per data point
    of the edition in catalogue order: the database's or a report snapshot's."""
    dimensions = []  # names, in the catalogue's order
    kpis = {}  # kpi id -> [dimension, type, all reported, all verified]
    data_points = defaultdict(_Tally)  # (dimension, type) -> tally
    for kpi_id, kpi_type, dimension, reported, answer_verified in rows:
        if dimension not in dimensions:
            dimensions.append(dimension)
        verified = bool(reported and answer_verified)
        data_points[dimension, kpi_type].add(reported=reported, verified=verified)
        kpi = kpis.setdefault(kpi_id, [dimension, kpi_type, True, True])
        kpi[2] = kpi[2] and reported
        kpi[3] = kpi[3] and verified
    kpi_tallies = defaultdict(_Tally)
    for dimension, kpi_type, reported, verified in kpis.values():
        kpi_tallies[dimension, kpi_type].add(reported=reported, verified=verified)
    return SummaryTables(
        kpis=_table(dimensions, kpi_tallies, (gettext("Core KPIs"), gettext("Advanced KPIs"))),
        data_points=_table(dimensions, data_points, (gettext("Core Data Points"), gettext("Advanced Data Points"))),
    )


def _table(dimensions, tallies, labels):
    kinds = ((KPI.CORE, labels[0]), (KPI.ADVANCED, labels[1]))
    rows = []
    for dimension in dimensions:
        rows.append(SummaryRow(dimension_label(dimension), "heading"))
        for kpi_type, label in kinds:
            tally = tallies[dimension, kpi_type]
            rows.append(SummaryRow(label, "row", tally.total, tally.reported, tally.verified))
    rows.append(SummaryRow(gettext("Overall"), "heading"))
    for kpi_type, label in kinds:
        rows.append(_summed(label, "row", [tallies[d, kpi_type] for d in dimensions]))
    rows.append(_summed(gettext("Total"), "total", [t for (d, _), t in tallies.items() if d in dimensions]))
    return rows


def _summed(label, kind, tallies):
    return SummaryRow(label, kind, sum(t.total for t in tallies), sum(t.reported for t in tallies),
                      sum(t.verified for t in tallies))


# ---------------------------------------------------------------- the overview page


@dataclass(frozen=True)
class Change:
    """A score against the same score of the last cycle: its percentage then, and which way it went."""

    before: Decimal
    direction: str  # "up" | "down" | "same"


def change(now, before):
    """How an aggregate moved since the last cycle's; None when either has nothing scored."""
    if before is None or now.percent is None or before.percent is None:
        return None
    direction = "up" if now.percent > before.percent else "down" if now.percent < before.percent else "same"
    return Change(before=before.percent, direction=direction)


def _by_name(card, categories):
    """A scorecard's overall, dimension and category aggregates keyed by name ("overall", dimension
    name, (dimension name, category name)), so that cycles under other catalogue editions compare
    like with like. categories: (pk, name, dimension id, dimension name) of the card's edition."""
    scores = {"overall": card.overall}
    for pk, name, dimension_id, dimension_name in categories:
        scores[dimension_name] = card.dimensions.get(dimension_id)
        scores[dimension_name, name] = card.categories.get(pk)
    return scores


def overview_scores(submission, values, previous=None):
    """Tables 2 and 3 and the scorecard as the overview shows them, with the band of each value
    beneath its category, and each score's move since the previous submission (a Submission, or
    None). values: the submission's values in catalogue order, with their data point, KPI,
    category and dimension (submission_progress's). Three queries, with or without a previous one."""
    tables = summary_tables(submission)
    submissions = [submission] + ([previous] if previous is not None else [])
    cards = submissions_scorecards([s.pk for s in submissions])
    card = cards[submission.pk]
    categories = defaultdict(list)  # read whether or not there is a previous cycle: a constant count
    for edition_id, *row in Category.objects.filter(dimension__edition_id__in={
            s.edition_id for s in submissions}).values_list(
            "dimension__edition_id", "pk", "name", "dimension_id", "dimension__name"):
        categories[edition_id].append(row)
    before = _by_name(cards[previous.pk], categories[previous.edition_id]) if previous is not None else {}
    dimensions = []
    for value in values:
        category = value.data_point.kpi.category
        if not dimensions or dimensions[-1]["dimension"].pk != category.dimension_id:
            aggregate = card.dimensions[category.dimension_id]
            dimensions.append({"dimension": category.dimension, "aggregate": aggregate,
                               "since": change(aggregate, before.get(category.dimension.name)), "categories": []})
        categories = dimensions[-1]["categories"]
        if not categories or categories[-1]["category"].pk != category.pk:
            aggregate = card.categories[category.pk]
            categories.append({"category": category, "aggregate": aggregate, "values": [],
                               "since": change(aggregate, before.get((category.dimension.name, category.name)))})
        categories[-1]["values"].append(value)
    return {
        "tables": [
            {"caption": gettext("KPI reporting and verification summary (table 2 of the report)"),
             "id": "summary-kpis", "heading": gettext("% KPIs Verified"), **_grouped(tables.kpis)},
            {"caption": gettext("KPI data points reporting and verification summary (table 3 of the report)"),
             "id": "summary-data-points", "heading": gettext("% Data Points Verified"), **_grouped(tables.data_points)},
        ],
        "dimensions": dimensions,
        "overall": card.overall,
        "overall_since": change(card.overall, before.get("overall")),
        "previous": previous,
    }


def _grouped(rows):
    """Rows under each heading, and the total row apart: one table body per heading."""
    groups, total = [], None
    for row in rows:
        if row.kind == "heading":
            groups.append({"heading": row, "rows": []})
        elif row.kind == "total":
            total = row
        else:
            groups[-1]["rows"].append(row)
    return {"groups": groups, "total": total}


# What a value without a band shows, by its score status.
UNSCORED_STATES = {Value.NO_TARGET: scoring.NO_TARGET, Value.NOT_REPORTED: scoring.NOT_REPORTED}


def band_state_of(subject):
    """The band or state (kpis.scoring vocabulary) of a value or anything with its score_status and
    band (a report's result row), of an aggregate, or of a band number."""
    status = getattr(subject, "score_status", None)
    if status is not None:
        if status == Value.SCORED and subject.band:
            return scoring.BANDS[subject.band]
        return UNSCORED_STATES.get(status, scoring.NO_DATA)
    return scoring.band_state(subject.band if isinstance(subject, scoring.Aggregate) else subject)
