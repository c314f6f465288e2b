"""The bulk open data files, mounted at /open-data/."""
from django.urls import path

from . import bulk, views

app_name = "open_data"
urlpatterns = [
    path("", views.open_data, name="index"),
    path(bulk.CSV_NAME, views.values_csv, name="values_csv"),
    path(bulk.PACKAGE_NAME, views.datapackage, name="datapackage"),
]
