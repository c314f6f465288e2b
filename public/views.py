"""The public pages: cities with published reports, a city's profile, its trends, the comparison.

Each view finds what it shows through public.permissions (published data for everyone; what a
person may see besides, where the page allows it), reads it through public.selectors and renders.
"""
from statistics import median

from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from kpis import scoring
from kpis.models import KPI, DataPoint
from kpis.selectors import edition_current
from kpis.stamps import catalogue_stamp, kept, rendering_key
from reports.selectors import submission_benchmark
from submissions.scorecards import overview_scores
from submissions.stamps import submissions_stamp
from submissions.value_text import number_typed

from . import charts, permissions, selectors
from .forms import CompareForm

# Scores are percentages: drawn from 0 to 100, with the band edges across.
SCORE_GUIDES = tuple((edge, f"{edge} %") for edge in scoring.BAND_EDGES)


@require_GET
def robots_txt(request):
    """Search engines may index the home page, the catalogue and the public pages; nothing else."""
    lines = ["User-agent: *", "Allow: /$", f"Allow: {reverse('kpis:catalogue')}",
             f"Allow: {reverse('public:cities')}", "Disallow: /"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# ---------------------------------------------------------------- profiles

@require_GET
def cities(request):
    return render(request, "public/cities.html", {"cities": selectors.cities_published()})


@require_GET
def city(request, slug, year=None):
    submissions = permissions.published_submissions_for(slug)
    submission = permissions.published_year(submissions, year) if year else submissions[0]
    earlier = [s for s in submissions if s.year < submission.year]
    values = selectors.profile_values(submission)
    return render(request, "public/city.html", {
        "city": submission.city,
        "submission": submission,
        "years": sorted({s.year for s in submissions}),
        "scores": overview_scores(submission, values, previous=earlier[0] if earlier else None),
        "values": [{"value": value, "text": selectors.value_plain(value)} for value in values],
        "benchmark": submission_benchmark(submission),
        "report": selectors.latest_report(submission),
    })


@require_GET
def report_download(request, slug, year):
    """The latest ready report of a published submission, through the storage API."""
    submission = permissions.published_year(permissions.published_submissions_for(slug), year)
    report = selectors.latest_report(submission)
    if report is None:
        raise Http404
    try:
        handle = report.pdf.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True,
                            filename=f"U4SSC verification report {submission.city.slug} {submission.year}.pdf")
    # Asked again every time, so a withdrawn publication is not served from a cache.
    response["Cache-Control"] = "public, no-cache"
    return response


# ---------------------------------------------------------------- trends

def _oldest_first(submissions):
    """One submission per year (the latest edition of a year), oldest year first."""
    by_year = {}
    for submission in submissions:
        by_year.setdefault(submission.year, submission)
    return [by_year[year] for year in sorted(by_year)]


def _score_point(year_score):
    aggregate = year_score.aggregate
    percent = aggregate.percent if aggregate else None
    return charts.Point(year_score.submission.year, percent,
                        scoring.band_state(aggregate.band if aggregate else None),
                        scoring.percent_shown(percent, 2) or gettext("nothing scored"))


@require_GET
def trends(request, slug):
    submissions = _oldest_first(permissions.seen_submissions_for(request, slug))
    trends = selectors.score_trends(submissions)
    years = [s.year for s in submissions]
    lines = [charts.Series(trend.name, [_score_point(ys) for ys in trend.years])
             for trend in trends if trend.level in ("overall", "dimension")]
    return render(request, "public/trends.html", {
        "city": submissions[0].city,
        "submissions": submissions,
        "trends": trends,
        "chart": charts.line_chart(lines, title=gettext("Overall and dimension scores over the years"), years=years,
                                   top=100, guides=SCORE_GUIDES),
        "kpis": selectors.kpi_links(submissions[-1]),
    })


def _value_point(year_value):
    value = year_value.value
    if value is None:
        return charts.Point(year_value.submission.year, None, scoring.NO_DATA, gettext("not in this edition"))
    number = None if value.not_reported else value.number
    if value.yes_no is not None and not value.not_reported:
        number = 100 if value.yes_no else 0
    return charts.Point(year_value.submission.year, number, selectors.value_state(value),
                        selectors.value_plain(value))


def _data_point_trend(submissions, data_point):
    """A data point's values over the years: rows of the table, and the chart of them."""
    rows = selectors.data_point_trend(submissions, data_point)
    points = [_value_point(row) for row in rows]
    target = getattr(data_point, "target", None)
    guides, target_text = (), ""
    if target is not None:
        target_text = number_typed(target.value) if target.value is not None else (gettext("yes") if target.yes_no else gettext("no"))
    if target is not None and target.value is not None:
        guides = ((target.value, gettext("Target %(target)s") % {"target": target_text}),)
    name = f"{data_point.label} ({data_point.unit})" if data_point.unit else data_point.label
    title = gettext("%(name)s over the years") % {"name": name}
    if data_point.is_yes_no:
        title += " " + gettext("(yes drawn at 100, no at 0)")
    chart = charts.line_chart([charts.Series(data_point.name, points)], title=title,
                              years=[s.year for s in submissions], guides=guides,
                              top=100 if data_point.is_yes_no else None)
    return {"data_point": data_point, "rows": list(zip(rows, points)), "chart": chart, "target": target_text}


