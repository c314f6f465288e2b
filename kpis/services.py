"""Changes to the catalogue: benchmark targets (each change makes a new targets edition and reaches the
stored scores) and the secretariat's confirmation of SDG mappings.

DESIGN.md, Catalogue and Scoring. Every writer of a target (the targets page, the import, the
command) comes through `targets_apply`, so no change escapes an edition.
"""
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from . import limits
from . import sdgs as sdg_rules
from .models import (KPI, TRANSLATED_LANGUAGES, Category, DataPoint, Dimension, Edition, SubDimension, Target,
                     TargetChange, TargetsEdition, TranslationChange)
from .signals import targets_changed

NUMERIC_DIRECTIONS = (DataPoint.HIGHER, DataPoint.LOWER)
LARGEST_TARGET = Decimal("1e14")


@transaction.atomic
def scores_recompute(*, data_point_ids=None):
    """Rescore the values of the given data points (all when None) against today's targets.

    Signed-off submissions keep the scores they were signed off with. Returns how many changed.
    """
    responses = targets_changed.send(sender=Target, data_point_ids=data_point_ids)
    return sum(changed for _, changed in responses)


def target_check(*, data_point, direction, value=None, yes_no=None, source):
    """The target's fields as stored, or ValidationError keyed by field (direction, value, yes_no, source)."""
    errors = {}
    source = (source or "").strip()
    if data_point.is_yes_no:
        if direction != DataPoint.YES:
            errors["direction"] = _("A yes/no data point takes the direction yes.")
        if yes_no is None:
            errors["yes_no"] = _("The target of a yes/no data point is yes or no.")
        fields = {"direction": DataPoint.YES, "value": None, "yes_no": yes_no, "source": source}
    else:
        if direction not in NUMERIC_DIRECTIONS:
            errors["direction"] = _("The direction of a numeric data point is higher or lower.")
        if value is None:
            errors["value"] = _("Give the target as a number.")
        elif not value.is_finite() or value < 0:
            errors["value"] = _("The target must be a number of zero or more.")
        elif value.as_tuple().exponent < -6 or abs(value) >= LARGEST_TARGET:
            errors["value"] = _("The target has more digits than a target can keep (six decimals at most).")
        elif data_point.max_value is not None and value > data_point.max_value:
            errors["value"] = _("The target cannot be over %(maximum)s.") % {"maximum": f"{data_point.max_value.normalize():f}"}
        fields = {"direction": direction, "value": value, "yes_no": None, "source": source}
    if not source:
        errors["source"] = _("Give the source of the target.")
    elif len(source) > limits.CATALOGUE_TEXT:
        errors["source"] = _("The source is longer than %(limit)s characters.") % {"limit": limits.CATALOGUE_TEXT}
    if errors:
        raise ValidationError(errors)
    return fields


