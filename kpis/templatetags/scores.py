"""Template tags that show scores: a band mark with its text label, the scorecard, tables 2 and 3.

    {% load scores %}
    {% band_mark value %}              a value's band (or an Aggregate's, or a band number)
    {% submission_scorecard_table submission %}   aggregates per dimension and category
    {% submission_summary_tables submission %}    KPIs and data points reported / verified
"""
from django import template

from kpis import scoring
from submissions.models import Value
from submissions.scores import submission_scorecard, summary_tables

register = template.Library()

NO_DATA_LABEL = "No data"


def band_and_label(subject):
    """The band (1-4, or None for grey) of a value, an aggregate or a band number, and its words."""
    if isinstance(subject, Value):
        if subject.score_status == Value.SCORED and subject.band:
            return subject.band, scoring.BAND_LABELS[subject.band]
        if subject.score_status == Value.NO_TARGET:
            return None, scoring.NO_TARGET_LABEL
        return None, NO_DATA_LABEL
    band = subject.band if isinstance(subject, scoring.Aggregate) else subject
    return band or None, scoring.BAND_LABELS[band or None]


@register.inclusion_tag("includes/band_mark.html")
def band_mark(subject, show_label=False):
    """A coloured mark for the band, with its label for screen readers (or shown, with show_label)."""
    band, label = band_and_label(subject)
    return {"band": band, "label": label, "show_label": show_label}


@register.filter
def band_label(subject):
    return band_and_label(subject)[1]


@register.filter
def percent_shown(percent, places=2):
    """A percentage rounded as the seed prints it: "56.25 %"."""
    return scoring.percent_shown(percent, int(places))


@register.inclusion_tag("submissions/_scorecard.html")
def submission_scorecard_table(submission):
    """Points, maximum, percentage and band per dimension and category and overall, and the band
    of each value beneath its category. Two queries."""
    card = submission_scorecard(submission)
    values = (
        Value.objects.filter(submission=submission)
        .select_related("data_point__kpi__category__dimension")
        .in_catalogue_order()
    )
    dimensions = []
    for value in values:
        category = value.data_point.kpi.category
        if not dimensions or dimensions[-1]["dimension"].pk != category.dimension_id:
            dimensions.append({"dimension": category.dimension, "aggregate": card.dimensions[category.dimension_id],
                               "categories": []})
        categories = dimensions[-1]["categories"]
        if not categories or categories[-1]["category"].pk != category.pk:
            categories.append({"category": category, "aggregate": card.categories[category.pk], "values": []})
        categories[-1]["values"].append(value)
    return {"dimensions": dimensions, "overall": card.overall}


@register.inclusion_tag("submissions/_summary_tables.html")
def submission_summary_tables(submission):
    """Tables 2 and 3 of the report: KPIs and data points reported and verified. One query."""
    tables = summary_tables(submission)
    return {"tables": [
        {"caption": "KPI reporting and verification summary (table 2 of the report)", "id": "summary-kpis",
         "heading": "% KPIs Verified", **_grouped(tables.kpis)},
        {"caption": "KPI data points reporting and verification summary (table 3 of the report)",
         "id": "summary-data-points", "heading": "% Data Points Verified", **_grouped(tables.data_points)},
    ]}


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
