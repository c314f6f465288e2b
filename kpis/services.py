"""Changes to benchmark targets reach the stored scores through here (DESIGN.md, Scoring)."""
from django.db import transaction

from .models import Target
from .signals import targets_changed


@transaction.atomic
def scores_recompute(*, data_point_ids=None):
    """Rescore the values of the given data points (all when None) against today's targets.

    Signed-off submissions keep the scores they were signed off with. Returns how many changed.
    """
    responses = targets_changed.send(sender=Target, data_point_ids=data_point_ids)
    return sum(changed for _, changed in responses)
