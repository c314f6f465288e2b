from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("submissions/<int:pk>/", views.submission_reports, name="submission"),
    path("submissions/<int:pk>/request/", views.report_request, name="request"),
    path("submissions/<int:pk>/status.json", views.report_status, name="status"),
    path("submissions/<int:pk>/sdg/", views.submission_sdg, name="sdg"),
    path("<int:pk>/download/", views.report_download, name="download"),
    path("submissions/<int:pk>/versions/", views.versions, name="versions"),
    path("submissions/<int:pk>/versions/compare/", views.versions_compare, name="versions_compare"),
    path("versions/<int:pk>/download/", views.version_download, name="version_download"),
]
