"""The project's Celery app: configured from Django settings (CELERY_*), and beat's heartbeat."""
import os

import redis
from celery import Celery
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "u4ssc_site.settings")

app = Celery("u4ssc_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Where the periodic sweep records when it last ran, in the broker's Redis: every machine of
# the deployment reaches it. Its age tells whether beat (and a worker) still run the sweeps.
BEAT_HEARTBEAT_KEY = "u4ssc:beat-heartbeat"


@app.task(name="u4ssc.ping")
def ping(word="pong"):
    """A trivial task that proves broker, worker and result backend are connected."""
    return word


def _redis():
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def beat_heartbeat():
    """Record that a sweep beat scheduled has just run; nothing to record without a broker."""
    if settings.REDIS_URL:
        client = _redis()
        # Redis's clock, not this machine's: the check may run on another one.
        client.set(BEAT_HEARTBEAT_KEY, client.time()[0])


def beat_heartbeat_age():
    """Seconds since the last sweep ran, or None when none has; raises redis.RedisError when
    Redis cannot be reached."""
    client = _redis()
    last = client.get(BEAT_HEARTBEAT_KEY)
    return None if last is None else client.time()[0] - int(last)
