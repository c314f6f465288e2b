"""Changes to the catalogue: benchmark targets reach the stored scores through here (DESIGN.md, Scoring),
and the secretariat confirms SDG mappings."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import sdgs as sdg_rules
from .models import KPI, Target
from .signals import targets_changed


@transaction.atomic
def scores_recompute(*, data_point_ids=None):
    """Rescore the values of the given data points (all when None) against today's targets.

    Signed-off submissions keep the scores they were signed off with. Returns how many changed.
    """
    responses = targets_changed.send(sender=Target, data_point_ids=data_point_ids)
    return sum(changed for _, changed in responses)


@transaction.atomic
def kpi_sdg_confirm(*, kpi_id, actor, sdgs, sdg_targets, iso37120):
    """The secretariat confirms (or corrects) a KPI's SDG mapping: it is no longer provisional, and who did it is kept.

    ValidationError, keyed by field, for goals or targets that are not SDGs.
    """
    kpi = KPI.objects.select_for_update().get(pk=kpi_id)
    errors = {}
    try:
        kpi.sdgs = sdg_rules.goals_clean(sdgs)
    except ValidationError as error:
        errors["sdgs"] = error.messages
    if "sdgs" not in errors:
        try:
            kpi.sdg_targets = sdg_rules.targets_clean(sdg_targets, kpi.sdgs)
        except ValidationError as error:
            errors["sdg_targets"] = error.messages
    if errors:
        raise ValidationError(errors)
    kpi.iso37120 = iso37120.strip()
    kpi.sdg_source = KPI.SDG_SECRETARIAT
    kpi.sdg_confirmed_by = actor
    kpi.sdg_confirmed_at = timezone.now()
    kpi.full_clean()
    kpi.save()
    return kpi
