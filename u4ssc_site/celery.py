"""The project's Celery app: configured from Django settings (CELERY_*)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "u4ssc_site.settings")

app = Celery("u4ssc_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="u4ssc.ping")
def ping(word="pong"):
    """A trivial task that proves broker, worker and result backend are connected."""
    return word

