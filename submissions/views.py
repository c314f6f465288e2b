"""Pages of the city's data entry: submissions, progress, entry forms, evidence, spreadsheets, submit.

Each view: find what is asked for and check what the person may do through one door of
submissions.permissions (404 for what they may not see, 403 for what they may not do),
validate, call one service, respond.
"""
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kpis import limits
from kpis.selectors import edition_current

from . import entry_fragments, page_cache, permissions, selectors
from .comparisons import value_contexts
from .cross_checks import share_warnings
from .evidence_preview import NoPreview, evidence_preview_png
from .forms import ContextForm, EvidenceForm, NewSubmissionForm, SpreadsheetForm, ValueForm
from .models import Value
from .page_sections import overview_sections
from .scorecards import overview_scores
from .services import (
    NotAllowed, StaleValues, evidence_delete, evidences_add, pending_upload_discard, pending_upload_keep,
    submission_context_set, submission_create, submission_missing, submission_submit, values_save,
)
from .spreadsheet import SpreadsheetError, spreadsheet_import, write_csv, write_xlsx
from .value_text import value_text

CONTEXT_FIELDS = ContextForm.Meta.fields


# ---------------------------------------------------------------- the list and a new year

@login_required
@require_http_methods(["GET", "POST"])
def submission_list(request):
    can_start = permissions.can_start_submission(request.user)
    permissions.require(can_start or request.method != "POST")
    form = NewSubmissionForm(user=request.user) if can_start else None
    if request.method == "POST":
        form = NewSubmissionForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            submission = submission_create(
                city=data["city"], year=data["year"], edition=edition_current(), actor=request.user,
                **{name: data[name] for name in CONTEXT_FIELDS},
            )
            messages.success(request, gettext("%(submission)s is started: enter its data points category by category.") % {
                "submission": submission})
            return redirect("submissions:overview", pk=submission.pk)
    return render(request, "submissions/list.html", {
        "submissions": selectors.submission_list(request.user), "form": form,
    }, status=400 if form is not None and form.errors else 200)


# ---------------------------------------------------------------- overview and context figures

@login_required
@require_GET
def overview(request, pk):
    submission = permissions.submission_for(request, pk, "view")
    page = page_cache.page_cached(request, page_cache.body_key("overview", request, submission),
                                  lambda: _overview_page(request, submission))
    return render(request, "submissions/overview.html", {"submission": submission, **page})


def _overview_page(request, submission):
    progress = selectors.overview_progress(submission)
    return {"body": page_cache.body_render("submissions/_overview_body.html", {
        "submission": submission,
        "progress": progress,
        "warnings": share_warnings(progress.values),
        "can_edit": permissions.can_edit_submission(request.user, submission),
        "can_submit": permissions.can_submit(request.user, submission),
        "is_member": permissions.is_member(request.user, submission),
        "submission_evidence_count": selectors.submission_evidence_count(submission),
        "sections": overview_sections(request, submission, places=("after_summary", "end")),
    }, request=request)}


