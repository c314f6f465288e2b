"""Celery beat's daily run of the programme: the deadline reminders."""
from u4ssc_site.celery import app

from .services import reminders_send


@app.task(name="programme.reminders_send", ignore_result=True)
def reminders_send_task():
    """Run daily by Celery beat (settings.CELERY_BEAT_SCHEDULE)."""
    return len(reminders_send())
