"""The open data API, mounted at /api/v1/."""
from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "opendata"

router = DefaultRouter()
router.APIRootView = views.ApiRoot
router.include_format_suffixes = False
router.register("editions", views.EditionViewSet, basename="edition")
router.register("dimensions", views.DimensionViewSet, basename="dimension")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("kpis", views.KpiViewSet, basename="kpi")
router.register("data-points", views.DataPointViewSet, basename="data-point")
router.register("cities", views.CityViewSet, basename="city")
router.register("submissions", views.SubmissionViewSet, basename="submission")
router.register("values", views.ValueViewSet, basename="value")

urlpatterns = [
    path("schema/", views.Schema.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
    *router.urls,
]
