from django.urls import path

from . import views

app_name = "kpis"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("kpi/<int:pk>/", views.kpi_detail, name="kpi"),
    path("sdg/", views.sdg_mapping, name="sdg_mapping"),
    path("sdg/<int:pk>/", views.sdg_mapping_edit, name="sdg_mapping_edit"),
]
