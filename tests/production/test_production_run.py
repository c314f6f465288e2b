"""The deployment of docker-compose.yml as separate processes: gunicorn, a Celery worker, Celery beat,
PostgreSQL and a Redis of the test's own, and the report journey over HTTP through the failures
production meets: the worker killed in the middle of a rendering, Redis gone while a report is asked for.
"""
import json
import time

import pytest
from django.conf import settings

from reports.models import ReportRequest
from u4ssc_site.management.commands.seed_demo import DEMO_USERS
from tests.e2e import processes

PASSWORDS = {username: password for username, _, _, _, password in DEMO_USERS}


def wait_for(condition, timeout, what, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"waited {timeout} s for {what}")


def report_state(pk):
    return ReportRequest.objects.values_list("state", flat=True).get(pk=pk)


@pytest.fixture
def deployment(committed_catalogue, alesund, static_root, artifacts, settings):
    """Redis, gunicorn, a worker and beat as separate processes, on the test database."""
    redis = processes.redis_server(log_dir=artifacts)
    env = processes.app_env(redis_url=redis.url, media_root=settings.MEDIA_ROOT, static_root=static_root)
    web = processes.gunicorn(env=env, log_dir=artifacts)
    worker = processes.celery_worker(env=env, log_dir=artifacts)
    beat = processes.celery_beat(env=env, log_dir=artifacts)
    started = []
    try:
        for process in (redis, web, worker, beat):
            process.start()
            started.append(process)
        yield {"redis": redis, "web": web, "worker": worker, "beat": beat, "submission": alesund}
    finally:
        for process in reversed(started):
            process.stop()
        processes.database_released()


def request_report(secretariat, submission):
    """Ask for the report on its page, as the secretariat does; the id of the new request."""
    before = set(ReportRequest.objects.values_list("pk", flat=True))
    status, url, _, body = secretariat.post(f"/reports/submissions/{submission.pk}/request/")
    assert status == 200 and url.endswith(f"/reports/submissions/{submission.pk}/"), (status, url)
    [pk] = set(ReportRequest.objects.values_list("pk", flat=True)) - before
    return pk, body.decode()


def ready_download_url(secretariat, submission, pk, timeout):
    """Poll the status the page polls until the request is ready; its download link."""
    def ready():
        status, _, _, body = secretariat.get(f"/reports/submissions/{submission.pk}/status.json")
        assert status == 200
        row = next(row for row in json.loads(body)["reports"] if row["id"] == pk)
        assert row["state"] != ReportRequest.FAILED, row["error"]
        return row["download_url"] if row["state"] == ReportRequest.READY else None

    return wait_for(ready, timeout, f"report request {pk} to be ready", interval=0.5)


def download_pdf(person, url):
    status, _, headers, body = person.get(url)
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment")
    assert body.startswith(b"%PDF-")
    return body


@pytest.fixture
def secretariat(deployment):
    return processes.HttpSession(deployment["web"].url).log_in("secretariat", PASSWORDS["secretariat"])


@pytest.mark.services
def test_the_secretariat_gets_a_report_rendered_by_the_worker_over_http(deployment, secretariat, artifacts):
    submission = deployment["submission"]
    status, _, _, page = secretariat.get(f"/reports/submissions/{submission.pk}/")
    assert status == 200 and "Ålesund" in page.decode()
    pk, page = request_report(secretariat, submission)
    assert "The report is queued" in page
    pdf = download_pdf(secretariat, ready_download_url(secretariat, submission, pk, timeout=120))
    (artifacts / "report.pdf").write_bytes(pdf)
    assert ReportRequest.objects.get(pk=pk).attempts == 1
    assert "Traceback" not in deployment["web"].log_tail(200_000)


@pytest.mark.services
def test_a_report_completes_after_its_worker_is_killed_while_rendering(deployment, secretariat):
    worker, submission = deployment["worker"], deployment["submission"]
    pk, _ = request_report(secretariat, submission)
    wait_for(lambda: report_state(pk) == ReportRequest.RENDERING, 60, "the rendering to start", interval=0.02)
    worker.kill()  # SIGKILL to the whole process group, as when the container dies
    assert report_state(pk) == ReportRequest.RENDERING
    worker.start()
    download_pdf(secretariat, ready_download_url(secretariat, submission, pk, timeout=90))
    report = ReportRequest.objects.get(pk=pk)
    assert report.attempts == 2
    # One file: the killed rendering left nothing behind; the signed-off report is stored as its version 1.
    stored = list((settings.MEDIA_ROOT / "reports" / str(submission.pk)).glob("*.pdf"))
    assert [path.name for path in stored] == [report.pdf.name.rsplit("/", 1)[-1]]
    assert report.pdf.name.startswith(f"reports/{submission.pk}/v1-")


@pytest.mark.services
def test_a_report_asked_for_while_redis_is_down_is_kept_and_completes_when_it_is_back(deployment, secretariat):
    redis, submission = deployment["redis"], deployment["submission"]
    redis.stop()
    for path in ("/", f"/reports/submissions/{submission.pk}/", f"/verification/submissions/{submission.pk}/history/",
                 "/catalogue/"):
        status, _, _, _ = secretariat.get(path, timeout=10)
        assert status == 200, path

    asked = time.monotonic()
    pk, page = request_report(secretariat, submission)
    waited = time.monotonic() - asked
    assert "cannot be reached right now" in page
    report = ReportRequest.objects.get(pk=pk)
    assert (report.state, report.sent_at) == (ReportRequest.QUEUED, None)

    redis.start()  # same port, empty: whatever the broker held is gone, the request is not
    download_pdf(secretariat, ready_download_url(secretariat, submission, pk, timeout=180))
    assert ReportRequest.objects.get(pk=pk).sent_at is not None
    assert "Internal Server Error" not in deployment["web"].log_tail(200_000)
    assert waited < 10, f"asking for a report waited {waited:.0f} s on the missing broker"
