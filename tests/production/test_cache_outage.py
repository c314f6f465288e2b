"""The cache is Redis, and a Redis that is down or hangs takes no page down: pages are rendered from the database
and saves go through. Once it answers again, the stamps that could not change during the outage change before
anything is read, so no page cached before the outage is served with what changed during it."""
import os
import signal

import pytest
from django.core.cache import cache
from django.urls import reverse

from kpis.models import Category, DataPoint
from kpis.stamps import catalogue_stamp
from submissions.models import Value
from tests.e2e import processes
from tests.submissions.conftest import category_post
from u4ssc_site import cache_backend


@pytest.fixture
def redis_cache(settings, tmp_path):
    """The site's cache on a Redis of the test's own."""
    redis = processes.redis_server(log_dir=tmp_path).start()
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": redis.url,
                                   "BACKEND": "u4ssc_site.cache_backend.FailOpenRedisCache",
                                   "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1}}}
    yield redis
    cache_backend._down_until = 0.0
    if redis.running:
        os.killpg(redis.popen.pid, signal.SIGCONT)
    redis.stop()


@pytest.mark.services
def test_with_redis_down_the_entry_page_answers_and_a_save_is_kept(redis_cache, client, city_user, submission):
    category = Category.objects.get(name="Transport", dimension__edition=submission.edition)
    value = Value.objects.get(submission=submission, data_point__name="Traffic Monitoring")
    url = reverse("submissions:entry", args=[submission.pk, category.pk])
    client.force_login(city_user)
    assert client.get(url).status_code == 200  # cached while Redis answers
    redis_cache.stop()

    page = client.get(url)
    assert page.status_code == 200 and value.data_point.name in page.content.decode()
    assert cache_backend._down_until > 0, "the page met the cache down"
    saved = client.post(url, category_post(submission, category, {value.pk: {"value": "12", "source": "Census"}}))
    assert saved.status_code == 302
    value.refresh_from_db()
    assert (value.number, value.source) == (12, "Census")
    assert 'value="12"' in client.get(url).content.decode()


@pytest.mark.services
def test_a_stamp_that_could_not_change_while_redis_hung_changes_once_it_answers(redis_cache, db):
    before = catalogue_stamp()
    assert cache.get("stamp:catalogue") == before
    os.killpg(redis_cache.popen.pid, signal.SIGSTOP)
    point = DataPoint.objects.order_by("pk").first()
    point.name_fr = "Un nom changé pendant la panne"
    point.save()  # the stamp cannot change now: Redis answers nothing
    os.killpg(redis_cache.popen.pid, signal.SIGCONT)
    assert cache.get("stamp:catalogue") in (before, None), "the cache is left alone a few seconds"
    cache_backend._down_until = 0.0  # those seconds have passed

    after = catalogue_stamp()
    assert after != before
    assert cache.get("stamp:catalogue") == after, "the new stamp is the one every process reads"
