"""Changes to benchmark targets; each one rescores the values it affects (DESIGN.md, Scoring)."""
from django.db import transaction

from submissions.scores import values_rescore

from .models import Target


@transaction.atomic
def target_set(*, data_point, direction, source, value=None, yes_no=None):
    """Give a data point its target (or replace it), then rescore its values in submissions not signed off."""
    target, _ = Target.objects.update_or_create(
        data_point=data_point,
        defaults={"direction": direction, "value": value, "yes_no": yes_no, "source": source},
    )
    values_rescore(data_point_ids=[data_point.pk])
    return target


@transaction.atomic
def target_delete(*, data_point):
    """Remove a data point's target: its values become "data reported, no target yet"."""
    Target.objects.filter(data_point=data_point).delete()
    values_rescore(data_point_ids=[data_point.pk])


@transaction.atomic
def scores_recompute(*, data_point_ids=None):
    """Rescore the values of the given data points (all when None) against today's targets.

    Signed-off submissions keep the scores they were signed off with. Returns how many changed.
    """
    return values_rescore(data_point_ids=data_point_ids)