@login_required
@require_GET
def scores(request, pk):
    """The scores beside the entry progress: tables 2 and 3, the scorecard, the benchmark (sunburst)."""
    submission = permissions.submission_for(request, pk, "view")
    progress = selectors.submission_progress(submission)
    return render(request, "submissions/scores.html", {
        "submission": submission,
        "sections": overview_sections(request, submission, places=("scores",)),
        "scores": overview_scores(submission, progress.values,
                                  previous=selectors.submission_previous(submission, request.user)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def context(request, pk):
    submission = permissions.submission_for(request, pk, "edit")
    form = ContextForm(request.POST or None, instance=submission)
    if request.method == "POST" and form.is_valid():
        try:
            submission_context_set(submission_id=submission.pk, actor=request.user,
                                   **{name: form.cleaned_data[name] for name in CONTEXT_FIELDS})
        except NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, gettext("The context figures are saved."))
            return redirect("submissions:overview", pk=submission.pk)
    return render(request, "submissions/context.html", {"submission": submission, "form": form},
                  status=400 if form.errors else 200)


# ---------------------------------------------------------------- entry forms

def _entry_forms(request, submission, groups, editable, data=None, files=None):
    """A form per editable value; the others are shown as they are."""
    forms = {}
    for group in groups:
        for value in group.values:
            if value.pk in editable:
                forms[value.pk] = ValueForm(data, files, value=value, population=submission.population)
            value.form = forms.get(value.pk)
    return forms


def _save_forms(request, forms, reason=""):
    """Save the changed forms together; on a clash keep what the person typed, show what is stored.

    NotAllowed when the person may no longer change one of them (signed off meanwhile): nothing is saved.
    """
    # A value whose form was not on the page the person saw (no version posted) is left alone.
    posted = [form for form in forms.values() if form.add_prefix("version") in form.data]
    changed = [form for form in posted if form.has_changed() or form.pending]
    if any(not form.is_valid() for form in changed):
        return False
    changes = [(f.instance.pk, f.cleaned_data["version"], f.value_input) for f in changed if f.value_changed]
    uploads = [(f.instance.pk, upload) for f in changed for upload in f.uploads]
    try:
        values_save(changes=changes, uploads=uploads, pending=[item for f in changed for item in f.pending],
                    actor=request.user, reason=reason)
    except StaleValues as clash:
        for value_id, current in clash.currents.items():
            _show_clash(forms[value_id], current)
        return False
    return changed


def _pending_claim(request, submission, forms):
    """The evidence kept from a save that failed, as the page carried it back; what the person removed goes."""
    for form in forms:
        tokens = request.POST.getlist(form.pending_name)
        removed = set(request.POST.getlist(form.pending_remove_name))
        for item in selectors.pending_uploads(actor=request.user, submission=submission, tokens=tokens):
            if item.value_id != form.instance.pk:
                continue
            if item.token in removed:
                pending_upload_discard(pending_id=item.pk, actor=request.user)
            else:
                form.pending.append(item)


def _pending_keep(request, submission, forms):
    """A save failed: the chosen evidence files that pass their check are kept on the server and shown
    as attached, so nobody chooses them again; the save that succeeds attaches them."""
    for form in forms:
        if "evidence" not in form.fields or not form.files.getlist(form.add_prefix("evidence")):
            continue
        form.is_valid()  # the files' own check, whatever else is wrong with the form
        for upload in form.cleaned_data.get("evidence", []):
            form.pending.append(pending_upload_keep(submission_id=submission.pk, value_id=form.instance.pk,
                                                    upload=upload, actor=request.user))


def _show_clash(form, current):
    """Someone else saved this value meanwhile: say what is stored now, keep what this person typed."""
    who = (current.entered_by.get_full_name() or current.entered_by.get_username() if current.entered_by
           else gettext("someone else"))
    data = form.data.copy()
    data[form.add_prefix("version")] = current.version
    form.data = data
    form.add_error("value", gettext(
        "%(who)s saved this data point while you were editing it: it is now %(value)s. "
        "Your entry is kept here; save again to replace theirs, or change it."
    ) % {"who": who, "value": value_text(current)})


@login_required
@require_http_methods(["GET", "POST"])
def entry(request, pk, category_pk):
    submission = permissions.submission_for(request, pk, "view")
    if request.method == "GET":
        # A page found in the cache was rendered for a category of the submission's edition.
        page = page_cache.page_cached(request, page_cache.body_key("entry", request, submission, category_pk),
                                      lambda: _entry_page(request, submission, category_pk))
        return render(request, "submissions/entry.html", {"submission": submission, **page})
    category = selectors.submission_category(submission, category_pk)
    if category is None:
        raise Http404
    editable = permissions.values_to_edit(request, submission, required=True)
    groups = selectors.category_values(submission, category)
    forms = _entry_forms(request, submission, groups, editable, request.POST, request.FILES)
    _pending_claim(request, submission, forms.values())
    try:
        saved = _save_forms(request, forms)
    except NotAllowed as refusal:
        saved, refused = False, str(refusal)
    else:
        refused = gettext("Nothing was saved yet: correct what is listed here. Everything you typed, and the "
                          "files you chose, is kept.")
    if saved is not False:
        files = sum(len(form.uploads) + len(form.pending) for form in saved)
        messages.success(request, gettext("%(category)s: %(saved)s") % {
            "category": category.name, "saved": _saved_message(saved, files)})
        _readings_announce(request, [text for form in saved for text in form.readings])
        for warning in share_warnings(selectors.category_values_saved(submission, category)):
            messages.warning(request, warning)
        if "save_and_next" in request.POST:
            return _next_category(submission, category)
        return redirect("submissions:entry", pk=submission.pk, category_pk=category.pk)
    _pending_keep(request, submission, forms.values())
    _contexts_attach(submission, groups)
    pieces = entry_fragments.pieces_rendered(submission, category, groups, selectors.submission_progress(submission))
    body = render_to_string("submissions/_entry_body.html", {
        "submission": submission, "category": category, **pieces,
        "can_edit": bool(editable & {v.pk for g in groups for v in g.values}),
        "problems": [refused], "invalid_forms": [form for form in forms.values() if form.errors],
    }, request=request)
    return render(request, "submissions/entry.html", {
        "submission": submission, "title": _entry_title(submission, category), "body": body}, status=400)


def _entry_title(submission, category):
    return f"{category.name} · {submission}"


def _entry_page(request, submission, category_pk):
    """The page's title and body with unbound forms, as the cache keeps them until what they show changes."""
    category = selectors.submission_category(submission, category_pk)
    if category is None:
        raise Http404
    pieces = entry_fragments.pieces_cached(request.user, submission, category, groups_load=lambda editable: (
        _entry_groups(request, submission, category, editable)))
    page = {"title": _entry_title(submission, category), "body": page_cache.body_render(
        "submissions/_entry_body.html",
        {"submission": submission, "category": category, **pieces, "problems": [], "invalid_forms": []},
        request=request)}
    return page


def _entry_groups(request, submission, category, editable):
    """The category's values by KPI, each with its unbound form (or None) and its context: what a page renders."""
    groups = selectors.category_values(submission, category)
    _entry_forms(request, submission, groups, editable)
    _contexts_attach(submission, groups)
    return groups


def _next_category(submission, category):
    """"Save and next category": the next one in catalogue order; after the last, the overview."""
    following = selectors.category_after(selectors.submission_progress(submission), category)
    if following is None:
        return redirect("submissions:overview", pk=submission.pk)
    return redirect("submissions:entry", pk=submission.pk, category_pk=following.pk)


def _contexts_attach(submission, groups):
    """Last cycle's value, the next band and the cross-checks' flags beside each field (as the verifier sees them)."""
    values = [value for group in groups for value in group.values]
    contexts = value_contexts(submission, values, evidence_counts={v.pk: len(v.evidence.all()) for v in values})
    for value in values:
        value.context = contexts[value.pk]


def _saved_message(saved, files):
    changed = sum(1 for form in saved if form.value_changed)
    if not changed:
        saved_text = gettext("no data point changed")
    else:
        saved_text = ngettext("%(count)d data point saved", "%(count)d data points saved", changed) % {"count": changed}
    if not files:
        return gettext("%(saved)s.") % {"saved": saved_text}
    return gettext("%(saved)s, %(attached)s.") % {"saved": saved_text, "attached": ngettext(
        "%(count)d evidence file attached", "%(count)d evidence files attached", files) % {"count": files}}


def _readings_announce(request, readings):
    """How each figure that could have been meant otherwise was read, so the person can check it."""
    for text in readings:
        messages.info(request, text)


@login_required
@require_http_methods(["GET", "POST"])
def value_edit(request, pk):
    """One value on its own page: where the city corrects a value the verifier has queried."""
    value = permissions.value_for(request, pk, "edit")
    submission = value.submission
    form = ValueForm(request.POST or None, request.FILES or None, value=value, population=submission.population)
    if request.method == "POST":
        _pending_claim(request, submission, [form])
        try:
            saved = _save_forms(request, {value.pk: form}, reason=request.POST.get("why", "")[:limits.MESSAGE])
        except NotAllowed as refusal:
            saved = False
            form.add_error(None, str(refusal))
        if saved is not False:
            files = sum(len(f.uploads) + len(f.pending) for f in saved)
            messages.success(request, gettext("%(data_point)s: %(saved)s") % {
                "data_point": f"{value.data_point.kpi.code} {value.data_point.name}",
                "saved": _saved_message(saved, files)})
            _readings_announce(request, [text for saved_form in saved for text in saved_form.readings])
            return redirect("submissions:overview", pk=submission.pk)
        _pending_keep(request, submission, [form])
    return render(request, "submissions/value_edit.html", {
        "submission": submission, "value": value, "form": form, "evidence": value.evidence.all(),
        "why": request.POST.get("why", ""),
    }, status=400 if form.errors else 200)


# ---------------------------------------------------------------- evidence

@login_required
@require_http_methods(["GET", "POST"])
def evidence(request, pk):
    submission = permissions.submission_for(request, pk, "view")
    editable, can_edit, can_upload = permissions.evidence_rights(request, submission, upload=request.method == "POST")
    form = EvidenceForm(values=editable.select_related("data_point__kpi").in_catalogue_order())
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES, values=form.fields["value"].queryset)
        form.pending_set(_evidence_pending_claim(request, submission, form))
        if form.is_valid():
            value = form.cleaned_data["value"]
            if value is None and not can_edit:
                form.add_error("value", gettext("Attach the files to the data point you are correcting."))
            else:
                try:
                    # The kept files go where the form says now: the person may have chosen again.
                    evidences_add(submission_id=submission.pk, value_id=value.pk if value else None,
                                  uploads=form.cleaned_data["files"], pending=form.pending, actor=request.user)
                except NotAllowed as refusal:
                    form.add_error(None, str(refusal))
                else:
                    count = len(form.cleaned_data["files"]) + len(form.pending)
                    messages.success(request, ngettext("%(count)d file attached.", "%(count)d files attached.",
                                                       count) % {"count": count})
                    return redirect("submissions:evidence", pk=submission.pk)
        _evidence_pending_keep(request, submission, form)
    items = list(selectors.submission_evidence(submission))
    editable_ids = set(editable.values_list("pk", flat=True))
    for item in items:
        item.can_delete = (item.value_id in editable_ids) if item.value_id else can_edit
    return render(request, "submissions/evidence.html", {
        "submission": submission, "form": form if can_upload else None, "items": items,
        "max_size": settings.EVIDENCE_MAX_BYTES,
    }, status=400 if form.errors else 200)


def _evidence_pending_claim(request, submission, form):
    """The files kept from an upload that failed, as the page carried them back; what the person removed goes."""
    removed = set(request.POST.getlist(form.pending_remove_name))
    kept = []
    for item in selectors.pending_uploads(actor=request.user, submission=submission,
                                          tokens=request.POST.getlist(form.pending_name)):
        if item.token in removed:
            pending_upload_discard(pending_id=item.pk, actor=request.user)
        else:
            kept.append(item)
    return kept


def _evidence_pending_keep(request, submission, form):
    """An upload failed: the chosen files that pass their check are kept and shown as attached."""
    uploads = form.accepted_files()
    value = form.cleaned_data.get("value")  # only where it was kept from: the save attaches to what it names then
    for upload in uploads:
        form.pending.append(pending_upload_keep(submission_id=submission.pk, value_id=value.pk if value else None,
                                                upload=upload, actor=request.user))


@login_required
@require_GET
def evidence_download(request, pk):
    item = permissions.evidence_for(request, pk, "view")
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404(gettext("The stored file is missing."))
    response = FileResponse(handle, as_attachment=True, filename=item.original_name,
                            content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def evidence_preview(request, pk):
    """An image, or a PDF's first page, as a PNG rendered on the server: shown in the page, never the file itself."""
    item = permissions.evidence_for(request, pk, "view")
    try:
        png = evidence_preview_png(item)
    except (NoPreview, FileNotFoundError):
        raise Http404(gettext("No preview of this file."))
    response = HttpResponse(png, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_remove(request, pk):
    item = permissions.evidence_for(request, pk, "delete")
    try:
        evidence_delete(evidence_id=item.pk, actor=request.user)
    except NotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, gettext("%(name)s is removed.") % {"name": item.original_name})
    return redirect("submissions:evidence", pk=item.submission_id)


# ---------------------------------------------------------------- spreadsheets

def _file_name(submission, extension):
    return f"u4ssc-{slugify(submission.city.slug)}-{submission.year}.{extension}"


@login_required
@require_GET
def export(request, pk, extension):
    submission = permissions.submission_for(request, pk, "view")
    if extension == "csv":
        text = io.StringIO()
        write_csv(submission, text)
        response = HttpResponse(text.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    else:
        book = io.BytesIO()
        write_xlsx(submission, book)
        response = HttpResponse(
            book.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(submission, extension)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def spreadsheet_upload(request, pk):
    submission = permissions.submission_for(request, pk, "view")
    editable = permissions.values_to_edit(request, submission, required=True)
    form, result = SpreadsheetForm(request.POST or None, request.FILES or None), None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Typed figures are read as the uploader writes them: a decimal comma in French and Spanish.
            result = spreadsheet_import(submission=submission, handle=upload, filename=upload.name,
                                        actor=request.user, editable_ids=editable, language=get_language())
        except (SpreadsheetError, NotAllowed) as error:
            form.add_error("file", str(error))
        else:
            if result.ok:
                messages.success(request, gettext("The spreadsheet is imported: %(changed)s, %(unchanged)s.") % {
                    "changed": ngettext("%(count)d data point changed", "%(count)d data points changed",
                                       result.changed) % {"count": result.changed},
                    "unchanged": ngettext("%(count)d unchanged", "%(count)d unchanged",
                                         result.unchanged) % {"count": result.unchanged}})
                _readings_announce(request, [gettext("Row %(row)s, %(data_point)s: %(reading)s.") % {
                    "row": row, "data_point": label, "reading": reading} for row, label, reading in result.readings])
                return redirect("submissions:overview", pk=submission.pk)
    failed = form.errors or (result is not None and not result.ok)
    return render(request, "submissions/import.html", {
        "submission": submission, "form": form, "result": result, "quality_choices": Value.QUALITY_CHOICES,
    }, status=400 if failed else 200)


# ---------------------------------------------------------------- submit

@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    submission = permissions.submission_for(request, pk, "submit")
    if request.method == "POST":
        try:
            submission_submit(submission_id=submission.pk, actor=request.user)
        except NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("%(submission)s is submitted for verification. "
                                              "You can answer the verifier's questions here.") % {
                "submission": submission})
            return redirect("submissions:overview", pk=submission.pk)
    missing = list(submission_missing(submission))
    return render(request, "submissions/submit.html", {
        "submission": submission, "missing": missing,
        "warnings": share_warnings(selectors.submission_progress(submission).values),
    }, status=400 if request.method == "POST" else 200)
