"""Every change to cities, submissions and values, one transaction each."""
import datetime
import secrets
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from kpis.models import DataPoint

from . import permissions, signals
from .evidence import check_upload
from .models import City, Cycle, Event, Evidence, PendingUpload, Submission, Value
from .scores import value_score
from .validation import CONTEXT_FIELDS, compute_from_parts, context_check, value_check
from .value_text import LOG, value_text


class StaleValue(Exception):
    """Someone else saved this value after the person loaded it."""

    def __init__(self, current):
        super().__init__(f"{current.data_point} was changed by someone else.")
        self.current = current


class StaleValues(Exception):
    """Several values of one save were changed by someone else; nothing of the save was kept."""

    def __init__(self, currents):
        super().__init__(f"{len(currents)} value(s) were changed by someone else.")
        self.currents = {value.pk: value for value in currents}


class NotAllowed(Exception):
    """The submission's state does not allow this change."""


# ---------------------------------------------------------------- locks and the rule under them
#
# Who may write is decided again inside the writing transaction, under a lock on the
# submission's row, from its state as it is now: a page loaded (or a file parsed) before a
# sign-off, a submit or a closed query cannot write after it. Every writer locks in one
# order, so that none waits for another in a circle: the submission, then the value, then
# the value's review, then its query thread.

def submission_lock(*, submission_id):
    """Lock and return a submission's row, inside the caller's transaction."""
    return Submission.objects.select_for_update().get(pk=submission_id)


def value_lock(*, value_id):
    """Lock a value's submission, then the value; return the value with that locked submission."""
    submission = Submission.objects.select_for_update(of=("self",)).get(values=value_id)
    value = (
        Value.objects.select_for_update(of=("self",))
        .select_related("data_point__kpi", "data_point__target")
        .get(pk=value_id)
    )
    value.submission = submission
    return value


def _refusal(submission, what):
    """Why the change is refused, said from the submission's state as it is now."""
    if submission.is_signed_off:
        return gettext("%(submission)s was signed off while you were editing: nothing was saved.") % {
            "submission": submission}
    if submission.state == Submission.SUBMITTED:
        return gettext("%(submission)s is with the verifier and %(what)s cannot be changed now "
                       "(only a data point with an open query can be): nothing was saved.") % {
            "submission": submission, "what": what}
    return gettext("You cannot change %(what)s in %(submission)s: nothing was saved.") % {
        "what": what, "submission": submission}


def value_write_check(*, value, actor):
    """Refuse unless the actor may change this value now (the rule: Value.objects.editable_by).

    Call with value_lock's value. A command (actor None) writes until the sign-off.
    """
    if actor is None:
        allowed = not value.submission.is_signed_off
    else:
        allowed = permissions.value_editable_by(actor, value)
    if not allowed:
        raise NotAllowed(_refusal(value.submission, f"{value.data_point.kpi.code} {value.data_point.name}"))


def submission_write_check(*, submission, actor):
    """Refuse unless the actor may change the whole submission now: context figures, its own evidence."""
    if actor is None:
        allowed = not submission.is_signed_off
    else:
        allowed = permissions.can_edit_submission(actor, submission)
    if not allowed:
        raise NotAllowed(_refusal(submission, gettext("the submission's figures and files")))


def event_record(*, submission, actor, action, value=None, from_state="", to_state="", reason=""):
    return Event.objects.create(
        submission=submission, value=value, actor=actor, action=action,
        from_state=str(from_state)[:200], to_state=str(to_state)[:200], reason=reason,
    )


def city_create(*, slug, name, country, population_band=None, currency=None, is_sample=None, report_language=None):
    """Create a city or update its name and country (and its population band, currency and report language when given);
    ValidationError names a field that does not fit.

    is_sample: True for a fictional city of the demo's sample programme (None leaves the mark as it is)."""
    fields = {"name": name, "country": country}
    if population_band is not None:
        fields["population_band"] = population_band
    if currency is not None:
        fields["currency"] = currency
    if report_language is not None:
        fields["report_language"] = report_language
    City(slug=slug, **fields).clean_fields()
    marked = {} if is_sample is None else {"is_sample": is_sample}
    city, _ = City.objects.update_or_create(slug=slug, defaults={**fields, **marked})
    return city


