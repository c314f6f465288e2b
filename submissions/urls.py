from django.urls import path, re_path

from . import views

app_name = "submissions"
urlpatterns = [
    path("", views.submission_list, name="list"),
    path("submissions/<int:pk>/", views.overview, name="overview"),
    path("submissions/<int:pk>/scores/", views.scores, name="scores"),
    path("submissions/<int:pk>/context/", views.context, name="context"),
    path("submissions/<int:pk>/categories/<int:category_pk>/", views.entry, name="entry"),
    path("submissions/<int:pk>/evidence/", views.evidence, name="evidence"),
    re_path(r"^submissions/(?P<pk>[0-9]+)/export\.(?P<extension>csv|xlsx)$", views.export, name="export"),
    path("submissions/<int:pk>/import/", views.spreadsheet_upload, name="import"),
    path("submissions/<int:pk>/submit/", views.submit, name="submit"),
    path("values/<int:pk>/", views.value_edit, name="value_edit"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/preview.png", views.evidence_preview, name="evidence_preview"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
]
