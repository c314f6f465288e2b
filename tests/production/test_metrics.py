"""/metrics: Prometheus metrics for the operator's network or a bearer of the token, a 404 for everyone else."""
import pytest
import redis
from celery import Celery

from reports.services import report_pdf

STRANGER = "203.0.113.7"
TOKEN = "a-metrics-token-of-forty-characters-000000"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


@pytest.mark.django_db
def test_a_stranger_gets_a_404(client, token):
    assert client.get("/metrics", REMOTE_ADDR=STRANGER).status_code == 404


@pytest.mark.django_db
def test_a_wrong_token_gets_a_404(client, token):
    response = client.get("/metrics", REMOTE_ADDR=STRANGER, HTTP_AUTHORIZATION="Bearer not-the-token")
    assert response.status_code == 404


@pytest.mark.django_db
def test_without_a_configured_token_no_bearer_gets_in(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR=STRANGER, HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.django_db
def test_a_logged_in_secretariat_from_outside_gets_a_404_too(client, secretariat, token):
    client.force_login(secretariat)
    assert client.get("/metrics", REMOTE_ADDR=STRANGER).status_code == 404


@pytest.mark.django_db
def test_the_token_opens_the_metrics_from_anywhere(client, token):
    client.get("/healthz", REMOTE_ADDR=STRANGER)
    response = client.get("/metrics", REMOTE_ADDR=STRANGER, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert 'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="healthz"}' in text
    assert "django_http_responses_total_by_status_total" in text
    assert "u4ssc_report_render_seconds_bucket" in text


@pytest.mark.django_db
def test_loopback_is_the_operators_network_by_default(client):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


@pytest.mark.django_db
def test_a_request_relayed_by_a_proxy_on_loopback_is_not_let_in_by_address(client):
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=STRANGER)
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_allowed_networks_come_from_the_settings(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.21.3.4").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


@pytest.mark.django_db
def test_an_error_of_a_page_is_counted(client):
    client.get("/no-such-page/")
    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'django_http_responses_total_by_status_total{status="404"}' in text


@pytest.mark.django_db
def test_the_length_of_the_celery_queue_is_read_from_redis(client, redis_url, settings):
    settings.REDIS_URL = redis_url
    queue = redis.Redis.from_url(redis_url)
    queue.delete("celery")
    sender = Celery("sender", broker=redis_url, set_as_current=False)
    try:
        for _ in range(3):
            sender.send_task("u4ssc.ping", args=["waiting"])
    finally:
        sender.close()
    try:
        text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    finally:
        queue.delete("celery")
    assert 'u4ssc_celery_queue_length{queue="celery"} 3.0' in text
    assert "u4ssc_celery_broker_up 1.0" in text


@pytest.mark.django_db
def test_a_broker_that_does_not_answer_is_reported_down_not_an_error(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert "u4ssc_celery_broker_up 0.0" in response.content.decode()


def _rendered_count(client):
    for line in client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode().splitlines():
        if line.startswith("u4ssc_report_render_seconds_count"):
            return float(line.split()[-1])


@pytest.mark.django_db
def test_a_rendering_is_timed(client, alesund):
    before = _rendered_count(client)
    report_pdf(alesund)
    assert _rendered_count(client) == before + 1
