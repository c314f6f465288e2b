"""Celery tasks of the verification app."""
from u4ssc_site.celery import app

from django.utils import timezone

from .models import Notification
from .notifications import notification_send, notifications_resend


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
