"""Reviews, queries, assignments and the sign-off: every change, one transaction each.

Who may act is checked by the caller (verification.permissions); these functions
check what the submission's state and the data allow, lock what they change, and
record every change in the event log. Locks are taken in the order every writer keeps
(submissions.services): the submission, then the value, then its review, then its query.
"""
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kpis.selectors import targets_edition_current
from submissions.models import Submission, Value
from submissions.services import NotAllowed, event_record, submission_lock, submission_state_change, value_lock
from submissions import roles
from submissions.value_text import value_text

from .models import Assignment, Findings, FlagOverride, Notification, Query, QueryMessage, Review, SignOff
from .tasks import notification_queue
from .selectors import sign_off_blockers


class StaleReview(Exception):
    """The value or its review changed after the verifier loaded the page."""

    def __init__(self, value, review):
        status = str(review.get_status_display() if review else dict(Review.STATUS_CHOICES)[Review.PENDING]).lower()
        super().__init__(_(
            "%(kpi)s was changed by someone else while you were looking at it: the value is now %(value)s and its "
            "review is %(status)s. Nothing was saved; look at it again."
        ) % {"kpi": value.data_point.kpi.code, "value": value_text(value), "status": status})
        self.value = value
        self.review = review


# ---------------------------------------------------------------- assignments

@transaction.atomic
def assignment_create(*, submission_id, verifier_id, actor):
    submission = submission_lock(submission_id=submission_id)
    if submission.state != Submission.SUBMITTED:
        raise NotAllowed(_("Verifiers are assigned to a submitted submission."))
    verifier = get_user_model().objects.filter(pk=verifier_id, is_active=True).first()
    if verifier is None or not roles.is_verifier(verifier):
        raise NotAllowed(_("Choose a certified verifier."))
    assignment, created = Assignment.objects.get_or_create(
        submission=submission, verifier=verifier, defaults={"assigned_by": actor}
    )
    if created:
        event_record(submission=submission, actor=actor, action="assigned", to_state=_person(verifier))
        notification_queue(kind=Notification.ASSIGNED, submission=submission, assignment=assignment)
    return assignment


@transaction.atomic
def assignment_delete(*, submission_id, verifier_id, actor):
    submission = submission_lock(submission_id=submission_id)
    assignment = Assignment.objects.filter(submission=submission, verifier_id=verifier_id).select_related("verifier").first()
    if assignment is None:
        return
    if submission.state != Submission.SUBMITTED:
        raise NotAllowed(_("Verifiers can be removed only while the submission is being verified."))
    event_record(submission=submission, actor=actor, action="unassigned", from_state=_person(assignment.verifier))
    assignment.delete()


def _person(user):
    return user.get_full_name() or user.get_username()


# ---------------------------------------------------------------- reviews

def _lock_for_review(*, value_id, actor, expected_version, expected_review_version):
    """Lock the submission, the value and its review (in that order, as value_set does) and check nothing moved."""
    value = value_lock(value_id=value_id)
    if value.submission.state != Submission.SUBMITTED:
        raise NotAllowed(_("This submission is not open for verification."))
    if not Assignment.objects.filter(submission_id=value.submission_id, verifier=actor).exists():
        raise NotAllowed(_("You are not assigned to this submission."))
    review = Review.objects.select_for_update().filter(value=value).first()
    if expected_version is not None and value.version != expected_version:
        raise StaleReview(value, review)
    if expected_review_version is not None and (review.version if review else 0) != expected_review_version:
        raise StaleReview(value, review)
    if not value.has_answer:
        raise NotAllowed(_("The city has not answered this data point yet."))
    return value, review


def _review_write(*, value, review, actor, status, reason, action):
    before = review.status if review else Review.PENDING
    if review is None:
        review = Review(value=value)
    review.status = status
    review.reason = reason
    review.reviewed_by = actor if status != Review.PENDING else None
    review.reviewed_at = timezone.now() if status != Review.PENDING else None
    review.version += 1
    review.save()
    event_record(submission=value.submission, value=value, actor=actor, action=action,
                 from_state=before, to_state=status, reason=reason)
    return review


def _queries_close(*, value, actor):
    for query in Query.objects.select_for_update().filter(value=value).exclude(status=Query.CLOSED):
        before = query.status
        query.status = Query.CLOSED
        query.save(update_fields=["status"])
        event_record(submission=value.submission, value=value, actor=actor, action="query_closed",
                     from_state=before, to_state=Query.CLOSED)