@transaction.atomic
def city_update(*, city, slug, name, country, population_band, currency, report_language):
    """Change a city's name, country, slug, population band, currency and report language; ValidationError names
    a field that does not fit (a slug another city has included)."""
    city = City.objects.select_for_update().get(pk=city.pk)
    city.slug, city.name, city.country = slug, name, country
    city.population_band, city.currency, city.report_language = population_band, currency, report_language
    city.full_clean(exclude=["members"])
    city.save()
    return city


@transaction.atomic
def submission_create(*, city, year, edition, actor=None, **context):
    submission, created = Submission.objects.get_or_create(
        city=city, year=year, edition=edition, defaults=context
    )
    if created:
        data_points = DataPoint.objects.filter(kpi__category__dimension__edition=edition)
        Value.objects.bulk_create(Value(submission=submission, data_point=dp) for dp in data_points)
        event_record(submission=submission, actor=actor, action="created", to_state=Submission.DRAFT)
    return submission


@dataclass(frozen=True)
class ValueInput:
    number: object = None
    yes_no: object = None
    numerator: object = None
    denominator: object = None
    not_reported: bool = False
    not_reported_reason: str = ""
    source: str = ""
    data_quality: str = ""
    note: str = ""


ANSWER_FIELDS = ("number", "yes_no", "not_reported")
ALL_FIELDS = tuple(ValueInput.__dataclass_fields__)


@transaction.atomic
def value_set(*, value_id, actor, data, expected_version=None, reason=""):
    """Save one value: refuse a change the actor may no longer make, a stale edit and what the data
    point does not allow (ValidationError keyed by field, validation.value_check), keep history,
    rescore, reset a verified review."""
    value = value_lock(value_id=value_id)
    value_write_check(value=value, actor=actor)
    if expected_version is not None and value.version != expected_version:
        raise StaleValue(value)
    if all(getattr(value, field) == getattr(data, field) for field in ALL_FIELDS):
        return value
    value_check(value.data_point, data)
    before, before_shown = value_text(value, form=LOG), value_text(value)
    answer_changed = any(getattr(value, field) != getattr(data, field) for field in ANSWER_FIELDS)
    for field in ALL_FIELDS:
        setattr(value, field, getattr(data, field))
    value.entered_by = actor
    value.entered_at = timezone.now()
    value.version += 1
    value_score(value)
    value._history_user = actor
    value.save()
    if answer_changed:
        event_record(submission=value.submission, value=value, actor=actor, action="value_changed",
                     from_state=before, to_state=value_text(value, form=LOG), reason=reason)
        # Verification sends a verified review back to pending, and a value returned for correction back
        # to the verifier with the change (before -> now) and the city's reason.
        signals.value_answer_changed.send(sender=Value, value=value, actor=actor, before=before_shown, reason=reason)
    return value


# The states a submission may move between, and the reason each move needs.
TRANSITIONS = {
    (Submission.DRAFT, Submission.SUBMITTED): "submitted",
    (Submission.SUBMITTED, Submission.VERIFIED): "signed_off",
    (Submission.VERIFIED, Submission.PUBLISHED): "published",
    (Submission.VERIFIED, Submission.SUBMITTED): "reopened",
    (Submission.PUBLISHED, Submission.SUBMITTED): "reopened",
    (Submission.PUBLISHED, Submission.VERIFIED): "withdrawn",
    (Submission.SUBMITTED, Submission.DRAFT): "returned",
}


