"""Files on more than one machine: web and worker processes that see the same store under different
roots, or a store that is no file system at all, and two workers racing for one report."""
import pytest
from celery import Celery

from reports.models import ReportRequest, ReportVersion
from tests.e2e import processes

from .redis_storage import RedisStorage
from .test_production_run import PASSWORDS, download_pdf, ready_download_url, request_report, wait_for


@pytest.fixture
def redis(artifacts):
    server = processes.redis_server(log_dir=artifacts).start()
    try:
        yield server
    finally:
        server.stop()


def started(*services):
    for service in services:
        service.start()
    return services


def stopped(services):
    for service in reversed(services):
        service.stop()
    processes.database_released()


@pytest.mark.services
def test_web_and_worker_with_different_media_roots_on_one_shared_folder_serve_the_report(
        committed_catalogue, alesund, static_root, artifacts, redis, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (tmp_path / "web-media").symlink_to(shared)
    (tmp_path / "worker-media").symlink_to(shared)
    web_env = processes.app_env(redis_url=redis.url, media_root=tmp_path / "web-media", static_root=static_root)
    worker_env = {**web_env, "MEDIA_ROOT": str(tmp_path / "worker-media")}
    services = started(processes.gunicorn(env=web_env, log_dir=artifacts),
                       processes.celery_worker(env=worker_env, log_dir=artifacts))
    try:
        secretariat = processes.HttpSession(services[0].url).log_in("secretariat", PASSWORDS["secretariat"])
        pk, _ = request_report(secretariat, alesund)
        pdf = download_pdf(secretariat, ready_download_url(secretariat, alesund, pk, timeout=120))
    finally:
        stopped(services)
    stored = ReportRequest.objects.get(pk=pk).pdf.name
    assert (shared / stored).read_bytes() == pdf


@pytest.mark.services
def test_the_report_journey_runs_on_a_storage_that_is_not_a_file_system(
        committed_catalogue, alesund, static_root, artifacts, redis, tmp_path, settings):
    storage_env = {"STORAGE_BACKEND": "tests.production.redis_storage.RedisStorage",
                   "REDIS_STORAGE_URL": redis.url.replace("/0", "/1"), "REDIS_STORAGE_PREFIX": "files:"}
    env = {**processes.app_env(redis_url=redis.url, media_root=tmp_path / "media", static_root=static_root),
           **storage_env}
    services = started(processes.gunicorn(env=env, log_dir=artifacts), processes.celery_worker(env=env, log_dir=artifacts))
    try:
        secretariat = processes.HttpSession(services[0].url).log_in("secretariat", PASSWORDS["secretariat"])
        pk, _ = request_report(secretariat, alesund)
        pdf = download_pdf(secretariat, ready_download_url(secretariat, alesund, pk, timeout=120))
    finally:
        stopped(services)
    store = RedisStorage(url=storage_env["REDIS_STORAGE_URL"], prefix="files:")
    stored = ReportRequest.objects.get(pk=pk).pdf.name
    assert store.names() == [stored]
    assert store.open(stored).read() == pdf
    assert not (tmp_path / "media").exists()


@pytest.mark.services
def test_two_workers_racing_for_the_same_report_requests_render_each_once_into_one_version(
        committed_catalogue, alesund, static_root, artifacts, redis, settings):
    env = processes.app_env(redis_url=redis.url, media_root=settings.MEDIA_ROOT, static_root=static_root)
    requests = [ReportRequest.objects.create(submission=alesund) for _ in range(2)]
    services = started(processes.celery_worker(env=env, log_dir=artifacts, name="worker-a"),
                       processes.celery_worker(env=env, log_dir=artifacts, name="worker-b"))
    sender = Celery("sender", broker=redis.url, set_as_current=False)
    try:
        # Each request handed over twice, as when the sweeps of two beats (or a resend and a
        # redelivery) send it again: both workers take a message for the same request at once.
        for request in requests:
            for _ in range(2):
                sender.send_task("reports.render", args=[request.pk])
        wait_for(lambda: all(state == ReportRequest.READY for state in
                             ReportRequest.objects.values_list("state", flat=True)), 180, "both requests to be ready")
        wait_for(lambda: sum(service.log_tail(200_000).count("succeeded") for service in services) >= 4,
                 60, "every message to be handled")
    finally:
        sender.close()
        stopped(services)
    rows = list(ReportRequest.objects.order_by("pk"))
    assert [row.attempts for row in rows] == [1, 1]
    [version] = ReportVersion.objects.filter(submission=alesund)
    assert [row.version_id for row in rows] == [version.pk, version.pk]
    assert sorted(path.name for path in (settings.MEDIA_ROOT / "reports" / str(alesund.pk)).iterdir()) == [
        version.pdf.name.rsplit("/", 1)[-1]]
