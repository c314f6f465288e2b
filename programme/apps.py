from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = "Programme"

    def ready(self):
        # Django's documented place to import an app's own signal receivers: the models are loaded by now.
        from . import stamps

        stamps.connect()