@transaction.atomic
def submission_state_change(*, submission_id, actor, to_state, reason=""):
    """Move a submission to another state and record it; who may do it is checked by the caller."""
    submission = submission_lock(submission_id=submission_id)
    action = TRANSITIONS.get((submission.state, to_state))
    if action is None:
        raise NotAllowed(
            gettext("A submission in the state “%(state)s” cannot become “%(to_state)s”.") % {
                "state": submission.get_state_display(), "to_state": dict(Submission.STATE_CHOICES)[to_state]}
        )
    if action in ("reopened", "returned", "withdrawn") and not reason.strip():
        raise NotAllowed(gettext("Give a reason."))
    before = submission.state
    submission.state = to_state
    if to_state == Submission.SUBMITTED and before == Submission.DRAFT:
        submission.submitted_at = timezone.now()
    if to_state == Submission.PUBLISHED:
        submission.published_at, submission.published_by = timezone.now(), actor
    elif before == Submission.PUBLISHED:
        submission.published_at = submission.published_by = None
    submission.save()
    event_record(submission=submission, actor=actor, action=action, from_state=before, to_state=to_state, reason=reason)
    # Verification e-mails the secretariat and the assigned verifiers on "submitted", once this commits.
    signals.submission_state_changed.send(sender=Submission, submission=submission, actor=actor, action=action,
                                          from_state=before, to_state=to_state)
    return submission


@transaction.atomic
def values_save(*, changes, actor, uploads=(), pending=(), reason=""):
    """Save the changed values of one form page and their new evidence, all or nothing.

    changes: (value_id, expected_version, ValueInput); uploads: (value_id, CheckedUpload); pending: the
    PendingUploads the page carried, kept from a save that failed, attached now; reason: why, as
    the person says it (a correction the verifier asked for).
    When any value was saved by someone else meanwhile, nothing is kept and StaleValues
    names them all, so the person can look and save again.
    """
    saved, stale = [], []
    for value_id, expected_version, data in changes:
        try:
            saved.append(value_set(value_id=value_id, actor=actor, data=data, expected_version=expected_version,
                                   reason=reason))
        except StaleValue as error:
            stale.append(error.current)
    if stale:
        transaction.set_rollback(True)
        raise StaleValues(stale)
    submissions = dict(Value.objects.filter(pk__in=[v for v, _ in uploads]).values_list("pk", "submission_id"))
    for value_id, upload in uploads:
        evidence_add(submission_id=submissions[value_id], value_id=value_id, upload=upload, actor=actor)
    for item in pending:
        pending_upload_attach(pending_id=item.pk, actor=actor)
    return saved


@transaction.atomic
def submission_context_set(*, submission_id, actor, **figures):
    """The year's context figures: population, households, land area, GDP and its currency.

    ValidationError, keyed by field, for figures a submission may not hold (validation.context_check).
    """
    submission = submission_lock(submission_id=submission_id)
    submission_write_check(submission=submission, actor=actor)
    context_check({name: figures.get(name, getattr(submission, name)) for name in CONTEXT_FIELDS})
    changed = {name: value for name, value in figures.items() if getattr(submission, name) != value}
    if submission.context_from_year is not None:  # saving the form confirms the figures copied from last year
        submission.context_from_year = None
        submission.save(update_fields=["context_from_year"])
    if not changed:
        return submission
    before = ", ".join(f"{name}={getattr(submission, name)}" for name in changed)
    old_population = submission.population
    for name, value in changed.items():
        setattr(submission, name, value)
    submission.save()
    event_record(submission=submission, actor=actor, action="context_changed", from_state=before,
                 to_state=", ".join(f"{name}={value}" for name, value in changed.items()))
    if "population" in changed:
        _rates_recompute(submission=submission, actor=actor, old=old_population, new=submission.population)
    return submission


