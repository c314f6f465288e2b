"""Notifications handed to the worker: recorded inside the change's transaction, handed over once
it commits, resent by a sweep when the broker or a worker missed them; and the tasks the worker runs.

The services and the site record notifications through notification_queue; what a notification
says and sending it is verification.notifications.
"""
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from u4ssc_site.celery import app

from .models import Notification
from .notifications import notification_send

logger = logging.getLogger(__name__)


def notification_queue(*, kind, submission=None, query=None, assignment=None, user=None):
    """Record the notification now; a worker sends it only if the change commits."""
    notification = Notification.objects.create(kind=kind, submission=submission, query=query, assignment=assignment,
                                               user=user)
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id):
    if not Notification.objects.filter(pk=notification_id, state=Notification.QUEUED).exists():
        return  # withdrawn before the commit (the demo seed replays 2019 without e-mailing anyone)
    try:
        # The person's request waits for this call after the commit: on a broker that is down or
        # hangs it gives up within about a second (settings.CELERY_BROKER_TRANSPORT_OPTIONS).
        notification_deliver.delay(notification_id)
    except Exception:
        # The change itself has committed; the notification stays queued and the resend
        # sweep (or `manage.py notifications_send`) hands it over later.
        logger.exception("Could not hand notification %s to the worker", notification_id)


# A notification still queued this long after it was recorded missed the broker (one resend
# sweep, settings.CELERY_BEAT_SCHEDULE); one claimed this long ago and not sent lost its worker
# (sending an e-mail takes seconds).
QUEUED_GRACE = timedelta(seconds=4 * settings.SWEEP_SECONDS)
SENDING_GRACE = timedelta(minutes=10)
# A mail the mail server refused (it was down, or said "try later") is tried again this
# long after the failed try, until it is this old; the error stays visible meanwhile.
FAILED_RETRY_AFTER = timedelta(minutes=5)
FAILED_GIVE_UP_AFTER = timedelta(days=1)


def notifications_resend():
    """Hand the worker again what the broker did not take, a dead worker left, or the mail server
    refused a while ago; returns their ids."""
    now = timezone.now()
    Notification.objects.filter(state=Notification.SENDING, claimed_at__lt=now - SENDING_GRACE).update(
        state=Notification.QUEUED
    )
    refused = Notification.objects.filter(state=Notification.FAILED, claimed_at__lt=now - FAILED_RETRY_AFTER,
                                          created_at__gt=now - FAILED_GIVE_UP_AFTER)
    retried = list(refused.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=retried).update(state=Notification.QUEUED)
    ids = list(Notification.objects.filter(Q(created_at__lt=now - QUEUED_GRACE) | Q(pk__in=retried),
                                           state=Notification.QUEUED).values_list("pk", flat=True))
    for notification_id in ids:
        notification_deliver.delay(notification_id)
    return ids


# Bound to the project's app, not shared_task: another Celery app created in the same process
# (a probe, a script) would otherwise become "current" and receive our messages.
# No result is kept: nobody waits for one, and a result store that is down must not slow a request.
@app.task(name="verification.notification_deliver", ignore_result=True)
def notification_deliver(notification_id):
    """Claim the queued notification (so a redelivered message sends nothing twice), then send it."""
    claimed = Notification.objects.filter(pk=notification_id, state=Notification.QUEUED).update(
        state=Notification.SENDING, claimed_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    notification_send(notification_id=notification_id)
    return "sent"


@app.task(name="verification.resend_queued", ignore_result=True)
def notifications_resend_task():
    """Run by Celery beat: hand the worker the notifications the broker could not take, or a dead worker left."""
    return len(notifications_resend())
