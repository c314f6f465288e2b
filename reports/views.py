"""Pages of the reports app: a submission's reports, asking for one, its state, the download; its issued
versions, two of them compared, and a version's download; its SDG view.

Each view finds what it is about and checks what the person may do through one door of
reports.permissions (404 for what they may not see, 403 for what they may not do), acts
through one service and responds. Rendering never happens
here: a request is recorded and handed to the worker.
"""
import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from submissions.models import Submission

from . import permissions, selectors, tasks
from .forms import VersionsCompareForm
from .models import ReportRequest


def _request_row(report):
    return {
        "id": report.pk,
        "state": report.state,
        "state_label": report.get_state_display(),
        "language": report.language,
        "language_label": report.get_language_display(),
        "error": report.error,
        "created_at": report.created_at.isoformat(),
        "created_text": date_format(timezone.localtime(report.created_at), "DATETIME_FORMAT"),
        "download_url": reverse("reports:download", args=[report.pk]) if report.state == ReportRequest.READY else "",
    }


@login_required
@require_GET
def index(request):
    submissions = (Submission.objects.visible_to(request.user).select_related("city", "sign_off")
                   .order_by("city__name", "-year"))
    return render(request, "reports/index.html", {"submissions": submissions})


@login_required
@require_GET
def submission_reports(request, pk):
    submission = permissions.submission_for(request, pk, "view")
    return render(request, "reports/submission.html", {
        "submission": submission,
        "reports": permissions.listed_requests(request.user, submission),
        # The page says a report is on its way while one is; its script takes the words away once none is.
        "in_progress": permissions.rendering_in_progress(request.user, submission),
        "may_request": permissions.may_request(request.user),
        "benchmark": selectors.submission_benchmark(submission),
        "awaiting_publication": selectors.awaiting_publication(submission),
        "sdg_url": reverse("reports:sdg", args=[submission.pk]),
        # Each language named in itself, as a language switch names them.
        "report_languages": [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES],
        "versions_count": submission.report_versions.count() if permissions.may_compare(request.user, submission) else 0,
        # The city downloads only what was rendered from its published submission.
        "published_unissued": permissions.may_request(request.user) and submission.state == Submission.PUBLISHED
        and not submission.report_versions.filter(published=True).exists(),
    })


@require_GET
def submission_sdg(request, pk):
    """The city's KPIs grouped by the 17 SDGs with its score per goal: a Voluntary Local Review's annex.
    Public once published; before that, only for who may see the submission."""
    submission = permissions.published_or_visible_submission(request, pk)
    return render(request, "reports/sdg.html", {
        "submission": submission,
        "city": submission.city,
        "goals": selectors.submission_sdg_goals(submission),
    })


@login_required
@require_POST
def report_request(request, pk):
    submission = permissions.submission_for(request, pk, "request_report")
    # The secretariat chooses the language; anyone else (and no choice) gets the city's report language.
    language = request.POST.get("language") if permissions.may_choose_language(request.user) else None
    if language not in dict(settings.LANGUAGES):
        language = None
    report = tasks.report_request(submission_id=submission.pk, actor=request.user, language=language)
    report.refresh_from_db()
    if report.version is not None and report.state == ReportRequest.READY:
        messages.success(request, _("Nothing changed since version %(number)s was issued: its report is ready, "
                                    "as it was.") % {"number": report.version.number})
    elif report.state == ReportRequest.QUEUED and not report.sent_at:
        messages.warning(request, _("The report is queued. The rendering service cannot be reached right now; "
                                    "the request is kept and will be sent as soon as it is back."))
    return redirect("reports:submission", pk=submission.pk)


@login_required
@require_GET
def report_status(request, pk):
    submission = permissions.submission_for(request, pk, "view")
    reports = permissions.listed_requests(request.user, submission)
    return JsonResponse({"reports": [_request_row(report) for report in reports],
                         "in_progress": permissions.rendering_in_progress(request.user, submission)})


@login_required
@require_GET
def report_download(request, pk):
    report = permissions.report_for(request, pk)
    submission = report.submission
    suffix = f" version {report.version.number}" if report.version_id else ""
    suffix += _language_suffix(report.language)
    return _pdf_response(report.pdf, f"U4SSC verification report {submission.city.name} {submission.year}{suffix}.pdf")


def _language_suffix(language):
    """A file name says the report's language when it is not English: "… version 2 (fr).pdf"."""
    return "" if language == settings.LANGUAGE_CODE else f" ({language})"


@login_required
@require_GET
def versions(request, pk):
    submission = permissions.submission_for(request, pk, "view")
    listed = list(permissions.listed_versions(request.user, submission))
    return render(request, "reports/versions.html", {
        "submission": submission, "versions": listed,
        "may_compare": permissions.may_compare(request.user, submission),
        "awaiting_publication": selectors.awaiting_publication(submission),
    })


@login_required
@require_GET
def versions_compare(request, pk):
    submission = permissions.submission_for(request, pk, "compare_versions")
    versions = {version.number: version for version in permissions.listed_versions(request.user, submission)}
    form = VersionsCompareForm(request.GET or None, numbers=sorted(versions))
    compared = None
    if form.is_valid():
        compared = selectors.versions_compare(versions[form.cleaned_data["older"]], versions[form.cleaned_data["newer"]])
    return render(request, "reports/versions_compare.html", {
        "submission": submission, "form": form, "compared": compared,
    }, status=400 if form.errors else 200)


@login_required
@require_GET
def version_download(request, pk):
    version = permissions.version_for(request, pk)
    submission = version.submission
    return _pdf_response(
        version.pdf, f"U4SSC verification report {submission.city.name} {submission.year} version {version.number}"
                     f"{_language_suffix(version.language)}.pdf")


def _pdf_response(stored, name):
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = _attachment(name)
    response["Cache-Control"] = "private, no-store"
    return response


def _attachment(name):
    """An RFC 6266 attachment header: the whole name in UTF-8, and an ASCII one for old clients.

    A slash or backslash ("Biel/Bienne") becomes a hyphen: a browser would otherwise keep
    only what follows it, taking the rest for a folder.
    """
    name = name.replace("/", "-").replace("\\", "-")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().replace('"', "'")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