@transaction.atomic
def review_reset(*, value, actor):
    """A changed value must be looked at again: its review goes back to pending (called by value_set)."""
    review = Review.objects.select_for_update().filter(value=value).first()
    if review is None or review.status == Review.PENDING:
        return review
    return _review_write(value=value, review=review, actor=actor, status=Review.PENDING,
                         reason="The value was changed.", action="review_reset")


@transaction.atomic
def review_record(*, value_id, actor, status, reason="", expected_version=None, expected_review_version=None):
    """The verifier's verdict on one data point; a verdict closes its query thread."""
    if status not in (Review.VERIFIED, Review.NOT_VERIFIED):
        raise NotAllowed(_("A verdict is verified or not verified."))
    reason = reason.strip()
    if status == Review.NOT_VERIFIED and not reason:
        raise NotAllowed(_("Say why this data point is not verified."))
    value, review = _lock_for_review(value_id=value_id, actor=actor, expected_version=expected_version,
                                     expected_review_version=expected_review_version)
    _queries_close(value=value, actor=actor)
    if review is not None and review.status == status and review.reason == reason:
        return review
    return _review_write(value=value, review=review, actor=actor, status=status, reason=reason, action="reviewed")


@dataclass
class BulkResult:
    verified: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


@transaction.atomic
def review_bulk_verify(*, submission_id, actor, items):
    """Mark the data points the verifier checked as verified.

    items: (value_id, expected_version) pairs. A value changed since the page was
    loaded is left alone (stale); one waiting for the city's answer is skipped.
    """
    result = BulkResult()
    submission_lock(submission_id=submission_id)
    value_ids = dict(items)
    owned = set(Value.objects.filter(submission_id=submission_id, pk__in=value_ids).values_list("pk", flat=True))
    if owned != set(value_ids):
        raise NotAllowed(_("Choose data points of this submission."))
    for value_id in sorted(value_ids):
        try:
            value, review = _lock_for_review(value_id=value_id, actor=actor, expected_version=value_ids[value_id],
                                             expected_review_version=None)
        except StaleReview as stale:
            result.stale.append(stale.value)
            continue
        except NotAllowed:
            if Value.objects.get(pk=value_id).has_answer:
                raise  # the submission or the assignment does not allow it: nothing is saved
            result.skipped.append(Value.objects.select_related("data_point__kpi").get(pk=value_id))
            continue
        if Query.objects.filter(value=value, status=Query.OPEN).exists():
            result.skipped.append(value)
            continue
        _queries_close(value=value, actor=actor)
        if review is None or review.status != Review.VERIFIED:
            _review_write(value=value, review=review, actor=actor, status=Review.VERIFIED, reason="",
                          action="reviewed")
        result.verified.append(value)
    return result


@transaction.atomic
def review_verify_pending(*, submission_id, actor, items):
    """Verify at once the rows the verifier confirmed (a category, or every row without flags).

    items: (value_id, expected_version) pairs. Only reported values still pending are verified; one
    changed since the page was loaded is stale, any other (reviewed, queried, not reported) skipped.
    """
    result = BulkResult()
    submission = submission_lock(submission_id=submission_id)
    if submission.state != Submission.SUBMITTED:
        raise NotAllowed(_("This submission is not open for verification."))
    if not Assignment.objects.filter(submission=submission, verifier=actor).exists():
        raise NotAllowed(_("You are not assigned to this submission."))
    value_ids = dict(items)
    owned = set(Value.objects.filter(submission_id=submission_id, pk__in=value_ids).values_list("pk", flat=True))
    if owned != set(value_ids):
        raise NotAllowed(_("Choose data points of this submission."))
    for value_id in sorted(value_ids):
        value = value_lock(value_id=value_id)
        review = Review.objects.select_for_update().filter(value=value).first()
        if value.version != value_ids[value_id]:
            result.stale.append(value)
            continue
        if not value.is_reported or (review is not None and review.status != Review.PENDING) or \
                Query.objects.filter(value=value, status=Query.OPEN).exists():
            result.skipped.append(value)
            continue
        value, review = _lock_for_review(value_id=value_id, actor=actor, expected_version=None,
                                         expected_review_version=None)
        _queries_close(value=value, actor=actor)
        _review_write(value=value, review=review, actor=actor, status=Review.VERIFIED, reason="", action="reviewed")
        result.verified.append(value)
    return result


