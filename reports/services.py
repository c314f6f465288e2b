"""Rendering report requests: claim, render, store (asking for one and handing it to the
worker is reports.tasks).

Every report is rendered from a snapshot (reports.snapshots). The report of a signed-off
submission is an issued version: numbered per submission and kept with its snapshot; a
snapshot already issued is never rendered again, its stored file is served instead.
Drafts are rendered as they are now and not kept as versions.

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
from django.db.models import F, Max, Q, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation

from submissions.services import submission_lock
from verification.models import Notification
from verification.tasks import notification_queue

from . import snapshots
from .metrics import RENDER_SECONDS
from .models import ReportRequest, ReportVersion
from .pdf import html_to_pdf
from .selectors import report_content_from

# A request that killed its worker this many times is given up (a poison message).
MAX_ATTEMPTS = 8
# A rendering beats every HEARTBEAT seconds; one silent for STALE_AFTER has lost its worker.
HEARTBEAT = 5
STALE_AFTER = timedelta(seconds=30)


def report_html_from(snapshot):
    """The report of a snapshot as HTML, the document WeasyPrint prints, in the snapshot's language."""
    with translation.override(snapshots.language_of(snapshot)):
        return render_to_string("reports/pdf/report.html", report_content_from(snapshot))


def report_pdf_from(snapshot):
    """The report of a snapshot as PDF bytes, in the snapshot's language, carrying its values as CSV (in
    English, as every file of data): the worker, render_report and an old version's check come here."""
    with RENDER_SECONDS.time(), translation.override(snapshots.language_of(snapshot)):
        content = report_content_from(snapshot)
        return html_to_pdf(render_to_string("reports/pdf/report.html", content), data_files=[content["data_file"]])


def report_html(submission, *, language=None):
    return report_html_from(snapshots.report_snapshot(submission, language=language))


def report_pdf(submission, *, language=None):
    """The report of a submission as it is now, as PDF bytes, in a language (the city's report language by default)."""
    return report_pdf_from(snapshots.report_snapshot(submission, language=language))


def report_version_kept(*, submission_id, snapshot):
    """The issued version already made from this snapshot, or None (always None for a draft)."""
    if not snapshots.is_issued(snapshot):
        return None
    return ReportVersion.objects.filter(submission_id=submission_id, digest=snapshots.snapshot_digest(snapshot)).first()


def _version_store(*, submission_id, snapshot, pdf, requested_by):
    """Keep a rendering as the submission's next version, unless a run of another request kept the same
    snapshot meanwhile; (version, created). Call inside a transaction holding the submission's lock."""
    digest = snapshots.snapshot_digest(snapshot)
    kept = ReportVersion.objects.filter(submission_id=submission_id, digest=digest).first()
    if kept is not None:
        return kept, False
    last = ReportVersion.objects.filter(submission_id=submission_id).aggregate(last=Max("number"))["last"] or 0
    version = ReportVersion(submission_id=submission_id, number=last + 1, snapshot=snapshot, digest=digest,
                            language=snapshots.language_of(snapshot),
                            published=snapshot["issue"]["status"] == snapshots.PUBLISHED, requested_by=requested_by)
    version.pdf.save(f"v{version.number}.pdf", ContentFile(pdf), save=False)
    version.save()
    return version, True


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
    """Render a claimed request and store its PDF, unless another run has finished it first. A signed-off
    submission's snapshot already issued is not rendered again: the request gets that version's file."""
    request = ReportRequest.objects.select_related("submission").get(pk=request_id)
    snapshot = snapshots.report_snapshot(request.submission, language=request.language)
    issued = snapshots.is_issued(snapshot)
    pdf = None
    if report_version_kept(submission_id=request.submission_id, snapshot=snapshot) is None:
        with _beating(request_id):
            pdf = report_pdf_from(snapshot)
    with transaction.atomic():
        submission = submission_lock(submission_id=request.submission_id)
        request = ReportRequest.objects.select_for_update().get(pk=request_id)
        if request.state != ReportRequest.RENDERING:
            return request
        if issued:
            version, created = _version_store(submission_id=submission.pk, snapshot=snapshot, pdf=pdf,
                                              requested_by=request.requested_by)
            request.version, request.pdf.name = version, version.pdf.name
            if created:
                notification_queue(kind=Notification.REPORT_READY, submission=submission)
        else:
            request.pdf.save(f"{request.pk}.pdf", ContentFile(pdf), save=False)
        request.state = ReportRequest.READY
        request.error = ""
        request.finished_at = timezone.now()
        request.save(update_fields=["pdf", "version", "state", "error", "finished_at"])
    return request


def report_fail(*, request_id, error):
    """Record why a rendering failed; a request that is ready stays ready."""
    return ReportRequest.objects.filter(pk=request_id).exclude(state=ReportRequest.READY).update(
        state=ReportRequest.FAILED, error=str(error)[:2000], finished_at=timezone.now()
    )
