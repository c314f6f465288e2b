"""The open data: the read-only API (/api/v1/), its documentation, and the bulk files page (/open-data/).

Every answer is built from opendata.selectors, which reads published data only; nobody logs in here,
so an answer is the same for everyone and public caches may keep it (ETag, Last-Modified, Cache-Control).
"""
import functools

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.views.decorators.http import conditional_page, require_GET
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import routers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from kpis.stamps import catalogue_stamp, kept, rendering_key
from submissions.stamps import submissions_stamp

from . import bulk, licences, selectors, serializers

# Shared caches may keep an answer this long; a publication shows within it.
MAX_AGE = 300


class Pages(PageNumberPagination):
    # A submission's 112 data points fit on one page.
    page_size = 200
    page_size_query_param = "page_size"
    max_page_size = 1000


def in_english(view):
    """An API answer reads the same whatever the person's language (their cookie, Accept-Language): its keys,
    values and messages are English, so every client and cache gets the same bytes. The answer is rendered
    here, inside the English: a lazily translated word would otherwise be written out later, in the request's
    language. Rendering runs the conditional GET's callback, whose 304 is then the answer."""
    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        with translation.override("en"):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response = response.render()
        response["Content-Language"] = "en"
        return response
    return answer


class ApiRoot(routers.APIRootView):
    @classmethod
    def as_view(cls, **initkwargs):
        return in_english(super().as_view(**initkwargs))


class Schema(SpectacularAPIView):
    @classmethod
    def as_view(cls, **initkwargs):
        return in_english(super().as_view(**initkwargs))


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, paginated, cacheable; subclasses say what they list and how it is filtered."""

    pagination_class = Pages
    # Query parameters this endpoint filters on: name -> (lookup, type, description).
    filters = {}
    # Data that changes only when something is published or withdrawn carries Last-Modified.
    published_data = False

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # ETag (from the content) and answers 304 to a conditional GET, as Django's ConditionalGetMiddleware does.
        return in_english(conditional_page(super().as_view(actions, **initkwargs)))

    def filter_queryset(self, queryset):
        for name, (lookup, kind, _) in self.filters.items():
            given = self.request.query_params.get(name)
            if given in (None, ""):
                continue
            if kind is int:
                if not given.isdigit():
                    raise ValidationError({name: f"“{given}” is not a whole number."})
                given = int(given)
            queryset = queryset.filter(**{lookup: given})
        return queryset

    @functools.cached_property
    def published_data_changed_at(self):
        return selectors.published_data_changed_at()

    def list_key(self, request):
        """A list's cache key: the page asked for (path, filters, page, format), and the stamps of what it
        shows, so that a change of the catalogue, of a city, submission or value, or a publication shows at
        once."""
        stamps = [catalogue_stamp()]
        if self.published_data:
            stamps += [submissions_stamp(), str(self.published_data_changed_at)]
        return rendering_key("opendata:list", request.get_full_path(), request.accepted_media_type, *stamps)

    def list(self, request, *args, **kwargs):
        """The list's JSON as DRF renders it, kept in the cache: a long list is read and serialised once for
        everyone (throttling and content negotiation have run before)."""
        content = kept(self.list_key(request), lambda: request.accepted_renderer.render(
            super(OpenDataViewSet, self).list(request, *args, **kwargs).data, request.accepted_media_type,
            self.get_renderer_context()))
        return HttpResponse(content, content_type=request.accepted_renderer.media_type)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response["Cache-Control"] = f"public, max-age={MAX_AGE}"
            if self.published_data:
                changed = self.published_data_changed_at
                if changed is not None:
                    response["Last-Modified"] = http_date(changed.timestamp())
        return response


def _parameters(filters):
    return [OpenApiParameter(name, int if kind is int else str, description=description)
            for name, (_, kind, description) in filters.items()]


def _documented(cls):
    return extend_schema_view(list=extend_schema(parameters=_parameters(cls.filters)))(cls)


EDITION = ("edition", int, "The catalogue edition's id (/api/v1/editions/).")


@_documented
class EditionViewSet(OpenDataViewSet):
    """The catalogue's editions: a submission is bound to the edition it was made under."""

    serializer_class = serializers.EditionSerializer
    queryset = selectors.editions()