# ---------------------------------------------------------------- flags and findings

@transaction.atomic
def flag_override(*, value_id, actor, check, note):
    """The verifier acknowledges a cross-check's flag with a note: it is listed in the summary, not shown as a warning."""
    note = note.strip()
    if not note:
        raise NotAllowed(_("Say why this flag is fine."))
    value, _review = _lock_for_review(value_id=value_id, actor=actor, expected_version=None, expected_review_version=None)
    override, _created = FlagOverride.objects.update_or_create(value=value, check_key=check,
                                                        defaults={"note": note, "overridden_by": actor})
    event_record(submission=value.submission, value=value, actor=actor, action="flag_overridden", to_state=check,
                 reason=note)
    return override


@transaction.atomic
def findings_set(*, submission_id, actor, comment):
    """The verifier's overall comment on the submission, until it is signed off."""
    submission = submission_lock(submission_id=submission_id)
    if submission.state != Submission.SUBMITTED:
        raise NotAllowed(_("The findings can be changed only until the submission is signed off."))
    if not Assignment.objects.filter(submission=submission, verifier=actor).exists():
        raise NotAllowed(_("You are not assigned to this submission."))
    findings, _created = Findings.objects.update_or_create(submission=submission,
                                                    defaults={"comment": comment.strip(), "updated_by": actor})
    return findings


# ---------------------------------------------------------------- queries and corrections

@transaction.atomic
def query_raise(*, value_id, actor, question, expected_version=None, expected_review_version=None):
    """Ask the city about a data point, or ask again on its thread; the review becomes 'queried'."""
    question = question.strip()
    if not question:
        raise NotAllowed(_("Write the question for the city."))
    value, review = _lock_for_review(value_id=value_id, actor=actor, expected_version=expected_version,
                                     expected_review_version=expected_review_version)
    query = Query.objects.select_for_update().filter(value=value).exclude(status=Query.CLOSED).first()
    if query is None:
        query = Query.objects.create(value=value, raised_by=actor)
    else:
        query.status = Query.OPEN
        query.save(update_fields=["status"])
    QueryMessage.objects.create(query=query, author=actor, body=question)
    _review_write(value=value, review=review, actor=actor, status=Review.QUERIED, reason=question,
                  action="query_raised")
    notification_queue(kind=Notification.QUERY_RAISED, submission=value.submission, query=query)
    return query


@transaction.atomic
def value_return(*, value_id, actor, message, expected_version=None, expected_review_version=None):
    """Send one value back to the city to correct: only it becomes editable (its open query), until corrected."""
    message = message.strip()
    if not message:
        raise NotAllowed(_("Say what the city should correct."))
    value, review = _lock_for_review(value_id=value_id, actor=actor, expected_version=expected_version,
                                     expected_review_version=expected_review_version)
    if not value.is_reported and not value.not_reported:
        raise NotAllowed(_("The city has not answered this data point yet."))
    _queries_close(value=value, actor=actor)
    query = Query.objects.create(value=value, raised_by=actor, kind=Query.CORRECTION)
    QueryMessage.objects.create(query=query, author=actor, body=message)
    _review_write(value=value, review=review, actor=actor, status=Review.RETURNED, reason=message,
                  action="returned_for_correction")
    notification_queue(kind=Notification.RETURNED, submission=value.submission, query=query)
    return query


def correction_receive(*, value, actor, before, reason=""):
    """The city changed a value returned for correction: the query goes back to the verifier with old -> new.

    Called inside value_set's transaction (the value is locked), after the review is reset (the lock order).
    """
    query = (Query.objects.select_for_update()
             .filter(value=value, kind=Query.CORRECTION, status=Query.OPEN).first())
    if query is None:
        return None
    query.status = Query.ANSWERED
    query.corrected_from = before[:200]
    query.corrected_to = value_text(value)[:200]
    query.corrected_by = actor
    query.corrected_at = timezone.now()
    query.correction_reason = reason.strip()
    query.save()
    body = f"Corrected: {query.corrected_from} → {query.corrected_to}."
    if query.correction_reason:
        body += f" {query.correction_reason}"
    QueryMessage.objects.create(query=query, author=actor, body=body[:2000])
    notification_queue(kind=Notification.CORRECTED, submission=value.submission, query=query)
    return query


