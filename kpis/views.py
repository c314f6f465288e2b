"""The public catalogue browser, and the secretariat's page that confirms the KPIs' SDG mappings."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from . import permissions, services
from .forms import SdgMappingForm
from .models import KPI
from .selectors import catalogue_tree, edition_current, sdg_mapping_rows


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
            messages.success(request, f"The SDG mapping of {kpi.code} is confirmed.")
            return redirect("kpis:sdg_mapping")
    return render(request, "kpis/sdg_mapping_edit.html", {"kpi": kpi, "form": form})