def reason_check(reason):
    """Every targets edition says why it was made."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the targets change; the reason is kept with the edition.")})
    if len(reason) > limits.REASON:
        raise ValidationError({"reason": _("The reason is longer than %(limit)s characters.") % {"limit": limits.REASON}})
    return reason


def _edition_next(catalogue, *, reason, actor):
    """The next targets edition of a catalogue edition (whose row the caller has locked)."""
    last = TargetsEdition.objects.filter(catalogue=catalogue).aggregate(last=Max("number"))["last"] or 0
    return TargetsEdition.objects.create(catalogue=catalogue, number=last + 1, created_at=timezone.now(),
                                         created_by=actor, reason=reason)


@transaction.atomic
def targets_apply(*, catalogue, planned, reason, actor):
    """Set (fields) or remove (None) the targets of the planned data points, all or nothing.

    `planned` is a list of (data point, checked fields or None). Returns the new targets edition,
    or None when nothing differs from the targets in force; the values of submissions not signed
    off are rescored in the same transaction.
    """
    reason = reason_check(reason)
    # The catalogue edition's row first, before any target: writers queue here, so the editions are
    # numbered in order and two writers never hold each other's targets.
    Edition.objects.select_for_update().get(pk=catalogue.pk)
    edition, changed = None, []
    for data_point, fields in planned:
        target = Target.objects.select_for_update().filter(data_point=data_point).first()
        before = target.fields() if target else None
        if fields is None:
            if target is None:
                continue
            target.delete()
        else:
            target = target or Target(data_point=data_point)
            for name, wanted in fields.items():
                setattr(target, name, wanted)
            target.full_clean()
            if target.fields() == before:
                continue
            target.save()
        edition = edition or _edition_next(catalogue, reason=reason, actor=actor)
        TargetChange.objects.create(edition=edition, data_point=data_point, before=before,
                                    after=None if fields is None else target.fields())
        changed.append(data_point.pk)
    if edition is not None:
        edition.rescored = scores_recompute(data_point_ids=changed)
    return edition


def _catalogue_of(data_point):
    return Edition.objects.get(dimensions__subdimensions__kpis__data_points=data_point)


@transaction.atomic
def target_set(*, data_point, direction, value=None, yes_no=None, source, reason, actor):
    """Give one data point this target. ValidationError keyed by field; the new targets edition."""
    errors, fields = {}, None
    try:
        fields = target_check(data_point=data_point, direction=direction, value=value, yes_no=yes_no, source=source)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        reason_check(reason)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    edition = targets_apply(catalogue=_catalogue_of(data_point), planned=[(data_point, fields)],
                            reason=reason, actor=actor)
    if edition is None:
        raise ValidationError({NON_FIELD_ERRORS: _("This is the target in force already: nothing changed.")})
    return edition


@transaction.atomic
def target_remove(*, data_point, reason, actor):
    """Leave one data point without a target (its values then show "no target yet"); the new edition."""
    reason_check(reason)
    edition = targets_apply(catalogue=_catalogue_of(data_point), planned=[(data_point, None)],
                            reason=reason, actor=actor)
    if edition is None:
        raise ValidationError({NON_FIELD_ERRORS: _("This data point has no target to remove.")})
    return edition
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


# The catalogue rows whose names are translated, by the kind the translations page and file name them.
TRANSLATED_KINDS = {"dimension": Dimension, "subdimension": SubDimension, "category": Category, "kpi": KPI,
                    "datapoint": DataPoint}


def translated_fields(kind):
    """The fields of a kind the secretariat translates, e.g. ("name", "unit") (kpis/translation.py)."""
    return tuple(translator.get_options_for_model(TRANSLATED_KINDS[kind]).all_fields)


@transaction.atomic
def translation_correct(*, kind, pk, language, texts, actor):
    """The secretariat corrects (or keeps) one row's translation into one language and confirms it.

    `texts` holds the translated fields ({"name": …, "unit": …}); the translation is no longer
    provisional in that language, and the change (before, after, who, when) is kept.
    ValidationError keyed by field.
    """
    if language not in TRANSLATED_LANGUAGES:
        raise ValidationError({NON_FIELD_ERRORS: _("Only the French, Spanish and Arabic names are translations.")})
    row = TRANSLATED_KINDS[kind].objects.select_for_update().get(pk=pk)
    fields = sorted(translated_fields(kind))
    before = {field: getattr(row, f"{field}_{language}") or "" for field in fields}
    after, errors = {}, {}
    for field in fields:
        text = (texts.get(field) or "").strip()
        english = getattr(row, f"{field}_en") or ""
        if english and not text:
            errors[field] = _("Give the translation; the English text has one.")
        after[field] = text
        setattr(row, f"{field}_{language}", text or None)
    if errors:
        raise ValidationError(errors)
    row.translations_confirmed = sorted(set(row.translations_confirmed or []) | {language})
    try:
        row.full_clean()
    except ValidationError as error:
        raise ValidationError({field.rsplit("_", 1)[0] if field.endswith(f"_{language}") else field: messages
                               for field, messages in error.message_dict.items()})
    row.save()
    TranslationChange.objects.create(model=kind, object_id=row.pk, language=language, before=before, after=after,
                                     changed_by=actor, changed_at=timezone.now())
    return row
