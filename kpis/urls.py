from django.urls import path

from . import views

app_name = "kpis"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("kpi/<int:pk>/", views.kpi_detail, name="kpi"),
    path("targets/", views.targets, name="targets"),
    path("targets/history/", views.targets_history, name="targets_history"),
    path("targets/import/", views.targets_import_view, name="targets_import"),
    path("targets/<int:pk>/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/remove/", views.target_remove_view, name="target_remove"),
    path("sdg/", views.sdg_mapping, name="sdg_mapping"),
    path("sdg/<int:pk>/", views.sdg_mapping_edit, name="sdg_mapping_edit"),
    path("translations/", views.translations, name="translations"),
    path("translations/<str:kind>/<int:pk>/<str:language>/", views.translation_edit, name="translation_edit"),
]
