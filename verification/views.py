"""Pages of the verification workflow: work list, assignments, review, queries, sign-off, history.

Each view: find what is asked for and check what the person may do through one door of
verification.permissions (404 for what they may not see, 403 for what they may not do),
validate, call one service, respond.
"""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from submissions.cross_checks import CHECK_TITLES, CHECKS
from submissions.models import Submission
from submissions.page_cache import body_key, body_render, page_cached
from submissions.services import NotAllowed
from submissions.value_text import value_text

from . import permissions, selectors
from .forms import (
    ACTIVITIES, CERTIFICATION, AnswerForm, AssignForm, FindingsForm, FollowUpForm, ReopenForm, ReviewForm, SignOffForm,
    WithdrawForm,
)
from .models import Query, Review, SignOff
from .review_page import review_page, row_html
from .services import (
    StaleReview, assignment_create, assignment_delete, findings_set, flag_override, query_answer, query_raise,
    review_bulk_verify, review_record, review_verify_pending, submission_publish, submission_reopen,
    submission_sign_off, submission_withdraw, value_return,
)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _review_url(submission, value=None):
    url = reverse("verification:review", args=[submission.pk])
    return f"{url}#value-{value.pk}" if value else url


# ---------------------------------------------------------------- work list and assignments

@login_required
@require_GET
def worklist(request):
    permissions.require_worklist(request.user)
    return render(request, "verification/worklist.html", {"submissions": selectors.worklist(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, pk):
    submission = permissions.submission_for(request, pk, "assign")
    form = AssignForm(submission=submission)
    if request.method == "POST" and "remove" in request.POST:
        try:
            assignment_delete(submission_id=submission.pk, verifier_id=int(request.POST["remove"]), actor=request.user)
        except (ValueError, NotAllowed) as error:
            messages.error(request, str(error) if isinstance(error, NotAllowed) else _("Choose a verifier to remove."))
        else:
            messages.success(request, _("The verifier was removed from this submission."))
        return redirect("verification:assign", pk=submission.pk)
    if request.method == "POST":
        form = AssignForm(request.POST, submission=submission)
        if form.is_valid():
            verifier = form.cleaned_data["verifier"]
            try:
                assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=request.user)
            except NotAllowed as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("%(verifier)s is assigned to %(submission)s.") % {
                    "verifier": verifier.get_full_name() or verifier.username, "submission": submission})
                return redirect("verification:assign", pk=submission.pk)
    return render(request, "verification/assign.html", {
        "submission": submission, "assignments": selectors.submission_assignments(submission), "form": form,
    }, status=400 if form.errors else 200)


# ---------------------------------------------------------------- the review page

def _open_value_id(request):
    opened = request.GET.get("open", "")
    return int(opened) if opened.isdigit() else None


def _can_review(request, submission):
    return submission.state == Submission.SUBMITTED and permissions.is_assigned(request.user, submission)


def _review_page(request, submission, *, open_value_id=None, shown_row=None, status=200):
    """The page; as the cache keeps it unless a row is shown open (its verdict form) or with an error."""
    if open_value_id is None and shown_row is None:
        page = page_cached(request, body_key("review", request, submission),
                           lambda: {"body": _review_body(request, submission, render=body_render)})
        body = page["body"]
    else:
        body = _review_body(request, submission, render=render_to_string, open_value_id=open_value_id,
                            shown_row=shown_row)
    return render(request, "verification/review.html", {"submission": submission, "body": body}, status=status)


def _review_body(request, submission, *, render, open_value_id=None, shown_row=None):
    can_review = _can_review(request, submission)
    page = review_page(request, submission, can_review=can_review, open_value_id=open_value_id, shown_row=shown_row)
    return render("verification/_review_body.html", {
        "submission": submission, "can_review": can_review, "progress": page.progress, "sections": page.sections,
        "flagged": page.flagged, "unflagged": page.unflagged, "checks": CHECK_TITLES,
        "submission_evidence": selectors.submission_evidence(submission),
    }, request=request)


@login_required
@require_GET
def review(request, pk):
    submission = permissions.submission_for(request, pk, "see_reviews")
    return _review_page(request, submission, open_value_id=_open_value_id(request))


