"""/metrics: Prometheus metrics for the operator, never for the public.

What it serves: django-prometheus's request latency, counts and errors (its middleware), the reports'
rendering times (reports.metrics), and the length of each Celery queue, read from Redis at scrape time.

Who may read it: a request with `Authorization: Bearer <METRICS_TOKEN>`, or one from an address in
METRICS_ALLOWED_NETWORKS (CIDRs, comma-separated; loopback by default). A request relayed by a proxy
(it carries X-Forwarded-For, X-Real-IP or Forwarded) is never let in by address, since the proxy's
own address says nothing of who asked. Everyone else gets a 404, as for a page that does not exist.

Several processes: each gunicorn worker and each Celery worker counts in its own memory. With
PROMETHEUS_MULTIPROC_DIR set (the same empty folder for every process of a machine, emptied when they
start), prometheus_client's multiprocess mode adds them up; without it a scrape sees only the gunicorn
worker that answered it (README: Monitoring).
"""
import hmac
import ipaddress
import os

import redis
from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from u4ssc_site.celery import app

PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")
# kombu's Redis transport keeps a queue's messages of priority 3, 6 and 9 in lists of their own.
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


class CeleryQueueCollector:
    """The number of messages waiting in each Celery queue: the length of its Redis lists."""

    def __init__(self, redis_url):
        self.client = redis.Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1)

    def queue_names(self):
        names = {app.conf.task_default_queue}
        names.update(queue.name for queue in (app.conf.task_queues or ()))
        return sorted(names)

    def collect(self):
        gauge = GaugeMetricFamily("u4ssc_celery_queue_length", "Messages waiting in a Celery queue", labels=["queue"])
        up = GaugeMetricFamily("u4ssc_celery_broker_up", "1 when the broker answered this scrape")
        try:
            for name in self.queue_names():
                gauge.add_metric([name], sum(self.client.llen(name + suffix) for suffix in PRIORITY_SUFFIXES))
            up.add_metric([], 1)
        except redis.RedisError:
            up.add_metric([], 0)
        yield gauge
        yield up


def _networks():
    return [ipaddress.ip_network(cidr, strict=False) for cidr in settings.METRICS_ALLOWED_NETWORKS]


def metrics_allowed(request):
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    if any(request.META.get(name) for name in PROXY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _networks())


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


@never_cache
@require_GET
def metrics(request):
    if not metrics_allowed(request):
        raise Http404
    body = generate_latest(_registry())
    if settings.REDIS_URL:
        queues = CollectorRegistry(auto_describe=False)
        queues.register(CeleryQueueCollector(settings.REDIS_URL))
        body += generate_latest(queues)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
