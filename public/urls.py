from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.cities, name="cities"),
    path("compare/", views.compare, name="compare"),
    path("cities/<slug:slug>/", views.city, name="city"),
    path("cities/<slug:slug>/<int:year>/", views.city, name="city_year"),
    path("cities/<slug:slug>/<int:year>/report.pdf", views.report_download, name="report"),
    path("cities/<slug:slug>/trends/", views.trends, name="trends"),
    path("cities/<slug:slug>/trends/kpis/<int:pk>/", views.trend_kpi, name="trend_kpi"),
    path("cities/<slug:slug>/trends/data-points/<int:pk>/", views.trend_data_point, name="trend_data_point"),
]