def _rates_recompute(*, submission, actor, old, new):
    """Per-capita and per-100 000 rates computed over the old population follow the new one.

    A denominator equal to the old population is the population; one the city typed
    otherwise is its own and stays. Each recomputed value keeps its trace in the history.
    """
    if not old or not new:
        return
    rates = submission.values.filter(
        data_point__default_denominator_is_population=True, numerator__isnull=False, denominator=old,
    ).select_related("data_point")
    for value in rates:
        try:
            number = compute_from_parts(value.data_point, value.numerator, Decimal(new))
        except ValidationError:
            continue  # the old figures stay, and the form shows the problem when next saved
        data = ValueInput(**{field: getattr(value, field) for field in ALL_FIELDS})
        try:  # value_set checks before it writes anything
            value_set(value_id=value.pk, actor=actor, data=replace(data, number=number, denominator=Decimal(new)),
                      reason=f"population changed from {old} to {new}")
        except ValidationError:
            continue  # a value stored before today's rules keeps its figures until it is next saved


def submission_missing(submission):
    """The values that have neither a value nor a not-reported reason."""
    return (
        submission.values.exclude(pk__in=Value.objects.filter(submission=submission).answered())
        .select_related("data_point__kpi")
        .in_catalogue_order()
    )


@transaction.atomic
def submission_submit(*, submission_id, actor):
    """Hand a draft to verification, once every data point has a value or a not-reported reason."""
    submission = submission_lock(submission_id=submission_id)
    if submission.state != Submission.DRAFT:
        raise NotAllowed(gettext("Only a draft can be submitted for verification."))
    missing = list(submission_missing(submission))
    if missing:
        codes = list(dict.fromkeys(value.data_point.kpi.code for value in missing))
        shown = ", ".join(codes[:10]) + (", …" if len(codes) > 10 else "")
        raise NotAllowed(
            ngettext("%(count)d data point still has neither a value nor a not-reported reason: %(codes)s.",
                     "%(count)d data points still have neither a value nor a not-reported reason: %(codes)s.",
                     len(missing)) % {"count": len(missing), "codes": shown}
        )
    return submission_state_change(submission_id=submission.pk, actor=actor, to_state=Submission.SUBMITTED)


def _evidence_owner_lock(*, submission_id, value_id, actor):
    """Lock what a file belongs to and refuse unless the actor may change it now.

    Evidence of a value goes with the value's rule; the submission's with the submission's.
    Returns (submission, value or None).
    """
    if not value_id:
        submission = submission_lock(submission_id=submission_id)
        submission_write_check(submission=submission, actor=actor)
        return submission, None
    value = value_lock(value_id=value_id)
    if value.submission.pk != submission_id:
        raise Value.DoesNotExist("This data point is not in this submission.")
    value_write_check(value=value, actor=actor)
    return value.submission, value


@transaction.atomic
def evidence_add(*, submission_id, upload, actor, value_id=None):
    """Store a checked upload (submissions.evidence.check_upload) under a generated name."""
    submission, value = _evidence_owner_lock(submission_id=submission_id, value_id=value_id, actor=actor)
    evidence = Evidence(
        submission=submission, value=value, original_name=upload.name, content_type=upload.content_type,
        size=upload.size, sha256=upload.sha256, uploaded_by=actor,
    )
    upload.file.seek(0)
    evidence.file.save(upload.name, upload.file, save=False)
    evidence.save()
    event_record(submission=submission, value=value, actor=actor, action="evidence_added", to_state=upload.name)
    return evidence


@transaction.atomic
def evidences_add(*, submission_id, uploads, actor, value_id=None, pending=()):
    """Several files for one value or the whole submission: all of them, or none.

    pending: files kept from a form that failed (PendingUpload), attached to what this save names.
    """
    added = [evidence_add(submission_id=submission_id, value_id=value_id, upload=upload, actor=actor)
             for upload in uploads]
    return added + [pending_upload_attach(pending_id=item.pk, actor=actor, value_id=value_id) for item in pending]


@transaction.atomic
def evidence_delete(*, evidence_id, actor):
    """Remove a file, by the same rule as adding it."""
    submission_id, value_id = Evidence.objects.values_list("submission_id", "value_id").get(pk=evidence_id)
    _evidence_owner_lock(submission_id=submission_id, value_id=value_id, actor=actor)
    evidence = Evidence.objects.select_for_update(of=("self",)).select_related("submission", "value").get(pk=evidence_id)
    storage, name = evidence.file.storage, evidence.file.name
    event_record(submission=evidence.submission, value=evidence.value, actor=actor,
                 action="evidence_removed", from_state=evidence.original_name)
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


