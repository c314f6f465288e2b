from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "verification"

    def ready(self):
        # Django's documented place to import an app's own signal receivers: the models are loaded by now.
        from . import page_sections, receivers

        receivers.connect()
        page_sections.connect()
