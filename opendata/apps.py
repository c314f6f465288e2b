"""Published data for everyone: the read-only API and the bulk open data files."""
from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "opendata"
    verbose_name = "Open data"

    def ready(self):
        # Django's documented place to import an app's own signal receivers: the models are loaded by now.
        from . import receivers

        receivers.connect()