def _progress_json(submission):
    progress = selectors.progress_by_submission([submission.pk])[submission.pk]
    return {"pending": progress.pending, "verified": progress.verified,
            "not_verified": progress.not_verified, "queried": progress.queried, "returned": progress.returned}


def _review_respond(request, submission, value, *, message=None, error=None, field=None, typed=None, status=200):
    """After an action on one data point: JSON for the script, else the page (with the error beside the row)."""
    [row] = selectors.review_rows(submission, value_ids={value.pk}, open_value_id=value.pk if error else None)
    row.error, row.error_field, row.typed = error or "", field or "", typed or {}
    if _wants_json(request):
        return JsonResponse({
            "ok": error is None, "message": message or error, "field": field,
            "row": row_html(request, row, can_review=_can_review(request, submission)),
            "progress": _progress_json(submission),
        }, status=status)
    if error is None:
        messages.success(request, message)
        return redirect(_review_url(submission, value))
    messages.error(request, error)
    return _review_page(request, submission, open_value_id=value.pk, shown_row=row, status=status)


def _review_act(request, value, data):
    """Call the service of the chosen action; the message to show."""
    versions = {"expected_version": data["version"], "expected_review_version": data["review_version"]}
    label = f"{value.data_point.kpi.code} {value.data_point.name}"
    action, text = data["action"], data["message"]
    if action == "query":
        query_raise(value_id=value.pk, actor=request.user, question=text, **versions)
        return _("%(label)s: your question was sent to the city.") % {"label": label}
    if action == "return":
        value_return(value_id=value.pk, actor=request.user, message=text, **versions)
        return _("%(label)s: returned to the city for correction.") % {"label": label}
    if action == "override":
        flag_override(value_id=value.pk, actor=request.user, check=data["check"], note=text)
        return _("%(label)s: the flag “%(check)s” is acknowledged.") % {"label": label, "check": CHECK_TITLES[data["check"]]}
    review_record(value_id=value.pk, actor=request.user, status=action, reason=text, **versions)
    return _("%(label)s: %(status)s.") % {"label": label, "status": str(dict(Review.STATUS_CHOICES)[action]).lower()}


@login_required
@require_POST
def value_review(request, pk):
    value = permissions.value_for(request, pk, "review")
    submission = value.submission
    form = ReviewForm(request.POST)
    typed = {"message": request.POST.get("message", ""), "action": request.POST.get("action", "")}
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        return _review_respond(request, submission, value, error=errors[0], field=field, typed=typed, status=400)
    try:
        message = _review_act(request, value, form.cleaned_data)
    except StaleReview as stale:
        return _review_respond(request, submission, value, error=str(stale), status=409)
    except NotAllowed as error:
        return _review_respond(request, submission, value, error=str(error), typed=typed, status=409)
    return _review_respond(request, submission, value, message=message)


def _bulk_items(request):
    items = []
    for item in request.POST.getlist("selected"):
        value_id, _colon, version = item.partition(":")
        if value_id.isdigit() and version.isdigit():
            items.append((int(value_id), int(version)))
    return items


def _bulk_message(result):
    count = len(result.verified)
    message = ngettext("%(count)d data point marked as verified.", "%(count)d data points marked as verified.",
                       count) % {"count": count}
    if result.stale:
        codes = ", ".join(v.data_point.kpi.code for v in result.stale)
        message += " " + _("Changed by someone else since you loaded the page, left as they are: %(codes)s.") % {
            "codes": codes}
    if result.skipped:
        codes = ", ".join(v.data_point.kpi.code for v in result.skipped)
        message += " " + _("Waiting for the city, already reviewed or without a value, left as they are: %(codes)s.") % {
            "codes": codes}
    return message


@login_required
@require_POST
def bulk_verify(request, pk):
    submission = permissions.submission_for(request, pk, "review")
    items = _bulk_items(request)
    if not items:
        messages.warning(request, _("Select the data points you have checked first."))
        return redirect(_review_url(submission))
    try:
        result = review_bulk_verify(submission_id=submission.pk, actor=request.user, items=items)
    except NotAllowed as error:
        messages.error(request, str(error))
        return redirect(_review_url(submission))
    message = _bulk_message(result)
    if _wants_json(request):
        touched = {v.pk for v in result.verified + result.stale + result.skipped}
        can_review = _can_review(request, submission)
        return JsonResponse({
            "ok": not (result.stale or result.skipped), "message": message,
            "rows": {row.value.pk: row_html(request, row, can_review=can_review)
                     for row in selectors.review_rows(submission, value_ids=touched)},
            "progress": _progress_json(submission),
        })
    (messages.warning if result.stale or result.skipped else messages.success)(request, message)
    return redirect(_review_url(submission))


