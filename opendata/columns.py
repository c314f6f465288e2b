"""One published value as open data: the columns of the API's values and of the bulk CSV, in one place.

Each column has its name, its Table Schema type (frictionless), what it means, and how it is read
from a value of opendata.selectors.published_values(). The API's ValueSerializer, the CSV and the
data package's schema are all built from COLUMNS, so they cannot disagree.
"""
from dataclasses import dataclass
from typing import Callable

from kpis import scoring
from submissions.models import Value
from submissions.scorecards import band_state_of as band_state
from submissions.value_text import TYPED, number_typed, value_text


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean
    description: str
    read: Callable


def _target(value):
    """The target the value was scored against when its submission was signed off; for a value not
    scored (not reported, or no value), the data point's current target."""
    if value.score_status == Value.SCORED:
        if value.scored_direction == scoring.YES:
            return "no" if value.data_point.target.yes_no is False else "yes"
        return number_typed(value.scored_target)
    target = getattr(value.data_point, "target", None)
    if target is None:
        return ""
    if target.direction == scoring.YES:
        return "no" if target.yes_no is False else "yes"
    return number_typed(target.value)


def _percent(value):
    rounded = scoring.percent_rounded(value.percent_of_target, 2)
    return None if rounded is None else rounded


COLUMNS = (
    Column("submission", "integer", "The submission's id in this API (/api/v1/submissions/<id>/).",
           lambda v: v.submission_id),
    Column("city", "string", "The city's identifier (slug).", lambda v: v.submission.city.slug),
    Column("city_name", "string", "The city's name.", lambda v: v.submission.city.name),
    Column("country", "string", "The city's country.", lambda v: v.submission.city.country),
    Column("sample_data", "boolean", "True for a fictional sample city of the demo: its figures are invented.",
           lambda v: v.submission.city.is_sample),
    Column("year", "integer", "The year the data describe.", lambda v: v.submission.year),
    Column("edition", "string", "The catalogue edition the submission was made under.",
           lambda v: v.submission.edition.name),
    Column("dimension", "string", "Economy, Environment, or Society and Culture.",
           lambda v: v.data_point.kpi.category.dimension.name),
    Column("category", "string", "The KPI's category.", lambda v: v.data_point.kpi.category.name),
    Column("code", "string", "The KPI's code as the methodology writes it (EC: ICT: ICT: 1C).",
           lambda v: v.data_point.kpi.code),
    Column("kpi", "string", "The KPI's name.", lambda v: v.data_point.kpi.name),
    Column("kpi_type", "string", "core or advanced.", lambda v: v.data_point.kpi.type),
    Column("data_point", "string", "The data point's name.", lambda v: v.data_point.name),
    Column("value", "string", "The value: a plain number with a dot for decimals, or yes / no; empty when not reported.",
           lambda v: value_text(v, form=TYPED)),
    Column("unit", "string", "The data point's unit.", lambda v: v.data_point.unit),
    Column("reported", "boolean", "True when the city reported a value.", lambda v: v.is_reported),
    Column("not_reported_reason", "string", "The city's reason for not reporting the data point.",
           lambda v: v.not_reported_reason if v.not_reported else ""),
    Column("verified", "boolean", "True when the verifier verified the value against its evidence.",
           lambda v: bool(v.is_verified)),
    Column("band", "integer", "The benchmark band, 1 (under 33 % of target) to 4 (95 % and over); empty when not scored.",
           lambda v: v.band if v.score_status == Value.SCORED else None),
    Column("band_label", "string", "The band, or why there is none, in words.", lambda v: band_state(v).label),
    Column("percent_of_target", "number", "The value's percentage of its target, to two decimals.", _percent),
    Column("target", "string", "The target the value was scored against (a number, or yes / no); for a value not "
                                "scored, the data point's current target; empty when it has none.", _target),
    Column("target_edition", "integer", "The targets edition the value was scored against (recorded at the sign-off).",
           lambda v: v.target_edition),
    Column("source", "string", "The source of the data, as the city gave it.", lambda v: v.source),
    Column("data_quality", "string", "How the value was obtained: accurate, survey, regional, assumptions, expert "
                                     "or unknown.", lambda v: v.data_quality),
    Column("sdgs", "string", "The SDGs the KPI is linked to, separated by ';'.", lambda v: v.data_point.kpi.sdgs),
    Column("sdg_provisional", "boolean", "True when the KPI's SDG mapping is provisional (not yet confirmed).",
           lambda v: v.data_point.kpi.sdg_is_provisional),
)


def value_row(value):
    """A published value as a dict of COLUMNS, in order."""
    return {column.name: column.read(value) for column in COLUMNS}


def table_schema():
    """The Frictionless Table Schema of the bulk CSV."""
    return {
        "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in COLUMNS],
        "primaryKey": ["submission", "code", "data_point"],
        "missingValues": [""],
    }
