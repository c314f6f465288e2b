"""Reading what a report prints: its sections' content, built from a snapshot (reports.snapshots) and the
catalogue edition it names; the live report is the snapshot of now."""
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from kpis import scoring
from kpis.models import KPI, DataPoint, Dimension
from kpis.sdgs import GOALS
from submissions.models import Submission, Value
from submissions.cross_checks import CHECK_TITLES
from submissions.scorecards import scorecard_of, submission_scorecard, summary_tables_of
from submissions.spreadsheet import write_values_csv
from verification.models import Review, SignOff

from . import formatting, snapshots, sunburst
from .models import ReportText
from .pdf import DataFile
from .texts import paragraphs_of

LOW_BANDS = (1, 2)


@dataclass
class ResultRow:
    code: str
    label: str
    text: str
    is_core: bool
    band: int | None
    score_status: str
    note_mark: str = ""


@dataclass
class CategoryResults:
    name: str
    rows: list = field(default_factory=list)


@dataclass
class DimensionResults:
    name: str
    categories: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class Gap:
    code: str
    name: str
    partial: bool
    missing: list
    notes: list


@dataclass
class KpiState:
    kpi: KPI
    values: list

    @property
    def reported(self):
        return all(value.is_reported for value in self.values)

    @property
    def verified(self):
        return all(_review_status(value) == Review.VERIFIED for value in self.values)


def _review_status(value):
    # A missing review (reverse one-to-one) raises an AttributeError subclass.
    review = getattr(value, "review", None)
    return review.status if review is not None else Review.PENDING


def report_label(data_point):
    """The data point's name as the report prints it: alone when it already names the KPI."""
    kpi_name = data_point.kpi.name
    if data_point.name == kpi_name or data_point.name.startswith(kpi_name):
        return data_point.name
    return f"{kpi_name}: {data_point.name}"


def submission_values(submission):
    return list(
        Value.objects.filter(submission=submission)
        .select_related("data_point__kpi__category__dimension", "review")
        .in_catalogue_order()
    )


def _kpi_states(values):
    by_kpi = {}
    for value in values:
        kpi = value.data_point.kpi
        by_kpi.setdefault(kpi.pk, KpiState(kpi=kpi, values=[])).values.append(value)
    return list(by_kpi.values())


def _results(values, dimensions):
    """Section 6: per dimension and category, one row per data point, with the city's notes."""
    blocks = {dimension.pk: DimensionResults(dimension.name) for dimension in dimensions}
    categories = {}
    for value in values:
        data_point = value.data_point
        category = data_point.kpi.category
        block = blocks[category.dimension_id]
        if category.pk not in categories:
            categories[category.pk] = CategoryResults(category.name)
            block.categories.append(categories[category.pk])
        mark = ""
        if value.note and value.is_reported:
            mark = "*" * (len(block.notes) + 1)
            block.notes.append((mark, value.note))
        categories[category.pk].rows.append(ResultRow(
            code=data_point.kpi.code, label=report_label(data_point), text=formatting.value_text(value),
            is_core=data_point.kpi.is_core, band=value.band, score_status=value.score_status, note_mark=mark,
        ))
    return [blocks[dimension.pk] for dimension in dimensions]


def _gaps(states):
    """Section 7: KPIs with data points not reported, whole or partial, with the city's notes."""
    gaps = []
    for state in states:
        missing = [value for value in state.values if not value.is_reported]
        if not missing:
            continue
        notes = []
        for value in missing:
            note = value.not_reported_reason or ("" if value.not_reported else gettext("No value was entered."))
            if note and note not in notes:
                notes.append(note)
        partial = len(missing) < len(state.values)
        gaps.append(Gap(
            code=state.kpi.code, name=state.kpi.name, partial=partial,
            missing=[value.data_point.name for value in missing] if partial else [], notes=notes,
        ))
    return gaps


def _not_verified(states):
    """Section 8: reported KPIs with a data point the verifier did not verify."""
    rows = []
    for state in states:
        if not state.reported or state.verified:
            continue
        pending = [value for value in state.values if _review_status(value) != Review.VERIFIED]
        reasons = []
        for value in pending:
            review = getattr(value, "review", None)
            status = dict(Review.STATUS_CHOICES)[_review_status(value)].lower()
            reason = f"{value.data_point.name}: {status}"
            if review is not None and review.reason:
                reason += f" ({review.reason})"
            reasons.append(reason)
        rows.append({"code": state.kpi.code, "name": state.kpi.name, "reasons": reasons})
    return rows


