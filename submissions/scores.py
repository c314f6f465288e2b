"""The scoring service: stored scores of values, and the aggregates built from them (DESIGN.md, Scoring)."""
from kpis import scoring

from .models import Value


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
    if target.direction == scoring.YES and target.yes_no is False:
        raw = not raw
    percent = scoring.percent_of_target(direction=target.direction, target=target.value, value=raw)
    if percent is None:
        value.score_status = Value.NO_TARGET
        return value
    value.score_status = Value.SCORED
    value.percent_of_target = percent
    value.band = scoring.band(percent)
    value.scored_target = target.value
    value.scored_direction = target.direction
    return value
