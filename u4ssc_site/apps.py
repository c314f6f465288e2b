"""The site as a Django app, so that its admin module (people's accounts) is found."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SiteConfig(AppConfig):
    name = "u4ssc_site"
    verbose_name = gettext_lazy("U4SSC KPI platform")

    def ready(self):
        from . import language  # noqa: F401  (connects the sign-in receiver)