def _findings(snapshot):
    """Section 8: the verifier's overall comment and the flags of the cross-checks they acknowledged, with why."""
    findings = snapshot.get("findings") or {"comment": "", "acknowledged": []}
    return {
        "comment": [line.strip() for line in findings["comment"].splitlines() if line.strip()],
        "acknowledged": [{**item, "check": CHECK_TITLES.get(item["check"], item["check"])}
                         for item in findings["acknowledged"]],
    }


def _sunburst_nodes(values, dimensions, scorecard):
    """The dimension → category → KPI tree, each node with its aggregate band from the scorecard."""
    nodes, has_data = {}, defaultdict(bool)
    tree = []
    for dimension in dimensions:
        nodes["dimensions", dimension.pk] = node = sunburst.Node(dimension.name)
        tree.append(node)
    for value in values:
        kpi = value.data_point.kpi
        category = kpi.category
        keys = [("dimensions", category.dimension_id), ("categories", category.pk), ("kpis", kpi.pk)]
        if keys[1] not in nodes:
            nodes[keys[1]] = sunburst.Node(category.name)
            nodes[keys[0]].children.append(nodes[keys[1]])
        if keys[2] not in nodes:
            nodes[keys[2]] = sunburst.Node(kpi.name)
            nodes[keys[1]].children.append(nodes[keys[2]])
        for key in keys:
            has_data[key] |= value.is_reported
    for (level, pk), node in nodes.items():
        total = getattr(scorecard, level).get(pk)
        node.band = total.band if total else None
        node.has_data = has_data[level, pk]
        _describe(node, total)
    return tree


def _describe(node, total):
    if node.band is not None:
        node.percent = f"{formatting.number_text(total.percent)} %"
        node.detail = gettext("%(percent)s of target") % {"percent": node.percent}
    else:
        node.detail = sunburst.state(node).label


def _overall_node(values, scorecard):
    """The whole city as a sunburst node: the band its description names."""
    node = sunburst.Node(gettext("City"), band=scorecard.overall.band, has_data=any(value.is_reported for value in values))
    _describe(node, scorecard.overall)
    return node


@dataclass
class Benchmark:
    """The city performance benchmark: the sunburst as SVG and, as its equivalent, every segment with its band."""

    svg: str
    segments: list


def _benchmark(values, dimensions, scorecard):
    nodes = _sunburst_nodes(values, dimensions, scorecard)
    return Benchmark(svg=sunburst.sunburst_svg(nodes, overall=_overall_node(values, scorecard)),
                     segments=sunburst.segments(nodes))


def submission_benchmark(submission):
    """The city performance benchmark of a submission."""
    return _benchmark(submission_values(submission), submission.edition.dimensions.all(),
                      submission_scorecard(submission))


def _next_steps(states, scorecard):
    """The KPIs under 66 % of their target, by name."""
    steps = []
    for state in states:
        total = scorecard.kpis.get(state.kpi.pk)
        if total and total.band in LOW_BANDS:
            steps.append({"code": state.kpi.code, "name": state.kpi.name,
                          "percent": f"{formatting.number_text(total.percent)} %"})
    return steps


@dataclass
class ReportCatalogue:
    """The catalogue edition a report is scored against: its dimensions and data points in catalogue order."""

    dimensions: list
    data_points: list


def report_catalogue(edition_id):
    """Two queries."""
    data_points = list(DataPoint.objects.filter(kpi__category__dimension__edition_id=edition_id)
                       .select_related("kpi__category__dimension").in_catalogue_order())
    dimensions = list(Dimension.objects.filter(edition_id=edition_id))
    return ReportCatalogue(dimensions=dimensions, data_points=data_points)


def snapshot_values(snapshot, data_points):
    """The snapshot's values as (unsaved) Value rows of the catalogue's data points, each with its review."""
    values = []
    for data_point in data_points:
        stored = snapshot["values"].get(str(data_point.pk), {})
        fields = {name: Decimal(stored[name]) if name in snapshots.DECIMAL_FIELDS and stored.get(name) is not None
                  else stored.get(name) for name in snapshots.VALUE_FIELDS if name in stored}
        fields.setdefault("not_reported", False)
        value = Value(data_point=data_point, **{name: item for name, item in fields.items() if item is not None})
        review = snapshot["reviews"].get(str(data_point.pk))
        if review is not None:
            value.review = Review(status=review["status"], reason=review["reason"])
        values.append(value)
    return values


def scorecard_rows(values):
    """The in-memory values as submissions.scorecards reads them from the database."""
    return [(value.data_point.kpi_id, value.data_point.kpi.category_id, value.data_point.kpi.subdimension_id,
             value.data_point.kpi.category.dimension_id, value.score_status, value.band) for value in values]


