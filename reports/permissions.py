"""Who may ask for, see and download reports: the one place the reports views ask.

The doors (submission_for, report_for) find what a page asks for through the lower apps'
doors, so another city's or an unassigned submission is a 404, then check the action
(otherwise a 403). A report the person may not download is a 404, like one that does not exist.

Issued versions: the secretariat and the assigned verifier see every version and compare them;
the city sees the versions rendered from its published submission, while it stays published.
"""
from django.http import Http404
from django.shortcuts import get_object_or_404

from submissions import permissions as submission_rules
from submissions import roles
from submissions.models import Submission
from verification.permissions import is_assigned

from .models import ReportRequest, ReportVersion


def may_request(user):
    return roles.is_secretariat(user)


def may_choose_language(user):
    """Any of the four languages for a report: the secretariat; everyone else gets the city's report language."""
    return roles.is_secretariat(user)


def may_compare(user, submission):
    """Every version of a submission, and what changed between two: the secretariat and the assigned verifier."""
    return roles.is_secretariat(user) or is_assigned(user, submission)


def sees_published_only(user, submission):
    """The city's staff, of a published submission: its published versions, nothing else."""
    return submission.state == Submission.PUBLISHED and submission_rules.is_member(user, submission)


def downloadable_requests(user, submission):
    """The ready reports of a submission this person may download: the secretariat's and the
    assigned verifier's always, the city's those rendered from its published submission."""
    ready = submission.report_requests.filter(state=ReportRequest.READY)
    if may_compare(user, submission):
        return ready
    if sees_published_only(user, submission):
        return ready.filter(version__published=True)
    return ready.none()


def listed_versions(user, submission):
    """The issued versions of a submission this person may see and download, newest first."""
    versions = submission.report_versions.select_related("requested_by").order_by("-number")
    if may_compare(user, submission):
        return versions
    if sees_published_only(user, submission):
        return versions.filter(published=True)
    return versions.none()


def listed_requests(user, submission):
    """The requests shown on a submission's report page: all of them for the secretariat."""
    if may_request(user):
        return submission.report_requests.select_related("requested_by")
    return downloadable_requests(user, submission).select_related("requested_by")


def rendering_in_progress(user, submission):
    """Whether this person is told a report is on its way: any rendering, to who sees them all; to the city of a
    published submission, its published report being rendered (it is listed once ready)."""
    busy = submission.report_requests.filter(state__in=(ReportRequest.QUEUED, ReportRequest.RENDERING))
    if may_request(user) or sees_published_only(user, submission):
        return busy.exists()
    return False


SUBMISSION_ACTIONS = {
    "view": submission_rules.can_view,
    "request_report": lambda user, submission: may_request(user),
    "compare_versions": may_compare,
}


# ---------------------------------------------------------------- the doors

def submission_for(request, pk, action="view"):
    """The submission a page is about, and a 403 when this person may not take the action on it."""
    submission = submission_rules.submission_visible(request, pk)
    submission_rules.require(SUBMISSION_ACTIONS[action](request.user, submission))
    return submission


def published_or_visible_submission(request, pk):
    """A published submission, for anyone; any other only for who may see it (a 404 for everyone else)."""
    published = Submission.objects.published().select_related("city", "edition").filter(pk=pk).first()
    if published is not None:
        return published
    return submission_for(request, pk, "view")


def report_for(request, pk):
    """A ready report this person may download; otherwise a 404."""
    report = get_object_or_404(
        ReportRequest.objects.select_related("submission__city"),
        pk=pk, submission__in=Submission.objects.visible_to(request.user),
    )
    if not downloadable_requests(request.user, report.submission).filter(pk=report.pk).exists():
        raise Http404
    return report


def version_for(request, pk):
    """An issued version this person may download; otherwise a 404."""
    version = get_object_or_404(
        ReportVersion.objects.select_related("submission__city"),
        pk=pk, submission__in=Submission.objects.visible_to(request.user),
    )
    if not listed_versions(request.user, version.submission).filter(pk=version.pk).exists():
        raise Http404
    return version
