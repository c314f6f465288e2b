"""Reading the catalogue."""
from django.db.models import Prefetch

from .models import KPI, Category, DataPoint, Dimension, Edition, SubDimension, TargetChange, TargetsEdition


def edition_current():
    return Edition.objects.filter(is_current=True).order_by("-year").first()


def catalogue_tree(edition):
    """Dimensions with their categories, KPIs, data points and targets, in a fixed number of queries."""
    data_points = DataPoint.objects.select_related("target").order_by("order")
    kpis = KPI.objects.select_related("subdimension").prefetch_related(
        Prefetch("data_points", queryset=data_points)
    ).order_by("order")
    return (
        Dimension.objects.filter(edition=edition)
        .prefetch_related(Prefetch("categories__kpis", queryset=kpis))
        .order_by("order")
    )


def targets_edition_current(catalogue):
    """The targets edition in force for a catalogue edition (None before any target was set)."""
    return (TargetsEdition.objects.filter(catalogue=catalogue).select_related("created_by")
            .order_by("-number").first())


def targets_list(catalogue):
    """Every data point of a catalogue edition with its target (or none), in catalogue order."""
    return (DataPoint.objects.filter(kpi__subdimension__dimension__edition=catalogue)
            .select_related("kpi", "target").in_catalogue_order())


def targets_editions(catalogue):
    """The targets editions of a catalogue edition, newest first, each with what it changed."""
    changes = TargetChange.objects.select_related("data_point__kpi")
    return (TargetsEdition.objects.filter(catalogue=catalogue).select_related("created_by")
            .prefetch_related(Prefetch("changes", queryset=changes)).order_by("-number"))
def sdg_mapping_rows(edition):
    """The edition's KPIs in catalogue order with their SDG mapping and who confirmed it. One query."""
    return list(
        KPI.objects.filter(category__dimension__edition=edition)
        .select_related("sdg_confirmed_by")
        .order_by("category__dimension__order", "category__order", "order")
    )


def translation_rows(edition, language):
    """Every translated row of a catalogue edition, in catalogue order, as (kind, row) pairs with the row's
    English and translated texts; for the secretariat's translations page."""
    dimensions = list(Dimension.objects.filter(edition=edition).order_by("order"))
    subdimensions = list(SubDimension.objects.filter(dimension__edition=edition).order_by("dimension__order", "order"))
    categories = list(Category.objects.filter(dimension__edition=edition).order_by("dimension__order", "order"))
    kpis = list(KPI.objects.filter(category__dimension__edition=edition)
                .order_by("category__dimension__order", "category__order", "order"))
    data_points = list(DataPoint.objects.filter(kpi__category__dimension__edition=edition).in_catalogue_order()
                       .select_related("kpi"))
    rows = []
    for kind, items in (("dimension", dimensions), ("subdimension", subdimensions), ("category", categories),
                        ("kpi", kpis), ("datapoint", data_points)):
        for item in items:
            rows.append({"kind": kind, "row": item,
                         "english": item.name_en, "text": getattr(item, f"name_{language}") or "",
                         "unit_english": getattr(item, "unit_en", "") or "",
                         "unit_text": getattr(item, f"unit_{language}", "") or "",
                         "provisional": item.translation_is_provisional(language)})
    return rows
