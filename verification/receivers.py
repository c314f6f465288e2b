"""How verification answers what submissions announces and asks (submissions.signals).

Connected in VerificationConfig.ready: submissions, the lower app, never imports verification.
"""
from django.db.models import Exists

from submissions.signals import review_questions_answer, submission_state_changed, value_answer_changed

from .models import Notification, Query, Review
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


def connect():
    value_answer_changed.connect(review_reset_on_answer_change, dispatch_uid="verification.review_reset")
    submission_state_changed.connect(notify_on_submitted, dispatch_uid="verification.notify_on_submitted")
    review_questions_answer(open_query=open_query, verified=verified)