@transaction.atomic
def query_answer(*, query_id, actor, body):
    """The city's answer: the thread waits for the verifier and the data point is pending again."""
    body = body.strip()
    if not body:
        raise NotAllowed(_("Write your answer."))
    value_id = Query.objects.values_list("value_id", flat=True).get(pk=query_id)
    value = value_lock(value_id=value_id)
    if value.submission.state != Submission.SUBMITTED:
        raise NotAllowed(_("This submission is not open for verification."))
    review = Review.objects.select_for_update().filter(value=value).first()
    query = Query.objects.select_for_update().get(pk=query_id)
    if query.status == Query.CLOSED:
        raise NotAllowed(_("This query is closed."))
    QueryMessage.objects.create(query=query, author=actor, body=body)
    query.status = Query.ANSWERED
    query.save(update_fields=["status"])
    _review_write(value=value, review=review, actor=actor, status=Review.PENDING, reason=body,
                  action="query_answered")
    notification_queue(kind=Notification.QUERY_ANSWERED, submission=value.submission, query=query)
    return query


# ---------------------------------------------------------------- sign-off, reopen, publish

def targets_snapshot(submission):
    """The target each value was scored against, by data point id, as stored on the value."""
    rows = Value.objects.filter(submission=submission).values_list("data_point_id", "scored_target", "scored_direction")
    return {
        str(data_point_id): {"target": None if target is None else str(target), "direction": direction}
        for data_point_id, target, direction in rows
    }


@transaction.atomic
def submission_sign_off(*, submission_id, actor, verifier_name, certification, verified_on, activities,
                        assurance_level, limitations=""):
    submission = submission_lock(submission_id=submission_id)
    if submission.state != Submission.SUBMITTED:
        raise NotAllowed(_("Only a submitted submission can be signed off."))
    if not Assignment.objects.filter(submission=submission, verifier=actor).exists():
        raise NotAllowed(_("You are not assigned to this submission."))
    blockers = sign_off_blockers(submission)
    if blockers:
        raise NotAllowed(" ".join(blockers))
    sign_off, _created = SignOff.objects.update_or_create(submission=submission, defaults={
        "verifier": actor, "verifier_name": verifier_name.strip(), "certification": certification.strip(),
        "verified_on": verified_on, "activities": activities.strip(), "assurance_level": assurance_level,
        "limitations": limitations.strip(), "targets_snapshot": targets_snapshot(submission),
        "targets_edition": targets_edition_current(submission.edition),
    })
    with translation.override("en"):  # a record in the submission's history, written as the others are
        summary = (
            f"{sign_off.verifier_name}, {sign_off.certification}; verified on {date_format(verified_on)}; "
            f"{str(sign_off.get_assurance_level_display()).lower()}; "
            f"limitations: {sign_off.limitations or 'none'}."
        )
    submission_state_change(submission_id=submission.pk, actor=actor, to_state=Submission.VERIFIED, reason=summary)
    notification_queue(kind=Notification.SIGNED_OFF, submission=submission)
    return sign_off


@transaction.atomic
def submission_reopen(*, submission_id, actor, reason):
    """The secretariat takes a signed-off submission back to verification; the sign-off is withdrawn."""
    submission = submission_state_change(submission_id=submission_id, actor=actor,
                                         to_state=Submission.SUBMITTED, reason=reason.strip())
    sign_off = SignOff.objects.filter(submission=submission).first()
    if sign_off is not None:
        sign_off._change_reason = f"Withdrawn: {reason.strip()}"
        sign_off.delete()
    return submission


@transaction.atomic
def submission_publish(*, submission_id, actor, published_at=None):
    """The secretariat releases a signed-off submission; its city and verifiers are told.
    published_at: the demo's replay of an earlier publication (otherwise now)."""
    submission = submission_state_change(submission_id=submission_id, actor=actor, to_state=Submission.PUBLISHED)
    if published_at is not None:
        submission.published_at = published_at
        submission.save(update_fields=["published_at"])
    notification_queue(kind=Notification.PUBLISHED, submission=submission)
    return submission


@transaction.atomic
def submission_withdraw(*, submission_id, actor, reason):
    """The secretariat withdraws a publication: the submission is signed off again, unpublished; the
    reason is kept in the event log, and its city and verifiers are told."""
    submission = submission_state_change(submission_id=submission_id, actor=actor, to_state=Submission.VERIFIED,
                                         reason=reason.strip())
    notification_queue(kind=Notification.WITHDRAWN, submission=submission)
    return submission
