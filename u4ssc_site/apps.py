"""The site as a Django app: its people admin, and the roles brought up to date by every migrate."""
from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SiteConfig(AppConfig):
    name = "u4ssc_site"
    verbose_name = "U4SSC KPI platform"

    def ready(self):
        from . import roles  # models can be imported once the apps are ready, as Django documents

        post_migrate.connect(roles.groups_on_migrate, dispatch_uid="u4ssc_site.groups_on_migrate")