def summary_rows(values):
    return [(value.data_point.kpi_id, value.data_point.kpi.type, value.data_point.kpi.category.dimension.name,
             value.is_reported, _review_status(value) == Review.VERIFIED) for value in values]


@dataclass(frozen=True)
class TargetsEditionShown:
    number: int
    created_at: datetime.date


def _targets_edition(snapshot):
    edition = snapshot["targets"]["edition"]
    if edition is None:
        return None
    return TargetsEditionShown(number=edition["number"], created_at=datetime.date.fromisoformat(edition["dated"]))


def report_content(submission, *, on=None):
    """Everything the report template prints for one submission, as it is now (on: a draft's date)."""
    return report_content_from(snapshots.report_snapshot(submission, on=on))


def report_content_from(snapshot, catalogue=None):
    """Everything the report template prints, from a snapshot, in its language: the one path of every rendering."""
    with translation.override(snapshots.language_of(snapshot)):
        return _report_content_from(snapshot, catalogue)


def _report_content_from(snapshot, catalogue=None):
    catalogue = catalogue or report_catalogue(snapshot["catalogue"]["edition"])
    values = snapshot_values(snapshot, catalogue.data_points)
    dimensions = catalogue.dimensions
    states = _kpi_states(values)
    subject = snapshot["submission"]
    sign_off = None
    if snapshot["sign_off"] is not None:
        sign_off = SignOff(**{**snapshot["sign_off"],
                              "verified_on": datetime.date.fromisoformat(snapshot["sign_off"]["verified_on"])})
    city, country = subject["city"], subject["country"]
    issue = snapshot["issue"]
    # In catalogue order, each name once, as the seed lists them; a name under two
    # dimensions (Water and Sanitation, Waste) is noted as shared.
    dimensions_of = {}
    for value in values:
        category = value.data_point.kpi.category
        dimensions_of.setdefault(category.name, set()).add(category.dimension_id)
    category_names = list(dimensions_of)
    shared = [name for name, ids in dimensions_of.items() if len(ids) > 1]
    scorecard = scorecard_of(scorecard_rows(values))
    tables = summary_tables_of(summary_rows(values))
    texts = snapshot["texts"]
    return {
        "submission": subject,
        "city": city,
        "country": country,
        "is_sample": subject["sample"],
        "date": datetime.date.fromisoformat(issue["dated"]),
        "issue_status": issue["status"],
        "is_draft": issue["status"] == snapshots.DRAFT,
        "sign_off": sign_off,
        "activities": [line.strip() for line in sign_off.activities.splitlines() if line.strip()] if sign_off else [],
        "foreword": paragraphs_of(texts[ReportText.FOREWORD], city=city, country=country),
        "disclaimer": paragraphs_of(texts[ReportText.DISCLAIMER], city=city, country=country),
        "kpi_summary": tables.kpis,
        "data_point_summary": tables.data_points,
        "benchmark": _benchmark(values, dimensions, scorecard),
        "dimensions": dimensions,
        "category_names": category_names,
        "shared_categories": shared,
        "results": _results(values, dimensions),
        "gaps": _gaps(states),
        "not_verified": _not_verified(states),
        "findings": _findings(snapshot),
        "next_steps": _next_steps(states, scorecard),
        "sdg_goals": sdg_goals([state.kpi for state in states], scorecard),
        "kpi_total": len(states),
        "targets_edition": _targets_edition(snapshot),
        "catalogue_edition": snapshot["catalogue"],
        "data_file": report_data_file(snapshot, values),
    }


# ---------------------------------------------------------------- the SDG view


@dataclass(frozen=True)
class SdgKpi:
    """A KPI under one goal: its score for the city and the SDG targets of that goal it serves."""

    kpi: KPI
    aggregate: scoring.Aggregate
    targets: list


@dataclass(frozen=True)
class SdgGoal:
    """One of the 17 goals, the KPIs linked to it and the city's score over them."""

    number: int
    title: str
    kpis: list
    aggregate: scoring.Aggregate

    @property
    def has_provisional(self):
        return any(row.kpi.sdg_is_provisional for row in self.kpis)


def sdg_goals(kpis, scorecard):
    """The 17 SDGs in order, each with its linked KPIs (catalogue order) and the city's score per goal.

    A goal's score aggregates the scored data points of its KPIs by the scoring rules (kpis.scoring):
    their points over four times their count. A KPI linked to two goals counts under each.
    """
    linked = {number: [] for number in GOALS}
    for kpi in kpis:
        total = scorecard.kpis.get(kpi.pk) or scoring.aggregate([])
        for goal in kpi.sdg_goals:
            targets = [target for target in kpi.sdg_target_list if target.split(".")[0] == str(goal)]
            linked[goal].append(SdgKpi(kpi=kpi, aggregate=total, targets=targets))
    return [
        SdgGoal(number=number, title=GOALS[number], kpis=rows, aggregate=scoring.Aggregate(
            points=sum(row.aggregate.points for row in rows), max_points=sum(row.aggregate.max_points for row in rows),
        ))
        for number, rows in linked.items()
    ]


