"""Report requests and their rendering: ask, hand to the worker, claim, render, store.

A request is recorded first and handed to the broker only once its transaction has
committed. If the broker cannot be reached the request simply stays queued with no
`sent_at`, and the periodic sweep (report_requests_resend) sends it later: nothing
is lost. Rendering is idempotent: a run claims the request with a conditional
UPDATE, and a run that finishes after another has stored the PDF stores nothing.
"""
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Value
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
# Publishing to a broker that is down must not keep the person waiting.
QUICK_PUBLISH = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.3}
# A request younger than this may still be on its way to the broker.
RESEND_AFTER = timedelta(seconds=30)


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
        transaction.on_commit(lambda: report_enqueue(request_id=request.pk))
    return request


def report_enqueue(*, request_id):
    """Hand a queued request to the broker; True when it was taken. Never raises."""
    from .tasks import report_render_task

    try:
        report_render_task.apply_async(args=[request_id], retry=True, retry_policy=QUICK_PUBLISH)
    except Exception:
        logger.warning("The broker did not take report request %s; the sweep will resend it", request_id,
                       exc_info=True)
        return False
    ReportRequest.objects.filter(pk=request_id, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def report_requests_resend(*, now=None):
    """Send the queued requests the broker never took (it was down); returns how many went."""
    cutoff = (now or timezone.now()) - RESEND_AFTER
    unsent = ReportRequest.objects.filter(state=ReportRequest.QUEUED, sent_at__isnull=True, created_at__lte=cutoff)
    return sum(report_enqueue(request_id=pk) for pk in unsent.values_list("pk", flat=True))


def report_claim(*, request_id):
    """Claim a request for one rendering run; False when it is ready, failed or given up."""
    claimable = ReportRequest.objects.filter(
        pk=request_id, state__in=(ReportRequest.QUEUED, ReportRequest.RENDERING)
    )
    now = timezone.now()
    # A worker holding the request proves it was sent, whatever the sender managed to record.
    claimed = claimable.filter(attempts__lt=MAX_ATTEMPTS).update(
        state=ReportRequest.RENDERING, attempts=F("attempts") + 1, started_at=now,
        sent_at=Coalesce(F("sent_at"), Value(now)),
    )
    if claimed:
        return True
    claimable.update(state=ReportRequest.FAILED, finished_at=timezone.now(),
                     error=f"Gave up after {MAX_ATTEMPTS} attempts to render the report.")
    return False


def report_render(*, request_id):
    """Render a claimed request and store its PDF, unless another run has finished it first."""
    request = ReportRequest.objects.select_related("submission").get(pk=request_id)
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