@login_required
@require_http_methods(["GET", "POST"])
def verify_all(request, pk):
    """Verify every pending row of a category, or every pending row without flags, after a confirmation naming them."""
    submission = permissions.submission_for(request, pk, "review")
    if request.method == "POST":
        try:
            result = review_verify_pending(submission_id=submission.pk, actor=request.user, items=_bulk_items(request))
        except NotAllowed as error:
            messages.error(request, str(error))
        else:
            (messages.warning if result.stale or result.skipped else messages.success)(request, _bulk_message(result))
        return redirect(_review_url(submission))
    rows = selectors.review_rows(submission)
    category = request.GET.get("category", "")
    if category.isdigit():
        chosen = [row for row in rows if row.value.data_point.kpi.category_id == int(category)]
        scope = chosen[0].value.data_point.kpi.category.name if chosen else ""
    else:
        chosen, scope = [row for row in rows if not row.flags], ""
    chosen = [row for row in chosen if row.can_verify_in_bulk]
    return render(request, "verification/verify_all.html", {
        "submission": submission, "rows": chosen, "scope": scope, "can_review": submission.state == Submission.SUBMITTED,
    })


# ---------------------------------------------------------------- the verifier's summary and the checks

@login_required
@require_http_methods(["GET", "POST"])
def summary(request, pk):
    submission = permissions.submission_for(request, pk, "see_reviews")
    result = selectors.review_summary(submission)
    can_edit = submission.state == Submission.SUBMITTED and permissions.is_assigned(request.user, submission)
    form = FindingsForm(initial={"comment": result.findings.comment if result.findings else ""})
    if request.method == "POST":
        permissions.require_assigned(request.user, submission)
        form = FindingsForm(request.POST)
        if form.is_valid():
            try:
                findings_set(submission_id=submission.pk, actor=request.user, comment=form.cleaned_data["comment"])
            except NotAllowed as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your overall comment is saved."))
                return redirect("verification:summary", pk=submission.pk)
    return render(request, "verification/summary.html", {
        "submission": submission, "summary": result, "form": form if can_edit else None,
        "progress": selectors.progress_by_submission([submission.pk])[submission.pk], "checks": CHECK_TITLES,
    }, status=400 if form.errors else 200)


@login_required
@require_GET
def checks(request):
    return render(request, "verification/checks.html", {"checks": CHECKS})


# ---------------------------------------------------------------- query threads

@login_required
@require_http_methods(["GET", "POST"])
def query_thread(request, pk):
    seat = permissions.query_for(request, pk)
    query, city_side, verifier_side = seat.query, seat.answers, seat.asks
    value, submission = query.value, query.value.submission
    review = selectors.query_review(query)
    versions = {"version": value.version, "review_version": review.version if review else 0}
    answer_form, follow_up_form = AnswerForm(), FollowUpForm(initial=versions)
    if request.method == "POST":
        if city_side and "body" in request.POST:
            answer_form = AnswerForm(request.POST)
            if answer_form.is_valid():
                try:
                    query_answer(query_id=query.pk, actor=request.user, body=answer_form.cleaned_data["body"])
                except NotAllowed as error:
                    answer_form.add_error(None, str(error))
                else:
                    messages.success(request, _("Your answer was sent to the verifier."))
                    return redirect("verification:query", pk=query.pk)
        elif verifier_side and "question" in request.POST:
            follow_up_form = FollowUpForm(request.POST)
            if follow_up_form.is_valid():
                data = follow_up_form.cleaned_data
                try:
                    query_raise(value_id=value.pk, actor=request.user, question=data["question"],
                                expected_version=data["version"], expected_review_version=data["review_version"])
                except (StaleReview, NotAllowed) as error:
                    follow_up_form.add_error(None, str(error))
                else:
                    messages.success(request, _("Your question was sent to the city."))
                    return redirect("verification:query", pk=query.pk)
        else:
            raise PermissionDenied
    open_for_work = submission.state == Submission.SUBMITTED and query.status != Query.CLOSED
    return render(request, "verification/query.html", {
        "query": query, "value": value, "submission": submission, "review": review,
        "thread": selectors.query_messages(query),
        "shown": value_text(value),
        "answer_form": answer_form if city_side and open_for_work else None,
        "follow_up_form": follow_up_form if verifier_side and submission.state == Submission.SUBMITTED else None,
        "is_verifier_side": verifier_side,
    }, status=400 if answer_form.errors or follow_up_form.errors else 200)