@require_GET
def trend_kpi(request, slug, pk):
    submissions = _oldest_first(permissions.seen_submissions_for(request, slug))
    kpi = get_object_or_404(KPI.objects.select_related("category__dimension"), pk=pk)
    kpi_scores = selectors.kpi_trend(submissions, kpi)
    data_points = kpi.data_points.select_related("kpi", "target").order_by("order")
    return render(request, "public/trend_kpi.html", {
        "city": submissions[0].city,
        "kpi": kpi,
        "kpi_scores": [(ys, _score_point(ys)) for ys in kpi_scores],
        "kpi_chart": charts.line_chart([charts.Series(kpi.code, [_score_point(ys) for ys in kpi_scores])],
                                       title=gettext("%(kpi)s: score over the years") % {"kpi": kpi.name},
                                       years=[s.year for s in submissions], top=100, guides=SCORE_GUIDES),
        "trends": [_data_point_trend(submissions, data_point) for data_point in data_points],
    })


@require_GET
def trend_data_point(request, slug, pk):
    submissions = _oldest_first(permissions.seen_submissions_for(request, slug))
    data_point = get_object_or_404(DataPoint.objects.select_related("kpi__category__dimension", "target"), pk=pk)
    return render(request, "public/trend_data_point.html", {
        "city": submissions[0].city,
        "kpi": data_point.kpi,
        "trend": _data_point_trend(submissions, data_point),
    })


# ---------------------------------------------------------------- comparison


def _sort_links(query, sort):
    """For each column, the query string that sorts by it (the other way round when it already does)."""
    links = {}
    for name in selectors.SORTS:
        sorted_by = query.copy()
        sorted_by["sort"] = f"-{name}" if sort == name else name
        links[name] = {"query": sorted_by.urlencode(),
                       "aria": "ascending" if sort == name else "descending" if sort == f"-{name}" else ""}
    return links


def _normalised(query):
    """The query string with its parameters in one order, so that the same choices are one comparison."""
    normalised = QueryDict(mutable=True)
    for name in sorted(query):
        normalised.setlist(name, sorted(query.getlist(name)))
    return normalised


def _comparison_key(query, user, *, may_include, signed_off):
    """The cache key of the comparison these choices show: everything it shows is in it (the choices, the
    language, the catalogue, the cities' data and whether the signed-off field is offered), or None when the
    submissions compared depend on who asks (the signed-off data a verifier may see)."""
    if not permissions.comparison_pool_is_shared(user, signed_off=signed_off):
        return None
    parts = (query.urlencode(), get_language(), catalogue_stamp(), submissions_stamp(), may_include, signed_off)
    return rendering_key("public:compare", *parts)


@require_GET
def compare(request):
    may_include = permissions.may_include_signed_off(request.user)
    signed_off = may_include and request.GET.get("signed_off") in ("on", "true", "1")
    query = _normalised(request.GET)
    key = _comparison_key(query, request.user, may_include=may_include, signed_off=signed_off)
    status, html = kept(key, lambda: _comparison_shown(request, query, may_include=may_include,
                                                       signed_off=signed_off))
    return render(request, "public/compare.html", {"signed_off": signed_off, "comparison": html}, status=status)


def _comparison_shown(request, query, *, may_include, signed_off):
    """(status, the form and the comparison it asks for, rendered)."""
    pool = permissions.comparison_pool(request.user, signed_off=signed_off)
    cities, countries, years = selectors.comparison_cities(pool)
    form = CompareForm(query or None, measures=selectors.measure_choices(edition_current()), cities=cities,
                       countries=countries, years=years, may_include_signed_off=may_include)
    context = {"form": form, "signed_off": signed_off}
    if form.is_bound and form.is_valid() and form.cleaned_data["measure"]:
        data = form.cleaned_data
        measure = selectors.measure_for(data["measure"])
        focus = data["city"]
        submissions = selectors.latest_per_city(
            pool, country=data["country"], year=data["year"], population_band=data["population_band"],
            population_min=data["population_min"], population_max=data["population_max"],
            cities=[focus, *data["peers"]] if data["peers"] else None)
        sort = data["sort"] or "-value"
        rows = selectors.sorted_rows(selectors.compared_rows(measure, submissions), sort)
        context.update(_comparison(measure, rows, focus, peers=bool(data["peers"])))
        context.update(measure=measure, rows=rows, focus=focus, sort=sort, sort_links=_sort_links(query, sort))
    return 400 if form.errors else 200, render_to_string("public/_comparison.html", context, request)


def _comparison(measure, rows, focus, *, peers):
    """The bar chart of the rows, and the peer group's median beside the chosen city's value."""
    target, target_label, top = None, gettext("Target"), None
    if measure.kind == "data_point":
        stored = getattr(measure.subject, "target", None)
        if stored is not None and stored.value is not None:
            target, target_label = stored.value, gettext("Target %(target)s") % {"target": number_typed(stored.value)}
        if measure.subject.is_yes_no:
            top = 1
    else:
        target, target_label, top = 100, gettext("All targets met"), 100
    bars = [charts.Bar(gettext("%(city)s (sample data)") % {"city": row.city.name} if row.city.is_sample else row.city.name,
                       row.number, row.state,
                       f"{row.text} {row.unit}".strip(), highlighted=row.city.slug == focus) for row in rows]
    peer_numbers = [row.number for row in rows if row.city.slug != focus and row.number is not None]
    return {
        "chart": charts.bar_chart(bars, title=gettext("%(measure)s: each city's value") % {"measure": measure.name}, target=target,
                                  target_label=target_label, top=top),
        "peer_median": median(peer_numbers) if peers and peer_numbers else None,
        "peer_count": len([row for row in rows if row.city.slug != focus]) if peers else 0,
    }
