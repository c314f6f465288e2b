from django.contrib import admin, messages

from .models import KPI, Category, DataPoint, Dimension, Edition, SubDimension, Target
from .services import scores_recompute


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


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Saving or deleting a target here rescores the values it affects in submissions not signed off."""

    list_display = ["data_point", "direction", "value", "yes_no", "source"]
    list_filter = ["direction"]
    search_fields = ["data_point__name", "data_point__kpi__code"]
    actions = [recompute_scores]

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
