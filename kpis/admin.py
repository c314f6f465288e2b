from django.contrib import admin, messages

from .models import KPI, TRANSLATED_LANGUAGES, Category, DataPoint, Dimension, Edition, SubDimension, Target, TranslationChange
from .services import scores_recompute


def _translation_fields(*fields):
    """The admin edits the English text (name_en, which the original column follows) and no translation:
    those are corrected and confirmed on the catalogue's translations page, where each change is kept."""
    return ["translations_confirmed", *fields, *(f"{field}_{language}" for field in fields
                                                 for language in TRANSLATED_LANGUAGES)]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "is_current"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "edition", "order"]
    list_filter = ["edition"]
    list_select_related = ["edition"]
    exclude = _translation_fields("name")


@admin.register(SubDimension)
class SubDimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "dimension", "order"]
    list_filter = ["dimension"]
    list_select_related = ["dimension"]
    exclude = _translation_fields("name")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "dimension", "order"]
    list_filter = ["dimension"]
    list_select_related = ["dimension"]
    exclude = _translation_fields("name")


class DataPointInline(admin.TabularInline):
    model = DataPoint
    extra = 0
    exclude = _translation_fields("name", "unit")


@admin.register(KPI)
class KPIAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "category", "subdimension"]
    list_filter = ["type", "category__dimension", "category"]
    list_select_related = ["category__dimension", "subdimension__dimension"]
    search_fields = ["code", "name"]
    exclude = _translation_fields("name", "unit", "definition")
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
    list_select_related = ["kpi"]
    search_fields = ["name", "kpi__code", "kpi__name"]
    actions = [recompute_scores]
    exclude = _translation_fields("name", "unit")


@admin.register(TranslationChange)
class TranslationChangeAdmin(admin.ModelAdmin):
    """Read-only: who corrected or confirmed which translation, with the texts before and after."""

    list_display = ["changed_at", "model", "object_id", "language", "changed_by"]
    list_filter = ["language", "model"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Read-only: targets change on the targets page (kpis:targets), where every change makes a targets edition."""

    list_display = ["data_point", "direction", "value", "yes_no", "source"]
    list_filter = ["direction"]
    list_select_related = ["data_point__kpi"]
    search_fields = ["data_point__name", "data_point__kpi__code"]
    actions = [recompute_scores]
    change_list_template = "admin/kpis/target/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
