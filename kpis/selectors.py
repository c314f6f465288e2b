"""Reading the catalogue."""
from django.db.models import Prefetch

from .models import KPI, DataPoint, Dimension, Edition, TargetChange, TargetsEdition


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
