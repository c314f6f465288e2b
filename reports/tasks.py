"""Report requests handed to the worker, and the tasks it runs: render a request, resend what the broker missed.

A request is recorded first and handed to the broker only once its transaction has
committed. If the broker cannot be reached the request simply stays queued with no
`sent_at`, and the periodic sweep (report_requests_resend) sends it later: nothing
is lost. Claiming and rendering is reports.services.
"""
import logging
import threading
from datetime import timedelta

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from submissions.models import Submission
from u4ssc_site.celery import app

from . import services, snapshots
from .heartbeat import beat_heartbeat
from .models import ReportRequest

logger = logging.getLogger(__name__)

# A request younger than this may still be on its way to the broker (a hand-over gives up
# after a second, settings.CELERY_BROKER_TRANSPORT_OPTIONS): two sweeps.
RESEND_AFTER = timedelta(seconds=2 * settings.SWEEP_SECONDS)

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
        # The task's boundary: any other error is this report's failure, recorded on the request
        # (its type and message) for the page to show; rendering again would fail the same way.
        services.report_fail(request_id=request_id, error=f"{type(error).__name__}: {error}")
        return "failed"
    return "ready"


@app.task(name="reports.resend_unsent", acks_late=True, ignore_result=True)
def report_requests_resend_task():
    """Run by Celery beat: hand the broker the requests it could not take when they were made.
    Each run that completes beats the heartbeat beat's health check reads (manage.py beat_check)."""
    sent = report_requests_resend()
    beat_heartbeat()
    return sent


def report_request(*, submission_id, actor, language=None):
    """Record a request for a submission's report in a language (the city's report language by default); it
    goes to the worker once this commits. A signed-off submission whose snapshot in that language was issued
    already gets that version's file at once, and no rendering."""
    with transaction.atomic():
        submission = Submission.objects.select_related("city").get(pk=submission_id)
        language = language or submission.city.report_language
        kept = services.report_version_kept(submission_id=submission.pk,
                                            snapshot=snapshots.report_snapshot(submission, language=language))
        if kept is not None:
            now = timezone.now()
            return ReportRequest.objects.create(submission=submission, requested_by=actor, state=ReportRequest.READY,
                                                language=language, version=kept, pdf=kept.pdf.name, sent_at=now,
                                                finished_at=now)
        request = ReportRequest.objects.create(submission=submission, requested_by=actor, language=language)
        transaction.on_commit(lambda: _hand_over(request.pk))
    return request


def _hand_over(request_id):
    """To the broker; or, with no broker (tasks run in-process), to a thread of this process,
    so that the request asking for the report still answers at once."""
    if not settings.REPORT_RENDER_THREAD:
        report_enqueue(request_id=request_id)
        return

    def render():
        try:
            report_enqueue(request_id=request_id)
        finally:
            connection.close()

    threading.Thread(target=render, name=f"report-{request_id}", daemon=True).start()


def report_enqueue(*, request_id):
    """Hand a queued request to the broker; True when it was taken. Never raises, and gives up
    within about a second on a broker that is down or hangs (the sweep sends it later)."""
    try:
        report_render_task.apply_async(args=[request_id])
    except Exception:
        # The hand-over's boundary: the broker client raises many kinds of error (refused, timed
        # out, its own classes); none may reach the request that asked for the report, which
        # is recorded already and which the sweep resends.
        logger.warning("The broker did not take report request %s; the sweep will resend it", request_id,
                       exc_info=True)
        return False
    ReportRequest.objects.filter(pk=request_id, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def report_requests_resend(*, now=None):
    """Send the queued requests the broker never took (it was down), and queue again the
    renderings whose worker died; returns how many went to the broker."""
    now = now or timezone.now()
    orphaned = ReportRequest.objects.filter(state=ReportRequest.RENDERING, heartbeat_at__lt=now - services.STALE_AFTER)
    for pk in orphaned.values_list("pk", flat=True):
        # Conditional: a worker that claims or beats meanwhile keeps its rendering.
        ReportRequest.objects.filter(pk=pk, state=ReportRequest.RENDERING, heartbeat_at__lt=now - services.STALE_AFTER).update(
            state=ReportRequest.QUEUED, sent_at=None)
    # An orphaned rendering was created before its heartbeat went stale: it is old enough too.
    unsent = ReportRequest.objects.filter(state=ReportRequest.QUEUED, sent_at__isnull=True,
                                          created_at__lte=now - RESEND_AFTER)
    return sum(report_enqueue(request_id=pk) for pk in unsent.values_list("pk", flat=True))
