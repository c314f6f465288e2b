"""How verification answers what submissions announces and asks (submissions.signals).

Connected in VerificationConfig.ready: submissions, the lower app, never imports verification.
"""
from django.db.models import Exists

from submissions.models import Value
from submissions.signals import review_questions_answer, submission_state_changed, value_answer_changed
from submissions.stamps import people_stamped, submission_stamped

from .models import Assignment, Findings, FlagOverride, Notification, Query, QueryMessage, Review, SignOff
from .services import correction_receive, review_reset
from .tasks import notification_queue


def review_reset_on_answer_change(sender, *, value, actor, before="", reason="", **kwargs):
    """A changed value must be looked at again; inside value_set's transaction, after the value's lock.

    A value returned for correction goes back to the verifier with its change."""
    review_reset(value=value, actor=actor)
    correction_receive(value=value, actor=actor, before=before, reason=reason)


def notify_on_submitted(sender, *, submission, action, **kwargs):
    if action == "submitted":
        notification_queue(kind=Notification.SUBMITTED, submission=submission)


def open_query(value_ref):
    return Exists(Query.objects.filter(value=value_ref, status=Query.OPEN))


def verified(value_ref):
    return Exists(Review.objects.filter(value=value_ref, status=Review.VERIFIED))


def _submission_of_value(value_id):
    return Value.objects.filter(pk=value_id).values_list("submission_id", flat=True).first()


def _submission_of_query(query_id):
    return Query.objects.filter(pk=query_id).values_list("value__submission_id", flat=True).first()


def connect():
    # What the submission's pages show of verification changes their stamp (submissions.stamps); an assignment
    # also changes who may see and review it.
    for model in (Assignment, SignOff, Findings):
        submission_stamped(model, lambda instance: instance.submission_id)
    for model in (Review, Query, FlagOverride):
        submission_stamped(model, lambda instance: _submission_of_value(instance.value_id))
    submission_stamped(QueryMessage, lambda instance: _submission_of_query(instance.query_id))
    people_stamped(Assignment)
    value_answer_changed.connect(review_reset_on_answer_change, dispatch_uid="verification.review_reset")
    submission_state_changed.connect(notify_on_submitted, dispatch_uid="verification.notify_on_submitted")
    review_questions_answer(open_query=open_query, verified=verified)
