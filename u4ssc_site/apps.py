"""The site as a Django app, so that its admin module (people's accounts) is found."""
from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "u4ssc_site"
    verbose_name = "U4SSC KPI platform"
