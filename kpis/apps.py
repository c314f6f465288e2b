from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = "KPI catalogue"

    def ready(self):
        from kpis import stamps

        stamps.connect()
