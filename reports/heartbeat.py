"""Beat's heartbeat: when the periodic reports sweep last ran, kept in the broker's Redis.

Every machine of the deployment reaches it, so beat's health check (manage.py beat_check)
tells from its age whether beat, and a worker, still run the sweeps.
"""
import redis
from django.conf import settings

HEARTBEAT_KEY = "u4ssc:beat-heartbeat"


def _redis():
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def beat_heartbeat():
    """Record that a sweep beat scheduled has just run; nothing to record without a broker."""
    if settings.REDIS_URL:
        client = _redis()
        # Redis's clock, not this machine's: the check may run on another one.
        client.set(HEARTBEAT_KEY, client.time()[0])


def beat_heartbeat_age():
    """Seconds since the last sweep ran, or None when none has; raises redis.RedisError when
    Redis cannot be reached."""
    client = _redis()
    last = client.get(HEARTBEAT_KEY)
    return None if last is None else client.time()[0] - int(last)