def submission_sdg_goals(submission):
    """The SDG view of a submission: the 17 goals with the city's scores. Two queries."""
    kpis = KPI.objects.filter(category__dimension__edition_id=submission.edition_id).order_by(
        "category__dimension__order", "category__order", "order")
    return sdg_goals(list(kpis), submission_scorecard(submission))



def report_data_file(snapshot, values):
    """The snapshot's values as export_values writes them (the same CSV, byte for byte, for the live
    snapshot), for the report to carry: dated by the report's issue, so that the same data gives the
    same file. In English whatever the report's language: a file of data keeps its keys and names."""
    handle = io.StringIO(newline="")
    with translation.override("en"):
        write_values_csv(values, handle)
    subject = snapshot["submission"]
    dated = datetime.date.fromisoformat(snapshot["issue"]["dated"])
    return DataFile(
        name=f"{subject['city_slug']}-{subject['year']}-values.csv",
        content=handle.getvalue().encode("utf-8"),
        description=f"The values of {subject['city']} for {subject['year']}, one row per data point",
        dated=datetime.datetime.combine(dated, datetime.time(), tzinfo=datetime.timezone.utc),
    )


# ---------------------------------------------------------------- issued versions compared


@dataclass
class ValueChange:
    """One data point whose printed value or band differs between two versions (old and new: unsaved Values)."""

    code: str
    label: str
    old: Value
    new: Value

    @property
    def before(self):
        return formatting.value_text(self.old)

    @property
    def after(self):
        return formatting.value_text(self.new)

    @property
    def changed(self):
        return self.before != self.after or (self.old.band, self.old.score_status) != (self.new.band,
                                                                                         self.new.score_status)


@dataclass
class CountChange:
    table: str
    row: str
    before: object
    after: object


@dataclass
class VersionsCompared:
    older: object
    newer: object
    values: list
    counts: list
    issue: tuple | None


def _counted(rows, table):
    """{(table, "Economy: Core KPIs"): (total, reported, verified)} of one summary table."""
    counted, heading = {}, ""
    for row in rows:
        if row.kind == "heading":
            heading = row.label
            continue
        counted[table, f"{heading}: {row.label}" if row.kind == "row" else row.label] = (
            row.total, row.reported, row.verified)
    return counted


ISSUE_WORDS = {snapshots.PUBLISHED: gettext_lazy("Published"),
               snapshots.SIGNED_OFF: gettext_lazy("Signed off, not yet published")}


def _issue_shown(issue):
    """What a version's cover says of its issue: (words, date)."""
    return ISSUE_WORDS.get(issue["status"], gettext_lazy("Draft")), datetime.date.fromisoformat(issue["dated"])


def versions_compare(older, newer):
    """Which values, bands and table 2 / table 3 counts differ between two versions of one submission."""
    catalogue = report_catalogue(newer.snapshot["catalogue"]["edition"])
    before = snapshot_values(older.snapshot, catalogue.data_points)
    after = snapshot_values(newer.snapshot, catalogue.data_points)
    values = []
    for old, new in zip(before, after):
        change = ValueChange(code=new.data_point.kpi.code, label=report_label(new.data_point), old=old, new=new)
        if change.changed:
            values.append(change)
    counts = []
    tables_before, tables_after = summary_tables_of(summary_rows(before)), summary_tables_of(summary_rows(after))
    for table, attribute in ((gettext("Table 2 (KPIs)"), "kpis"), (gettext("Table 3 (data points)"), "data_points")):
        old_rows = _counted(getattr(tables_before, attribute), table)
        new_rows = _counted(getattr(tables_after, attribute), table)
        for key, figures in new_rows.items():
            if old_rows.get(key) != figures:
                counts.append(CountChange(table=key[0], row=key[1], before=old_rows.get(key), after=figures))
    issue_before, issue_after = older.snapshot["issue"], newer.snapshot["issue"]
    issue = (_issue_shown(issue_before), _issue_shown(issue_after)) if issue_before != issue_after else None
    return VersionsCompared(older=older, newer=newer, values=values, counts=counts, issue=issue)


def awaiting_publication(submission):
    """The day a signed-off, unpublished submission was signed off (it awaits the secretariat's publication); else None."""
    if submission.state != Submission.VERIFIED:
        return None
    signed_at = SignOff.objects.filter(submission=submission).values_list("signed_at", flat=True).first()
    return signed_at
