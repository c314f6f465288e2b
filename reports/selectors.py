"""Reading what a report prints: its sections' content, built from one submission in a few queries."""
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from kpis.models import KPI
from submissions.models import Submission, Value
from submissions.scorecards import submission_scorecard, summary_tables
from verification.models import Review, SignOff

from . import formatting, sunburst
from .models import ReportText
from .texts import report_paragraphs

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
            note = value.not_reported_reason or ("" if value.not_reported else "No value was entered.")
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
        if node.band is not None:
            node.detail = f"{formatting.number_text(total.percent)} % of target"
        else:
            node.detail = sunburst.state(node).label
    return tree


def submission_sunburst(submission):
    """The city performance benchmark of a submission, as SVG."""
    dimensions = submission.edition.dimensions.all()
    nodes = _sunburst_nodes(submission_values(submission), dimensions, submission_scorecard(submission))
    return sunburst.sunburst_svg(nodes)


def _next_steps(states, scorecard):
    """The KPIs under 66 % of their target, by name."""
    steps = []
    for state in states:
        total = scorecard.kpis.get(state.kpi.pk)
        if total and total.band in LOW_BANDS:
            steps.append({"code": state.kpi.code, "name": state.kpi.name,
                          "percent": f"{formatting.number_text(total.percent)} %"})
    return steps


def report_content(submission, *, on=None):
    """Everything the report template prints for one submission."""
    submission = Submission.objects.select_related("city", "edition").get(pk=submission.pk)
    values = submission_values(submission)
    dimensions = list(submission.edition.dimensions.all())
    states = _kpi_states(values)
    sign_off = SignOff.objects.filter(submission=submission).first() if submission.is_signed_off else None
    city, country = submission.city.name, submission.city.country
    dated = sign_off.signed_at if sign_off else (on or timezone.now())
    # In catalogue order, each name once, as the seed lists them; a name under two
    # dimensions (Water and Sanitation, Waste) is noted as shared.
    dimensions_of = {}
    for value in values:
        category = value.data_point.kpi.category
        dimensions_of.setdefault(category.name, set()).add(category.dimension_id)
    category_names = list(dimensions_of)
    shared = [name for name, ids in dimensions_of.items() if len(ids) > 1]
    gaps = _gaps(states)
    scorecard = submission_scorecard(submission)
    tables = summary_tables(submission)
    return {
        "submission": submission,
        "city": city,
        "country": country,
        "date": dated,
        "is_draft": not submission.is_signed_off,
        "is_sample": submission.city.is_sample,
        "sign_off": sign_off,
        "activities": [line.strip() for line in sign_off.activities.splitlines() if line.strip()] if sign_off else [],
        "foreword": report_paragraphs(ReportText.FOREWORD, city=city, country=country),
        "disclaimer": report_paragraphs(ReportText.DISCLAIMER, city=city, country=country),
        "kpi_summary": tables.kpis,
        "data_point_summary": tables.data_points,
        "sunburst": sunburst.sunburst_svg(_sunburst_nodes(values, dimensions, scorecard)),
        "dimensions": dimensions,
        "category_names": category_names,
        "shared_categories": shared,
        "results": _results(values, dimensions),
        "gaps": gaps,
        "not_verified": _not_verified(states),
        "next_steps": _next_steps(states, scorecard),
        "sdgs": _sdgs(states),
        "kpi_total": len(states),
    }


def _sdgs(states):
    """The SDGs the reported KPIs are linked to, with those KPIs' codes (when the catalogue says)."""
    linked = defaultdict(list)
    for state in states:
        for goal in (part.strip() for part in state.kpi.sdgs.replace(";", ",").split(",")):
            if goal:
                linked[goal].append(state.kpi.code)
    return sorted(linked.items(), key=lambda item: (len(item[0]), item[0]))

