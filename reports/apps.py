from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        # Django's documented place for an app's start-up wiring: the models are loaded by now.
        from . import page_sections, receivers

        page_sections.connect()
        receivers.connect()
