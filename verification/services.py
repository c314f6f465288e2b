"""Reviews, queries, assignments and the sign-off: every change, one transaction each."""
from django.db import transaction

from submissions.services import event_record

from .models import Review


@transaction.atomic
def review_reset(*, value, actor):
    """A changed value must be looked at again: its review goes back to pending."""
    review = Review.objects.select_for_update().filter(value=value).first()
    if review is None or review.status == Review.PENDING:
        return review
    before = review.status
    review.status = Review.PENDING
    review.reason = ""
    review.reviewed_by = None
    review.reviewed_at = None
    review.save()
    event_record(submission=value.submission, value=value, actor=actor, action="review_reset",
                 from_state=before, to_state=Review.PENDING, reason="The value was changed.")
    return review
