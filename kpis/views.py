"""The public catalogue browser; the targets pages (read by anyone signed in, changed by the secretariat);
the secretariat's page that confirms the KPIs' SDG mappings."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import permissions, services
from .forms import SdgMappingForm, TargetForm, TargetImportForm, TargetRemoveForm, TranslationForm
from .models import KPI, TRANSLATED_LANGUAGES, DataPoint
from .selectors import (catalogue_tree, edition_current, sdg_mapping_rows, targets_edition_current, targets_editions,
                        targets_list, translation_rows)
from .services import target_remove, target_set
from .spreadsheets import SpreadsheetError
from .targets import targets_import, targets_read


def catalogue(request):
    edition = edition_current()
    if edition is None:
        raise Http404("No catalogue has been loaded.")
    return render(request, "kpis/catalogue.html", {"edition": edition, "dimensions": catalogue_tree(edition)})


def kpi_detail(request, pk):
    kpi = get_object_or_404(
        KPI.objects.select_related("category__dimension__edition", "subdimension"), pk=pk
    )
    data_points = kpi.data_points.select_related("target").order_by("order")
    return render(request, "kpis/kpi_detail.html", {"kpi": kpi, "data_points": data_points})


def _current_catalogue():
    catalogue = edition_current()
    if catalogue is None:
        raise Http404("No catalogue has been loaded.")
    return catalogue


@login_required
def targets(request):
    catalogue = _current_catalogue()
    return render(request, "kpis/targets.html", {
        "catalogue": catalogue,
        "targets_edition": targets_edition_current(catalogue),
        "data_points": targets_list(catalogue),
        "can_edit": permissions.can_edit_targets(request.user),
    })


@login_required
def targets_history(request):
    catalogue = _current_catalogue()
    return render(request, "kpis/targets_history.html", {
        "catalogue": catalogue, "editions": targets_editions(catalogue),
    })


def _edit_page(request, data_point, form, remove_form):
    status = 400 if form.errors or remove_form.errors else 200
    return render(request, "kpis/target_edit.html",
                  {"data_point": data_point, "form": form, "remove_form": remove_form}, status=status)


def _data_point(pk):
    return get_object_or_404(DataPoint.objects.select_related("kpi", "target"), pk=pk)


def _changed(request, data_point, edition, done):
    messages.success(request, ngettext(
        "%(code)s %(name)s: %(done)s. Targets edition %(number)s; %(rescored)s value rescored.",
        "%(code)s %(name)s: %(done)s. Targets edition %(number)s; %(rescored)s values rescored.",
        edition.rescored) % {"code": data_point.kpi.code, "name": data_point.name, "done": done,
                             "number": edition.number, "rescored": edition.rescored})
    return redirect("kpis:targets")


@login_required
def target_edit(request, pk):
    permissions.require_edit_targets(request.user)
    data_point = _data_point(pk)
    form = TargetForm(request.POST or None, data_point=data_point)
    if request.method == "POST" and form.is_valid():
        try:
            edition = target_set(data_point=data_point, **form.target_fields(),
                                 reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return _changed(request, data_point, edition, _("target set"))
    return _edit_page(request, data_point, form, TargetRemoveForm())


@login_required
@require_POST
def target_remove_view(request, pk):
    permissions.require_edit_targets(request.user)
    data_point = _data_point(pk)
    remove_form = TargetRemoveForm(request.POST)
    if remove_form.is_valid():
        try:
            edition = target_remove(data_point=data_point, reason=remove_form.cleaned_data["reason"],
                                    actor=request.user)
        except ValidationError as error:
            remove_form.add_service_errors(error)
        else:
            return _changed(request, data_point, edition, _("target removed"))
    return _edit_page(request, data_point, TargetForm(data_point=data_point), remove_form)


@login_required
def targets_import_view(request):
    """Upload a targets file: every bad row is listed, and nothing is saved from a file with errors."""
    permissions.require_edit_targets(request.user)
    form = TargetImportForm(request.POST or None, request.FILES or None, initial={"edition": edition_current()})
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = targets_import(rows=targets_read(upload, upload.name), edition=form.cleaned_data["edition"],
                                    reason=form.cleaned_data["reason"], actor=request.user)
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if result.ok:
                made = (_("Targets edition %(number)s.") % {"number": result.edition.number} if result.edition
                        else _("Nothing changed, so no new targets edition."))
                messages.success(request, ngettext(
                    "Targets imported: %(created)s added, %(changed)s changed, %(unchanged)s unchanged; "
                    "%(rescored)s value rescored. %(made)s",
                    "Targets imported: %(created)s added, %(changed)s changed, %(unchanged)s unchanged; "
                    "%(rescored)s values rescored. %(made)s",
                    result.rescored) % {"created": result.created, "changed": result.changed,
                                        "unchanged": result.unchanged, "rescored": result.rescored, "made": made})
                return redirect("kpis:targets")
            errors = result.errors
    status = 400 if form.errors or errors else 200
    return render(request, "kpis/targets_import.html", {"form": form, "errors": errors}, status=status)
@login_required
@require_GET
def sdg_mapping(request):
    permissions.require_catalogue_editor(request)
    edition = edition_current()
    if edition is None:
        raise Http404("No catalogue has been loaded.")
    kpis = sdg_mapping_rows(edition)
    provisional = sum(1 for kpi in kpis if kpi.sdg_is_provisional)
    return render(request, "kpis/sdg_mapping.html", {"edition": edition, "kpis": kpis, "provisional": provisional})


@login_required
@require_http_methods(["GET", "POST"])
def sdg_mapping_edit(request, pk):
    permissions.require_catalogue_editor(request)
    kpi = get_object_or_404(KPI.objects.select_related("sdg_confirmed_by"), pk=pk)
    form = SdgMappingForm(request.POST or None, initial={
        "sdgs": kpi.sdgs, "sdg_targets": kpi.sdg_targets, "iso37120": kpi.iso37120,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_sdg_confirm(kpi_id=kpi.pk, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("The SDG mapping of %(code)s is confirmed.") % {"code": kpi.code})
            return redirect("kpis:sdg_mapping")
    return render(request, "kpis/sdg_mapping_edit.html", {"kpi": kpi, "form": form})


def _translation_language(language):
    if language not in TRANSLATED_LANGUAGES:
        raise Http404("No such translation.")
    return language


@login_required
@require_GET
def translations(request):
    """The secretariat's list of the catalogue's names in one language, the provisional ones marked."""
    permissions.require_catalogue_editor(request)
    edition = _current_catalogue()
    language = request.GET.get("language") or ""
    if language not in TRANSLATED_LANGUAGES:
        current = (translation.get_language() or "").split("-")[0]
        language = current if current in TRANSLATED_LANGUAGES else TRANSLATED_LANGUAGES[0]
    rows = translation_rows(edition, language)
    return render(request, "kpis/translations.html", {
        "edition": edition, "language": language, "rows": rows,
        "languages": [(code, translation.get_language_info(code)["name_local"]) for code in TRANSLATED_LANGUAGES],
        "language_name": translation.get_language_info(language)["name_local"],
        "provisional": sum(1 for row in rows if row["provisional"]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def translation_edit(request, kind, pk, language):
    """Correct and confirm one row's translation: it is no longer provisional in that language."""
    permissions.require_catalogue_editor(request)
    language = _translation_language(language)
    if kind not in services.TRANSLATED_KINDS:
        raise Http404("No such part of the catalogue.")
    row = get_object_or_404(services.TRANSLATED_KINDS[kind], pk=pk)
    form = TranslationForm(request.POST or None, row=row, fields=services.translated_fields(kind), language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_correct(kind=kind, pk=row.pk, language=language, texts=form.cleaned_data,
                                         actor=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The %(language)s translation of “%(name)s” is confirmed.") % {
                "language": translation.get_language_info(language)["name_local"], "name": row.name_en})
            return redirect(f"{reverse('kpis:translations')}?language={language}")
    status = 400 if form.errors else 200
    return render(request, "kpis/translation_edit.html", {
        "row": row, "kind": kind, "form": form, "language": language,
        "language_name": translation.get_language_info(language)["name_local"],
        "provisional": row.translation_is_provisional(language),
    }, status=status)
