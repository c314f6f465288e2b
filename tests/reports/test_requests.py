"""Asking for a report: the secretariat's request page, the worker's task, and who may download what."""
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reports import services, tasks
from reports.models import ReportRequest, ReportVersion
from reports.tasks import report_render_task, report_requests_resend_task
from submissions.models import Submission
from submissions.services import submission_state_change
from u4ssc_site.celery import app
from verification.services import submission_withdraw

PDF = b"%PDF-1.7\n% a stored rendering\n"


def ready_report(submission):
    report = ReportRequest.objects.create(submission=submission, state=ReportRequest.READY)
    report.pdf.save(f"{report.pk}.pdf", ContentFile(PDF))
    return report


@pytest.fixture
def people(alesund, django_user_model, make_user, other_city):
    from submissions import roles

    return {
        "secretariat": django_user_model.objects.get(username="secretariat"),
        "city": django_user_model.objects.get(username="city"),
        "verifier": django_user_model.objects.get(username="verifier"),
        "other city": make_user("bergen-staff", roles.CITY_STAFF, city=other_city),
        "other verifier": make_user("unassigned", roles.VERIFIER),
    }


# ---------------------------------------------------------------- requesting

@pytest.mark.django_db
def test_secretariat_request_answers_at_once_and_is_handed_to_the_broker(
        client, people, alesund, empty_queue, django_capture_on_commit_callbacks):
    client.force_login(people["secretariat"])
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request", args=[alesund.pk]))
    assert time.perf_counter() - started < 1
    assert response.status_code == 302
    report = ReportRequest.objects.get(submission=alesund)
    assert report.state == ReportRequest.QUEUED and report.sent_at is not None
    assert report.requested_by == people["secretariat"]
    page = client.get(response.url)
    assert "The report is queued" in page.content.decode()
    assert "Queued" in page.content.decode()


@pytest.mark.django_db
def test_a_request_made_while_the_broker_is_down_is_kept_and_sent_when_it_is_back(
        client, people, alesund, broker_down, empty_queue, django_capture_on_commit_callbacks, eager_tasks):
    client.force_login(people["secretariat"])
    app.conf.task_always_eager = False
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request", args=[alesund.pk]), follow=True)
    assert time.perf_counter() - started < 1
    assert "The report is queued" in response.content.decode()
    report = ReportRequest.objects.get(submission=alesund)
    assert report.state == ReportRequest.QUEUED and report.sent_at is None
    # Nothing is sent while the broker is down ...
    ReportRequest.objects.filter(pk=report.pk).update(created_at=report.created_at - tasks.RESEND_AFTER)
    assert report_requests_resend_task() == 0
    # ... and the periodic sweep sends it once the broker is back.
    broker_down()
    app.conf.task_always_eager = True
    assert report_requests_resend_task() == 1
    report.refresh_from_db()
    assert report.sent_at is not None
    assert report.state == ReportRequest.READY and report.pdf.read().startswith(b"%PDF")


@pytest.mark.django_db
def test_only_the_secretariat_may_request_a_report(client, people, alesund):
    for who, status in (("city", 403), ("verifier", 403), ("other city", 404), ("other verifier", 404)):
        client.force_login(people[who])
        assert client.post(reverse("reports:request", args=[alesund.pk])).status_code == status, who
    assert not ReportRequest.objects.exists()
    client.logout()
    assert client.post(reverse("reports:request", args=[alesund.pk])).status_code == 302
    assert not ReportRequest.objects.exists()


# ---------------------------------------------------------------- the task

@pytest.mark.django_db
def test_the_task_renders_a_pdf_and_a_second_run_replaces_nothing(alesund, people):
    report = ReportRequest.objects.create(submission=alesund, requested_by=people["secretariat"])
    assert report_render_task.apply(args=[report.pk]).get() == "ready"
    report.refresh_from_db()
    first = (report.pdf.name, report.finished_at, report.pdf.read())
    assert report.state == ReportRequest.READY and first[2].startswith(b"%PDF")
    assert report_render_task.apply(args=[report.pk]).get() == "not claimable"
    report.refresh_from_db()
    assert (report.pdf.name, report.finished_at, report.pdf.read()) == first
    assert report.attempts == 1


@pytest.mark.django_db
def test_a_second_delivery_renders_nothing_while_the_first_worker_is_alive(alesund):
    report = ReportRequest.objects.create(submission=alesund)
    assert services.report_claim(request_id=report.pk)
    assert not services.report_claim(request_id=report.pk)
    assert report_render_task.apply(args=[report.pk]).get() == "not claimable"
    report.refresh_from_db()
    assert (report.state, report.attempts) == (ReportRequest.RENDERING, 1)


@pytest.mark.django_db
def test_a_rendering_whose_worker_died_is_queued_again_and_stored_once(alesund, eager_tasks):
    report = ReportRequest.objects.create(submission=alesund)
    assert services.report_claim(request_id=report.pk)
    # The worker was killed: its heartbeat stops, the broker keeps the message until its visibility timeout.
    later = timezone.now() + services.STALE_AFTER + timedelta(seconds=1)
    assert tasks.report_requests_resend(now=later - timedelta(seconds=5)) == 0
    assert tasks.report_requests_resend(now=later) == 1
    report.refresh_from_db()
    assert (report.state, report.attempts) == (ReportRequest.READY, 2)
    stored = report.pdf.name
    # The first worker's message, redelivered much later, finds the report ready.
    assert report_render_task.apply(args=[report.pk]).get() == "not claimable"
    services.report_render(request_id=report.pk)
    report.refresh_from_db()
    assert report.pdf.name == stored
    # One file: the issued version's, which the request points at.
    assert report.pdf.storage.listdir(f"reports/{alesund.pk}")[1] == [report.version.pdf.name.rsplit("/", 1)[1]]


