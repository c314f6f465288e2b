from django.contrib import admin

from .models import KPI, Category, DataPoint, Dimension, Edition, SubDimension, Target


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


@admin.register(DataPoint)
class DataPointAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "value_kind", "direction", "calculation"]
    list_filter = ["value_kind", "direction", "kpi__category__dimension"]
    search_fields = ["name", "kpi__code", "kpi__name"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["data_point", "direction", "value", "yes_no", "source"]
    list_filter = ["direction"]
    search_fields = ["data_point__name", "data_point__kpi__code"]
