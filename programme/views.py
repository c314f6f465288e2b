"""The secretariat's console: the programme dashboard, its CSV, and the reporting cycles.

Each view: the secretariat alone (programme.permissions), validate, call one service or selector, respond.
"""
import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_http_methods

from kpis.spreadsheets import csv_quoted
from kpis.stamps import catalogue_stamp, kept, rendering_key
from submissions.models import Cycle, Submission
from submissions.services import cycle_invite, cycle_save
from submissions.stamps import people_stamp, submissions_stamp

from . import permissions, selectors
from .forms import CycleForm, DashboardFilterForm, InviteForm
from .stamps import programme_stamp


@login_required
@require_GET
def dashboard(request):
    permissions.require_secretariat(request.user)
    shown = kept(_dashboard_key(request.GET), lambda: _dashboard_shown(request, DashboardFilterForm(request.GET)))
    return render(request, "programme/dashboard.html", {"shown": shown})


def _dashboard_key(query):
    """The cache key of the filters, the counts and the rows this query string shows (only the secretariat sees
    them): the query string, the language, today (the days left), and the stamps of everything they show (the
    people's too: the verifiers offered are those of the verifier role)."""
    parts = (query.urlencode(), get_language(), timezone.localdate().isoformat(), catalogue_stamp(),
             submissions_stamp(), programme_stamp(), people_stamp(), selectors.reports_progress())
    return rendering_key("programme:dashboard", *parts)


def _dashboard_shown(request, form):
    """The filter form (a GET form: no CSRF token), the counts per state and the table with its pages, rendered."""
    filters = form.filters()
    board = selectors.dashboard(filters, page=request.GET.get("page") or 1)
    context = {
        # A new sort starts again at the first page; another page keeps the filters and the sort.
        "board": board, "filters": filters, "form": form, "query": _without(request.GET, "sort", "page"),
        "page_numbers": _page_numbers(board.page), "page_query": _without(request.GET, "page"),
        "states": [(state, label, board.counts[state]) for state, label in Submission.STATE_CHOICES],
    }
    return {name: render_to_string(f"programme/_{name}.html", context, request)
            for name in ("counts", "filters", "table")}


def _without(query, *names):
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _page_numbers(page):
    """The numbers of the pages offered around this one, None for a gap; empty when every row is on one page."""
    if page.paginator.num_pages < 2:
        return []
    return [None if number == page.paginator.ELLIPSIS else number
            for number in page.paginator.get_elided_page_range(page.number)]


# The CSV is for programs as much as people: its headings and yes/no stay in English in every language.
CSV_COLUMNS = ["city", "country", "sample", "year", "cycle", "state", "answered", "data_points"]


@login_required
@require_GET
def dashboard_csv(request):
    """The dashboard's table as it is filtered and sorted, one row per submission."""
    permissions.require_secretariat(request.user)
    board = selectors.dashboard(DashboardFilterForm(request.GET).filters())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="programme.csv"'
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS + [f"answered_{code}" for code, _ in board.dimensions]
                    + ["open_queries", "verifier", "deadline", "days_left", "overdue", "report", "published"])
    for row in board.rows:
        cells = [row.city.name, row.city.country, "yes" if row.city.is_sample else "no", row.year,
                 row.cycle.name if row.cycle else "", row.state, row.answered, row.total]
        cells += [answered for _, answered, _ in row.by_dimension]
        cells += [row.open_queries, row.verifier_name or "", row.deadline or "",
                  "" if row.days_left is None else row.days_left, "yes" if row.overdue else "no",
                  row.report_state or "", "yes" if row.state == "published" else "no"]
        writer.writerow([csv_quoted(cell) if isinstance(cell, str) else cell for cell in cells])
    return response


# ---------------------------------------------------------------- cycles

@login_required
@require_GET
def cycles(request):
    permissions.require_secretariat(request.user)
    return render(request, "programme/cycles.html", {"cycles": Cycle.objects.select_related("edition")})


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request, pk=None):
    permissions.require_secretariat(request.user)
    cycle = get_object_or_404(Cycle, pk=pk) if pk else None
    form = CycleForm(request.POST if request.method == "POST" else None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = cycle_save(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ValidationError as refusal:
            for field, errors in refusal.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, gettext("The cycle %(cycle)s is saved.") % {"cycle": cycle})
            return redirect("programme:cycles")
    return render(request, "programme/cycle_form.html", {"form": form, "cycle": cycle},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_invite_cities(request, pk):
    permissions.require_secretariat(request.user)
    cycle = get_object_or_404(Cycle.objects.select_related("edition"), pk=pk)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        invitation = cycle_invite(cycle_id=cycle.pk, city_ids=[city.pk for city in form.cleaned_data["cities"]],
                                  actor=request.user)
        if invitation.created:
            messages.success(request, gettext("Invited: %(cities)s.") % {
                "cities": ", ".join(str(s.city.name) for s in invitation.created)})
        if invitation.existing:
            messages.warning(request, gettext("Already with a submission for %(year)s, not invited again: %(cities)s.") % {
                "year": cycle.year, "cities": ", ".join(str(s.city.name) for s in invitation.existing)})
        return redirect(reverse("programme:dashboard") + f"?cycle={cycle.pk}")
    return render(request, "programme/cycle_invite.html", {"form": form, "cycle": cycle},
                  status=400 if form.errors else 200)