# ---------------------------------------------------------------- reporting cycles

@transaction.atomic
def cycle_save(*, actor, cycle=None, **fields):
    """Create a cycle or change one; ValidationError keyed by field (dates out of order, a name taken)."""
    cycle = cycle or Cycle()
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.full_clean()
    cycle.save()
    return cycle


@dataclass
class Invitation:
    created: list
    existing: list


def _last_context(city, year):
    """The context figures of the city's latest earlier submission that has any, and its year."""
    earlier = (Submission.objects.filter(city=city, year__lt=year, population__isnull=False)
               .order_by("-year").values("year", *CONTEXT_FIELDS).first())
    if earlier is None:
        return {}
    return {"context_from_year": earlier.pop("year"), **earlier}


@transaction.atomic
def cycle_invite(*, cycle_id, city_ids, actor):
    """Each city gets its draft submission of the cycle's year and edition, with last year's context
    figures offered as defaults; a city that already has a submission for that year is reported."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
    result = Invitation(created=[], existing=[])
    for city in City.objects.filter(pk__in=city_ids).order_by("name"):
        existing = Submission.objects.filter(city=city, year=cycle.year).first()
        if existing is not None:
            result.existing.append(existing)
            continue
        submission = submission_create(city=city, year=cycle.year, edition=cycle.edition, actor=actor,
                                       cycle=cycle, **_last_context(city, cycle.year))
        event_record(submission=submission, actor=actor, action="invited", to_state=cycle.name)
        result.created.append(submission)
    return result


# ---------------------------------------------------------------- files of a form that failed

PENDING_UPLOAD_LIFETIME = datetime.timedelta(days=1)
AS_KEPT = object()  # a kept file goes where it was chosen for


def _pending_files_delete(rows):
    names = [(row.file.storage, row.file.name) for row in rows]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


@transaction.atomic
def pending_upload_keep(*, submission_id, upload, actor, value_id=None):
    """Keep a checked upload of a form that failed until the form is saved, so nobody chooses it again.

    The person's expired files go on the way.
    """
    expired = list(PendingUpload.objects.select_for_update().filter(owner=actor, expires_at__lte=timezone.now()))
    PendingUpload.objects.filter(pk__in=[row.pk for row in expired]).delete()
    _pending_files_delete(expired)
    pending = PendingUpload(
        token=secrets.token_urlsafe(32), owner=actor, submission_id=submission_id, value_id=value_id,
        original_name=upload.name, content_type=upload.content_type, size=upload.size, sha256=upload.sha256,
        expires_at=timezone.now() + PENDING_UPLOAD_LIFETIME,
    )
    upload.file.seek(0)
    pending.file.save(upload.name, upload.file, save=False)
    pending.save()
    return pending


@transaction.atomic
def pending_upload_attach(*, pending_id, actor, value_id=AS_KEPT):
    """A kept file becomes evidence of what it was chosen for, checked by its content again, by the rule of adding it.

    value_id: where the saved form says it goes, when the person may choose again (None: the whole submission).
    """
    pending = PendingUpload.objects.select_for_update().get(pk=pending_id, owner=actor)
    with pending.file.open("rb") as handle:
        upload = check_upload(File(handle, name=pending.original_name))
        evidence = evidence_add(submission_id=pending.submission_id, upload=upload, actor=actor,
                                value_id=pending.value_id if value_id is AS_KEPT else value_id)
    pending.delete()
    _pending_files_delete([pending])
    return evidence


@transaction.atomic
def pending_upload_discard(*, pending_id, actor):
    """The person removed a kept file before saving: it goes."""
    rows = list(PendingUpload.objects.select_for_update().filter(pk=pending_id, owner=actor))
    PendingUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    _pending_files_delete(rows)
