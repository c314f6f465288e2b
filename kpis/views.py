"""The public catalogue browser."""
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import KPI
from .selectors import catalogue_tree, edition_current


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
