"""Celery tasks of the reports app: render a requested report, resend what the broker missed."""
from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from u4ssc_site.celery import app

from . import services
from .heartbeat import beat_heartbeat

RENDER_SOFT_TIME_LIMIT = 120
RENDER_TIME_LIMIT = 180
# Worth another try a little later: the database or a file system hiccup.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


class RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Retries of a transient error are exhausted: the person sees why.
        if args:
            services.report_fail(request_id=args[0], error=f"{type(exc).__name__}: {exc}")


# Bound to the project's app (not shared_task): another Celery app made current in the
# same process, such as a monitoring probe, must not redirect these messages to its broker.
@app.task(
    bind=True, base=RenderTask, name="reports.render", ignore_result=True,
    acks_late=True, reject_on_worker_lost=True,
    soft_time_limit=RENDER_SOFT_TIME_LIMIT, time_limit=RENDER_TIME_LIMIT,
    autoretry_for=TRANSIENT_ERRORS, max_retries=5, retry_backoff=2, retry_backoff_max=60, retry_jitter=True,
)
def report_render_task(self, request_id):
    """Claim the request (a redelivered or duplicate message renders nothing twice), then render it."""
    if not services.report_claim(request_id=request_id):
        return "not claimable"
    try:
        services.report_render(request_id=request_id)
    except TRANSIENT_ERRORS:
        raise
    except SoftTimeLimitExceeded:
        services.report_fail(request_id=request_id,
                             error=f"Rendering took longer than {RENDER_SOFT_TIME_LIMIT} seconds and was stopped.")
        return "failed"
    except Exception as error:
        services.report_fail(request_id=request_id, error=f"{type(error).__name__}: {error}")
        return "failed"
    return "ready"


@app.task(name="reports.resend_unsent", acks_late=True, ignore_result=True)
def report_requests_resend_task():
    """Run by Celery beat: hand the broker the requests it could not take when they were made.
    Each run that completes beats the heartbeat beat's health check reads (manage.py beat_check)."""
    sent = services.report_requests_resend()
    beat_heartbeat()
    return sent
