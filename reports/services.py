"""Rendering report requests: claim, render, store (asking for one and handing it to the
worker is reports.tasks).

Rendering is idempotent: a run claims the request with a conditional
UPDATE, and a run that finishes after another has stored the PDF stores nothing.
While it renders, the worker beats a heartbeat; a rendering whose heartbeat stopped
(its worker was killed) is queued again by the sweep, without waiting for the
broker's visibility timeout.
"""
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from .models import ReportRequest
from .pdf import html_to_pdf
from .selectors import report_content, report_data_file

# A request that killed its worker this many times is given up (a poison message).
MAX_ATTEMPTS = 8
# A rendering beats every HEARTBEAT seconds; one silent for STALE_AFTER has lost its worker.
HEARTBEAT = 5
STALE_AFTER = timedelta(seconds=30)


def report_html(submission):
    """The report of a submission as HTML, the document WeasyPrint prints."""
    return render_to_string("reports/pdf/report.html", report_content(submission))


def report_pdf(submission):
    """The report of a submission as PDF bytes, carrying its values as CSV: the worker and render_report
    both come here."""
    return html_to_pdf(report_html(submission), data_files=[report_data_file(submission)])


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
