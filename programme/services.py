"""The programme's own writes: deadline reminders, each sent once through the notification outbox."""
import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from submissions.models import Submission, Value, answered_rule
from verification.models import Assignment, Notification, Review
from verification.tasks import notification_queue

from .models import Reminder

# Days before a deadline a reminder goes out. A day beat missed is made up the next day: the
# reminder due is the one of the nearest of these that is not before the days left.
REMINDER_DAYS = (14, 7, 1)


def _reminder_due(days_left):
    """The reminder days_left calls for (14, 7 or 1), or None outside the last 14 days."""
    if days_left < 1:
        return None
    return min((days for days in REMINDER_DAYS if days >= days_left), default=None)


def _awaiting_city():
    """Drafts with data points that have neither a value nor a not-reported reason."""
    missing = Value.objects.filter(submission=OuterRef("pk")).exclude(answered_rule())
    return (Submission.objects.filter(state=Submission.DRAFT, cycle__isnull=False).filter(Exists(missing))
            .select_related("cycle"))


def _awaiting_verifier():
    """Submitted submissions with an assigned verifier and answered data points not reviewed yet."""
    reviewed = Review.objects.filter(value=OuterRef("pk"), status__in=(Review.VERIFIED, Review.NOT_VERIFIED))
    pending = Value.objects.filter(submission=OuterRef("pk")).answered().exclude(Exists(reviewed))
    assigned = Assignment.objects.filter(submission=OuterRef("pk"))
    return (Submission.objects.filter(state=Submission.SUBMITTED, cycle__isnull=False)
            .filter(Exists(pending), Exists(assigned)).select_related("cycle"))


WORK = (
    (Reminder.SUBMISSION, "submission_deadline", _awaiting_city, Notification.DATA_DUE),
    (Reminder.VERIFICATION, "verification_deadline", _awaiting_verifier, Notification.REVIEW_DUE),
)


def reminders_send(*, today=None):
    """Remind city staff of missing data and verifiers of pending reviews 14, 7 and 1 days before
    the deadline; each reminder once. Returns the reminders recorded now."""
    today = today or timezone.localdate()
    sent = []
    for deadline, field, awaiting, kind in WORK:
        window = {f"cycle__{field}__gt": today, f"cycle__{field}__lte": today + datetime.timedelta(days=max(REMINDER_DAYS))}
        for submission in awaiting().filter(**window):
            days = _reminder_due((getattr(submission.cycle, field) - today).days)
            reminder = _reminder_record(submission=submission, deadline=deadline, days=days, kind=kind)
            if reminder is not None:
                sent.append(reminder)
    return sent


@transaction.atomic
def _reminder_record(*, submission, deadline, days, kind):
    """The reminder's row and its notification, together; None when it was sent before."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(submission=submission, deadline=deadline, days_before=days)
    except IntegrityError:
        return None
    notification_queue(kind=kind, submission=submission)
    return reminder
