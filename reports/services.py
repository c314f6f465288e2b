"""Report requests and their rendering: ask, hand to the worker, claim, render, store.

A request is recorded first and handed to the broker only once its transaction has
committed. If the broker cannot be reached the request simply stays queued with no
`sent_at`, and the periodic sweep (report_requests_resend) sends it later: nothing
is lost. Rendering is idempotent: a run claims the request with a conditional
UPDATE, and a run that finishes after another has stored the PDF stores nothing.
While it renders, the worker beats a heartbeat; a rendering whose heartbeat stopped
(its worker was killed) is queued again by the sweep, without waiting for the
broker's visibility timeout.
"""
import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from submissions.models import Submission

from .models import ReportRequest
from .pdf import html_to_pdf
from .selectors import report_content

logger = logging.getLogger(__name__)

# A request that killed its worker this many times is given up (a poison message).
MAX_ATTEMPTS = 8
# A request younger than this may still be on its way to the broker (a hand-over gives up
# after a second, settings.CELERY_BROKER_TRANSPORT_OPTIONS): two sweeps.
RESEND_AFTER = timedelta(seconds=2 * settings.SWEEP_SECONDS)
# A rendering beats every HEARTBEAT seconds; one silent for STALE_AFTER has lost its worker.
HEARTBEAT = 5
STALE_AFTER = timedelta(seconds=30)


def report_html(submission):
    """The report of a submission as HTML, the document WeasyPrint prints."""
    return render_to_string("reports/pdf/report.html", report_content(submission))


def report_pdf(submission):
    """The report of a submission as PDF bytes: the worker and render_report both come here."""
    return html_to_pdf(report_html(submission))


def report_request(*, submission_id, actor):
    """Record a request for a submission's report; it goes to the worker once this commits."""
    with transaction.atomic():
        submission = Submission.objects.get(pk=submission_id)
        request = ReportRequest.objects.create(submission=submission, requested_by=actor)
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
    from .tasks import report_render_task

    try:
        report_render_task.apply_async(args=[request_id])
    except Exception:
        logger.warning("The broker did not take report request %s; the sweep will resend it", request_id,
                       exc_info=True)
        return False
    ReportRequest.objects.filter(pk=request_id, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def report_requests_resend(*, now=None):
    """Send the queued requests the broker never took (it was down), and queue again the
    renderings whose worker died; returns how many went to the broker."""
    now = now or timezone.now()
    orphaned = ReportRequest.objects.filter(state=ReportRequest.RENDERING, heartbeat_at__lt=now - STALE_AFTER)
    for pk in orphaned.values_list("pk", flat=True):
        # Conditional: a worker that claims or beats meanwhile keeps its rendering.
        ReportRequest.objects.filter(pk=pk, state=ReportRequest.RENDERING, heartbeat_at__lt=now - STALE_AFTER).update(
            state=ReportRequest.QUEUED, sent_at=None)
    # An orphaned rendering was created before its heartbeat went stale: it is old enough too.
    unsent = ReportRequest.objects.filter(state=ReportRequest.QUEUED, sent_at__isnull=True,
                                          created_at__lte=now - RESEND_AFTER)
    return sum(report_enqueue(request_id=pk) for pk in unsent.values_list("pk", flat=True))


def report_claim(*, request_id):
    """Claim a request for one rendering run; False when it is ready, failed, being rendered
    by a live worker, or given up."""
    now = timezone.now()
    claimable = ReportRequest.objects.filter(pk=request_id).filter(
        Q(state=ReportRequest.QUEUED)
        | Q(state=ReportRequest.RENDERING) & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - STALE_AFTER))
    )
    # A worker holding the request proves it was sent, whatever the sender managed to record.
    claimed = claimable.filter(attempts__lt=MAX_ATTEMPTS).update(
        state=ReportRequest.RENDERING, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now,
        sent_at=Coalesce(F("sent_at"), Value(now)),
    )
    if claimed:
        return True
    claimable.update(state=ReportRequest.FAILED, finished_at=now,
                     error=f"Gave up after {MAX_ATTEMPTS} attempts to render the report.")
    return False


def report_heartbeat(*, request_id):
    return ReportRequest.objects.filter(pk=request_id, state=ReportRequest.RENDERING).update(
        heartbeat_at=timezone.now())


@contextmanager
def _beating(request_id):
    """Beat the request's heartbeat from a side thread while the rendering runs."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(HEARTBEAT):
                report_heartbeat(request_id=request_id)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"report-{request_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def report_render(*, request_id):
    """Render a claimed request and store its PDF, unless another run has finished it first."""
    request = ReportRequest.objects.select_related("submission").get(pk=request_id)
    with _beating(request_id):
        pdf = report_pdf(request.submission)
    with transaction.atomic():
        request = ReportRequest.objects.select_for_update().get(pk=request_id)
        if request.state != ReportRequest.RENDERING:
            return request
        request.pdf.save(f"{request.pk}.pdf", ContentFile(pdf), save=False)
        request.state = ReportRequest.READY
        request.error = ""
        request.finished_at = timezone.now()
        request.save(update_fields=["pdf", "state", "error", "finished_at"])
    return request


def report_fail(*, request_id, error):
    """Record why a rendering failed; a request that is ready stays ready."""
    return ReportRequest.objects.filter(pk=request_id).exclude(state=ReportRequest.READY).update(
        state=ReportRequest.FAILED, error=str(error)[:2000], finished_at=timezone.now()
    )
