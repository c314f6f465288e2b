"""Storing scores: each value's percentage of target and band, by the rules of kpis.scoring (DESIGN.md, Scoring).

value_score        one value's percentage of target and band, stored with the value on every save
values_rescore     the same for every value a target change affects (not in signed-off submissions)

Reading them (scorecards, tables 2 and 3) is submissions.scorecards.
"""
from django.db import transaction

from kpis import scoring

from .models import Submission, Value
from .stamps import submission_changed, submissions_changed

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
    if target.direction == scoring.YES:
        percent = scoring.percent_of_target(direction=scoring.YES, target=target.yes_no, value=value.yes_no)
    else:
        percent = scoring.percent_of_target(direction=target.direction, target=target.value, value=value.number)
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
    if changed:
        submissions_changed()
        submission_changed(*{value.submission_id for value in changed})
    return len(changed)


def values_rescore_on_target_change(sender, *, data_point_ids, **kwargs):
    """kpis.signals.targets_changed: rescore the values the changed targets affect."""
    return values_rescore(data_point_ids=data_point_ids)
