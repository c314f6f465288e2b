from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from .models import KPI, Category, DataPoint, Dimension, Edition, SubDimension, Target
from .selectors import edition_current
from .services import scores_recompute
from .spreadsheets import SpreadsheetError
from .targets import COLUMNS, targets_import, targets_read

TARGET_FILE_LIMIT = 2 * 1024 * 1024


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "is_current"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "edition", "order"]
    list_filter = ["edition"]


@admin.register(SubDimension)
class SubDimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "dimension", "order"]
    list_filter = ["dimension"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "dimension", "order"]
    list_filter = ["dimension"]


class DataPointInline(admin.TabularInline):
    model = DataPoint
    extra = 0


@admin.register(KPI)
class KPIAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "category", "subdimension"]
    list_filter = ["type", "category__dimension", "category"]
    search_fields = ["code", "name"]
    inlines = [DataPointInline]


@admin.action(description="Recompute the scores of the selected data points' values (submissions not signed off)")
def recompute_scores(modeladmin, request, queryset):
    field = "data_point_id" if queryset.model is Target else "pk"
    changed = scores_recompute(data_point_ids=list(queryset.values_list(field, flat=True)))
    modeladmin.message_user(request, f"Scores recomputed: {changed} value(s) changed.", messages.SUCCESS)


@admin.register(DataPoint)
class DataPointAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "value_kind", "direction", "calculation"]
    list_filter = ["value_kind", "direction", "kpi__category__dimension"]
    search_fields = ["name", "kpi__code", "kpi__name"]
    actions = [recompute_scores]


class TargetImportForm(forms.Form):
    edition = forms.ModelChoiceField(queryset=Edition.objects.all(), empty_label=None)
    file = forms.FileField(help_text=(
        f"A .csv or .xlsx file with the columns {', '.join(COLUMNS)}, as the reference targets.csv. "
        "The data points it names get these targets; the others keep theirs."
    ))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        if upload.size > TARGET_FILE_LIMIT:
            raise forms.ValidationError("The file is over 2 MB; a targets file is a few kilobytes.")
        return upload


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Saving or deleting a target here rescores the values it affects in submissions not signed off."""

    list_display = ["data_point", "direction", "value", "yes_no", "source"]
    list_filter = ["direction"]
    search_fields = ["data_point__name", "data_point__kpi__code"]
    actions = [recompute_scores]
    change_list_template = "admin/kpis/target/change_list.html"

    def get_urls(self):
        importing = path("import/", self.admin_site.admin_view(self.import_view), name="kpis_target_import")
        return [importing, *super().get_urls()]

    def import_view(self, request):
        """Upload a targets file: every bad row is listed, and nothing is saved from a file with errors."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = TargetImportForm(request.POST or None, request.FILES or None,
                                initial={"edition": edition_current()})
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = targets_import(rows=targets_read(upload, upload.name), edition=form.cleaned_data["edition"])
            except SpreadsheetError as error:
                form.add_error("file", str(error))
            else:
                if result.ok:
                    self.message_user(request, (
                        f"Targets imported: {result.created} added, {result.changed} changed, "
                        f"{result.unchanged} unchanged; {result.rescored} value(s) rescored."
                    ), messages.SUCCESS)
                    return redirect("admin:kpis_target_changelist")
                errors = result.errors
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import targets",
            "form": form,
            "errors": errors,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "admin/kpis/target/import.html", context, status=status)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moved_from = form.initial.get("data_point") if change else None
        scores_recompute(data_point_ids={obj.data_point_id, moved_from} - {None})

    def delete_model(self, request, obj):
        data_point_id = obj.data_point_id
        super().delete_model(request, obj)
        scores_recompute(data_point_ids=[data_point_id])

    def delete_queryset(self, request, queryset):
        data_point_ids = list(queryset.values_list("data_point_id", flat=True))
        super().delete_queryset(request, queryset)
        scores_recompute(data_point_ids=data_point_ids)
