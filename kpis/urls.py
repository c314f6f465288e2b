from django.urls import path

from . import views

app_name = "kpis"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("kpi/<int:pk>/", views.kpi_detail, name="kpi"),
]