# ---------------------------------------------------------------- sign-off, reopen, publish

def _sign_off_initial(request, submission):
    previous = selectors.sign_off_last(submission)
    if previous is not None:
        return {field: getattr(previous, field) for field in SignOffForm.Meta.fields}
    return {
        "verifier_name": request.user.get_full_name() or request.user.username,
        "certification": CERTIFICATION, "verified_on": datetime.date.today(),
        "activities": ACTIVITIES, "assurance_level": SignOff.LIMITED,
    }


@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request, pk):
    submission = permissions.submission_for(request, pk, "sign_off")
    if submission.state != Submission.SUBMITTED:
        messages.info(request, _("This submission is not open for verification."))
        return redirect("verification:history", pk=submission.pk)
    blockers = selectors.sign_off_blockers(submission)
    form = SignOffForm(request.POST or None, initial=_sign_off_initial(request, submission))
    if request.method == "POST" and form.is_valid():
        try:
            submission_sign_off(submission_id=submission.pk, actor=request.user, **form.cleaned_data)
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(submission)s is verified and signed off.") % {"submission": submission})
            return redirect("verification:history", pk=submission.pk)
    return render(request, "verification/sign_off.html", {
        "submission": submission, "form": form, "blockers": blockers,
        "progress": selectors.progress_by_submission([submission.pk])[submission.pk],
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk):
    submission = permissions.submission_for(request, pk, "reopen")
    return _with_a_reason(
        request, submission, ReopenForm, "verification/reopen.html",
        lambda reason: submission_reopen(submission_id=submission.pk, actor=request.user, reason=reason),
        _("%(submission)s is open for verification again.") % {"submission": submission})


def _with_a_reason(request, submission, form_class, template, act, done):
    """A step on a submission that needs a reason (reopening, withdrawing): the form, the step, then its history."""
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data["reason"])
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("verification:history", pk=submission.pk)
    return render(request, template, {"submission": submission, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def publish(request, pk):
    submission = permissions.submission_for(request, pk, "publish")
    try:
        submission_publish(submission_id=submission.pk, actor=request.user)
    except NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(submission)s is published.") % {"submission": submission})
    return redirect("verification:history", pk=submission.pk)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    submission = permissions.submission_for(request, pk, "publish")
    return _with_a_reason(
        request, submission, WithdrawForm, "verification/withdraw.html",
        lambda reason: submission_withdraw(submission_id=submission.pk, actor=request.user, reason=reason),
        _("The publication of %(submission)s is withdrawn; it is signed off, unpublished.") % {
            "submission": submission})


# ---------------------------------------------------------------- history

@login_required
@require_GET
def history(request, pk):
    submission = permissions.submission_for(request, pk, "view")
    return render(request, "verification/history.html", {
        "submission": submission, "events": selectors.submission_events(submission),
        "sign_offs": selectors.sign_offs(submission), "can_manage": permissions.can_manage(request.user),
        "can_see_reviews": permissions.can_see_reviews(request.user, submission),
    })


@login_required
@require_GET
def value_history(request, pk):
    value = permissions.value_for(request, pk, "view")
    return render(request, "verification/value_history.html", {
        "value": value, "submission": value.submission, "shown": value_text(value),
        "events": selectors.submission_events(value.submission, value=value),
        "versions": selectors.value_versions(value), "evidence": selectors.value_evidence(value),
    })


@login_required
@require_GET
def value_details(request, pk):
    """A review row's evidence and history, for the review page's script when the row's disclosure opens."""
    value = permissions.value_for(request, pk, "see_reviews")
    return render(request, "verification/_value_details.html", {
        "value": value, "events": selectors.submission_events(value.submission, value=value),
        "evidence": selectors.value_evidence(value),
    })
