from django.apps import AppConfig

from kpis.signals import targets_changed


class SubmissionsConfig(AppConfig):
    name = "submissions"

    def ready(self):
        # Django's documented place to import an app's own signal receivers: the models are loaded by now.
        from . import stamps
        from .scores import values_rescore_on_target_change

        stamps.connect()

        targets_changed.connect(values_rescore_on_target_change, dispatch_uid="submissions.values_rescore")
