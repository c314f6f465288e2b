"""Every change to cities, submissions and values, one transaction each."""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kpis.models import DataPoint

from .models import City, Event, Submission, Value
from .scores import value_score


class StaleValue(Exception):
    """Someone else saved this value after the person loaded it."""

    def __init__(self, current):
        super().__init__(f"{current.data_point} was changed by someone else.")
        self.current = current


class NotAllowed(Exception):
    """The submission's state does not allow this change."""


def event_record(*, submission, actor, action, value=None, from_state="", to_state="", reason=""):
    return Event.objects.create(
        submission=submission, value=value, actor=actor, action=action,
        from_state=str(from_state)[:200], to_state=str(to_state)[:200], reason=reason,
    )


def city_create(*, slug, name, country):
    city, _ = City.objects.update_or_create(slug=slug, defaults={"name": name, "country": country})
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


def _shown(value):
    if value.not_reported:
        return f"not reported ({value.not_reported_reason})"
    if value.yes_no is not None:
        return "yes" if value.yes_no else "no"
    if value.number is not None:
        return str(value.number.normalize())
    return "empty"


@transaction.atomic
def value_set(*, value_id, actor, data, expected_version=None, reason=""):
    """Save one value: refuse a stale edit, keep history, rescore, reset a verified review."""
    value = (
        Value.objects.select_for_update(of=("self",))
        .select_related("data_point__target", "submission")
        .get(pk=value_id)
    )
    if expected_version is not None and value.version != expected_version:
        raise StaleValue(value)
    if all(getattr(value, field) == getattr(data, field) for field in ALL_FIELDS):
        return value
    before = _shown(value)
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
                     from_state=before, to_state=_shown(value), reason=reason)
        from verification.services import review_reset  # verification builds on submissions

        review_reset(value=value, actor=actor)
    return value


# The states a submission may move between, and the reason each move needs.
TRANSITIONS = {
    (Submission.DRAFT, Submission.SUBMITTED): "submitted",
    (Submission.SUBMITTED, Submission.VERIFIED): "signed_off",
    (Submission.VERIFIED, Submission.PUBLISHED): "published",
    (Submission.VERIFIED, Submission.SUBMITTED): "reopened",
    (Submission.PUBLISHED, Submission.SUBMITTED): "reopened",
    (Submission.SUBMITTED, Submission.DRAFT): "returned",
}


@transaction.atomic
def submission_state_change(*, submission_id, actor, to_state, reason=""):
    """Move a submission to another state and record it; who may do it is checked by the caller."""
    submission = Submission.objects.select_for_update().get(pk=submission_id)
    action = TRANSITIONS.get((submission.state, to_state))
    if action is None:
        raise NotAllowed(
            f"A {submission.get_state_display().lower()} submission cannot become "
            f"{dict(Submission.STATE_CHOICES)[to_state].lower()}."
        )
    if action in ("reopened", "returned") and not reason.strip():
        raise NotAllowed("Give a reason.")
    before = submission.state
    submission.state = to_state
    if to_state == Submission.SUBMITTED and before == Submission.DRAFT:
        submission.submitted_at = timezone.now()
    submission.save()
    event_record(submission=submission, actor=actor, action=action, from_state=before, to_state=to_state, reason=reason)
    if action == "submitted":
        # Verification e-mails the secretariat and the assigned verifiers once this commits.
        from verification.models import Notification
        from verification.notifications import notification_queue

        notification_queue(kind=Notification.SUBMITTED, submission=submission)
    return submission