@pytest.mark.django_db
def test_a_request_that_keeps_killing_its_worker_is_given_up_with_the_reason(alesund):
    report = ReportRequest.objects.create(submission=alesund, state=ReportRequest.RENDERING,
                                          attempts=services.MAX_ATTEMPTS)
    assert report_render_task.apply(args=[report.pk]).get() == "not claimable"
    report.refresh_from_db()
    assert report.state == ReportRequest.FAILED
    assert "Gave up after 8 attempts" in report.error


def test_celery_settings_make_the_render_task_safe_to_run_again():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.worker_max_memory_per_child or conf.worker_max_tasks_per_child
    task = report_render_task
    assert task.acks_late and task.reject_on_worker_lost
    assert (task.soft_time_limit, task.time_limit) == (120, 180)
    assert conf.broker_transport_options["visibility_timeout"] > task.time_limit
    assert task.retry_backoff and task.retry_jitter and task.max_retries >= 3
    assert ConnectionError in task.autoretry_for
    schedule = {entry["task"] for entry in conf.beat_schedule.values()}
    assert "reports.resend_unsent" in schedule


# ---------------------------------------------------------------- who sees and downloads what

@pytest.mark.django_db
def test_download_matrix(client, people, alesund):
    # Ålesund is published in the demo; this rendering was made while it was signed off, not published.
    submission_withdraw(submission_id=alesund.pk, actor=people["secretariat"], reason="A typo on the cover.")
    report = ready_report(alesund)
    url = reverse("reports:download", args=[report.pk])

    def status(who):
        client.force_login(people[who])
        response = client.get(url)
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"].startswith("attachment")
        return response.status_code

    # Signed off, not yet published: the city waits for publication.
    assert {who: status(who) for who in people} == {
        "secretariat": 200, "city": 404, "verifier": 200, "other city": 404, "other verifier": 404}
    submission_state_change(submission_id=alesund.pk, actor=people["secretariat"], to_state=Submission.PUBLISHED)
    # Published: the city downloads what was rendered from its published submission, not the earlier rendering.
    assert {who: status(who) for who in people} == {
        "secretariat": 200, "city": 404, "verifier": 200, "other city": 404, "other verifier": 404}
    version = ReportVersion.objects.create(submission=alesund, number=1, snapshot={}, digest="1" * 64, published=True)
    ReportRequest.objects.filter(pk=report.pk).update(version=version)
    assert {who: status(who) for who in people} == {
        "secretariat": 200, "city": 200, "verifier": 200, "other city": 404, "other verifier": 404}
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_report_page_lists_renderings_with_their_state_and_the_status_endpoint_follows(client, people, alesund):
    Submission.objects.filter(pk=alesund.pk).update(state=Submission.VERIFIED)  # the demo's is published
    ready = ready_report(alesund)
    failed = ReportRequest.objects.create(submission=alesund, state=ReportRequest.FAILED, error="Out of paper")
    client.force_login(people["secretariat"])
    page = client.get(reverse("reports:submission", args=[alesund.pk])).content.decode()
    assert "Produce the PDF report" in page and "Out of paper" in page
    assert reverse("reports:download", args=[ready.pk]) in page
    assert "js/reports.js" in page and "<script>" not in page and "style=" not in page.split("<svg", 1)[1]
    data = client.get(reverse("reports:status", args=[alesund.pk])).json()["reports"]
    assert [(row["id"], row["state"]) for row in data] == [(failed.pk, "failed"), (ready.pk, "ready")]
    assert data[1]["download_url"] == reverse("reports:download", args=[ready.pk]) and data[0]["error"] == "Out of paper"
    # The city sees no rendering before publication, and never the failed ones.
    client.force_login(people["city"])
    assert client.get(reverse("reports:status", args=[alesund.pk])).json() == {"reports": [], "in_progress": False}
    assert "Produce the PDF report" not in client.get(reverse("reports:submission", args=[alesund.pk])).content.decode()
    client.force_login(people["other city"])
    assert client.get(reverse("reports:status", args=[alesund.pk])).status_code == 404
    assert client.get(reverse("reports:submission", args=[alesund.pk])).status_code == 404


def test_without_a_broker_the_report_renders_in_a_thread_beside_the_request(
        client, settings, catalogue_committed, make_user, city, eager_tasks):
    """The demo's embedded defaults: no broker, yet the request that asks for a report answers at once.

    Two connections write at once here: SQLite's in-memory test database locks whole tables
    between them (the demo's SQLite file waits instead), so this runs on PostgreSQL.
    """
    from kpis.selectors import edition_current
    from submissions.services import submission_create
    from submissions import roles

    from ..conftest import require_service

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        require_service("DATABASE_URL (PostgreSQL)")
    settings.REPORT_RENDER_THREAD = True
    submission = submission_create(city=city, year=2021, edition=edition_current(), population=66670)
    client.force_login(make_user("secretariat", roles.SECRETARIAT))

    started = time.perf_counter()
    response = client.post(reverse("reports:request", args=[submission.pk]))
    answered = time.perf_counter() - started
    report = ReportRequest.objects.get(submission=submission)

    assert response.status_code == 302 and answered < 1
    assert report.state != ReportRequest.READY, "rendered inside the request"
    deadline = time.monotonic() + 60
    while report.state not in (ReportRequest.READY, ReportRequest.FAILED) and time.monotonic() < deadline:
        time.sleep(0.2)
        report.refresh_from_db()
    assert report.state == ReportRequest.READY, report.error
    assert report.pdf.read().startswith(b"%PDF")