@_documented
class DimensionViewSet(OpenDataViewSet):
    """The three dimensions of each edition."""

    serializer_class = serializers.DimensionSerializer
    queryset = selectors.dimensions()
    filters = {"edition": ("edition_id", *EDITION[1:])}


@_documented
class CategoryViewSet(OpenDataViewSet):
    """The categories of each dimension."""

    serializer_class = serializers.CategorySerializer
    queryset = selectors.categories()
    filters = {"edition": ("dimension__edition_id", *EDITION[1:]),
               "dimension": ("dimension__code", str, "The dimension's code: EC, EN or SC.")}


@_documented
class KpiViewSet(OpenDataViewSet):
    """The KPIs with their data points, units, targets and SDG mapping."""

    serializer_class = serializers.KpiSerializer
    queryset = selectors.kpis()
    filters = {"edition": ("category__dimension__edition_id", *EDITION[1:]),
               "dimension": ("category__dimension__code", str, "The dimension's code: EC, EN or SC."),
               "code": ("code", str, "The KPI's code, e.g. EC: ICT: ICT: 1C.")}


@_documented
class DataPointViewSet(OpenDataViewSet):
    """The data points: what a city reports for each KPI, with its unit and target."""

    serializer_class = serializers.DataPointSerializer
    queryset = selectors.data_points()
    filters = {"edition": ("kpi__category__dimension__edition_id", *EDITION[1:]),
               "dimension": ("kpi__category__dimension__code", str, "The dimension's code: EC, EN or SC."),
               "kpi": ("kpi__code", str, "The KPI's code, e.g. EC: ICT: ICT: 1C.")}


@_documented
class CityViewSet(OpenDataViewSet):
    """The cities with published data, and the years published."""

    serializer_class = serializers.CitySerializer
    queryset = selectors.published_cities()
    lookup_field = "slug"
    published_data = True
    filters = {"country": ("country", str, "The country's name.")}


@_documented
class SubmissionViewSet(OpenDataViewSet):
    """Published submissions: a city's year, its context figures and its overall score."""

    serializer_class = serializers.SubmissionSerializer
    queryset = selectors.published_submissions()
    published_data = True
    filters = {"city": ("city__slug", str, "The city's slug, e.g. alesund."),
               "year": ("year", int, "The year the data describe."),
               "edition": ("edition_id", *EDITION[1:])}


@_documented
class ValueViewSet(OpenDataViewSet):
    """Published values, one per city, year and data point: the rows of the bulk CSV."""

    serializer_class = serializers.ValueSerializer
    queryset = selectors.published_values()
    published_data = True
    filters = {"city": ("submission__city__slug", str, "The city's slug, e.g. alesund."),
               "year": ("submission__year", int, "The year the data describe."),
               "kpi": ("data_point__kpi__code", str, "The KPI's code, e.g. EC: ICT: ICT: 1C."),
               "dimension": ("data_point__kpi__category__dimension__code", str, "The dimension's code: EC, EN or SC."),
               "edition": ("submission__edition_id", *EDITION[1:]),
               "submission": ("submission_id", int, "The submission's id.")}


@require_GET
def api_docs(request):
    """The API's documentation, Swagger UI served from our own static files (the CSP allows no CDN)."""
    return render(request, "opendata/api_docs.html", {"schema_url": reverse("opendata:schema")})


# ---------------------------------------------------------------- the bulk files


@require_GET
def open_data(request):
    release = bulk.bulk_release_current()
    return render(request, "opendata/open_data.html", {"release": release, "licence": licences.licence()})


def _stored(path, content_type):
    release = bulk.bulk_release_current()
    try:
        handle = default_storage.open(path, "rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(handle, content_type=content_type)
    response["Last-Modified"] = http_date(release.built_at.timestamp())
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Content-Language"] = "en"
    return response


@conditional_page
@require_GET
def values_csv(request):
    response = _stored(bulk.CSV_PATH, "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{bulk.CSV_NAME}"'
    return response


@conditional_page
@require_GET
def datapackage(request):
    return _stored(bulk.PACKAGE_PATH, "application/json")
