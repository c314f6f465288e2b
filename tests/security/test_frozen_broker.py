"""A Redis that hangs (stopped with SIGSTOP: it accepts connections and answers nothing) takes no
page down: asking for a report and raising a query answer within seconds with the work kept queued,
/healthz answers while both are in flight on a two-worker gunicorn, and once Redis resumes the sweeps
of a real worker and beat hand the work over: the report is rendered, the e-mail sent.
"""
import os
import signal
import threading
import time
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model

from reports.models import ReportRequest
from submissions.models import Value
from tests.e2e import processes
from tests.production.test_production_run import PASSWORDS, download_pdf, ready_download_url, wait_for
from verification.models import Notification, Query, Review
from verification.services import submission_reopen

# A page that meets a hanging broker still answers within this many seconds.
ANSWER_WITHIN = 3
# Longer than any bounded answer, short enough to keep a test that fails from hanging.
GIVE_UP_AFTER = 15


@pytest.fixture
def deployment(committed_catalogue, alesund, static_root, artifacts, settings):
    """Redis of the test's own, gunicorn with two workers, a Celery worker and beat sweeping every second;
    Ålesund 2019 reopened, so its verifier may raise a query."""
    submission_reopen(submission_id=alesund.pk, actor=get_user_model().objects.get(username="secretariat"),
                      reason="A figure is checked again.")
    redis = processes.redis_server(log_dir=artifacts)
    env = {**processes.app_env(redis_url=redis.url, media_root=settings.MEDIA_ROOT, static_root=static_root),
           "SWEEP_SECONDS": "1"}
    web = processes.gunicorn(env=env, log_dir=artifacts, workers=2)
    started = []
    try:
        for process in (redis, web, processes.celery_worker(env=env, log_dir=artifacts),
                        processes.celery_beat(env=env, log_dir=artifacts)):
            started.append(process.start())
        yield {"redis": redis, "web": web, "submission": alesund}
    finally:
        for process in reversed(started):
            process.stop()
        processes.database_released()


@contextmanager
def hanging(redis):
    """Redis stopped (not killed: its port accepts connections, nothing is answered), resumed afterwards."""
    os.killpg(redis.popen.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.killpg(redis.popen.pid, signal.SIGCONT)


def person(deployment, username):
    return processes.HttpSession(deployment["web"].url).log_in(username, PASSWORDS[username])


def timed(call):
    """How long the call took and what it returned (or raised: a page that never answered)."""
    started = time.monotonic()
    try:
        outcome = call()
    except Exception as error:  # a timeout is an answer here: the time says what happened
        outcome = error
    return time.monotonic() - started, outcome


def ask_for_report(secretariat, submission):
    return secretariat.post(f"/reports/submissions/{submission.pk}/request/", timeout=GIVE_UP_AFTER)


def raise_query(verifier, value, review):
    """The verifier's query action on the review page (from a thread: reads nothing from the database)."""
    return verifier.post(f"/verification/values/{value.pk}/review/",
                         {"action": "query", "message": "Which survey is this figure from?",
                          "version": value.version, "review_version": review.version}, timeout=GIVE_UP_AFTER)


def answered_value(submission):
    return Value.objects.filter(submission=submission, number__isnull=False).order_by("pk").first()


def in_parallel(**calls):
    """Run the calls at once on threads; each one's (seconds, outcome) by name."""
    results = {}

    def run(name, call):
        results[name] = timed(call)

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    return threads, results


def assert_answered(name, seconds, outcome):
    assert not isinstance(outcome, Exception), f"{name}: no answer after {seconds:.1f} s ({outcome!r})"
    status, _, _, body = outcome
    assert status == 200, (name, status, body[:2000])
    assert seconds < ANSWER_WITHIN, f"{name} took {seconds:.1f} s on a hanging Redis"
    return body.decode()


def queued_raised_query_notification(value):
    query = Query.objects.get(value=value)
    return Notification.objects.get(kind=Notification.QUERY_RAISED, query=query)


@pytest.fixture
def asked_while_redis_hung(deployment):
    """The secretariat asks for the report and the verifier raises a query at the same moment, one
    request on each of gunicorn's two workers (what took the whole site down before), while Redis
    hangs; /healthz is asked meanwhile. What each answered and how long it took, what was stored."""
    submission = deployment["submission"]
    secretariat, verifier = person(deployment, "secretariat"), person(deployment, "verifier")
    value = answered_value(submission)
    review = Review.objects.get(value=value)
    with hanging(deployment["redis"]):
        threads, answers = in_parallel(report=lambda: ask_for_report(secretariat, submission),
                                       query=lambda: raise_query(verifier, value, review))
        time.sleep(0.3)
        answers["healthz"] = timed(lambda: processes.http_get(deployment["web"].url + "/healthz",
                                                              timeout=GIVE_UP_AFTER))
        for thread in threads:
            thread.join(GIVE_UP_AFTER + 5)
        # Read while Redis still hangs: nothing can have been handed over yet.
        report = ReportRequest.objects.get(submission=submission)
        notification = queued_raised_query_notification(value)
    print({name: f"{seconds:.2f} s" for name, (seconds, _) in answers.items()})
    return {"answers": answers, "report": report, "notification": notification,
            "secretariat": secretariat, "submission": submission}


@pytest.mark.services
def test_a_report_request_and_a_query_answer_within_seconds_and_healthz_answers_while_redis_hangs(
        asked_while_redis_hung):
    answers = asked_while_redis_hung["answers"]
    health_seconds, health = answers["healthz"]
    assert not isinstance(health, Exception) and health[0] == 200, f"/healthz: {health!r} after {health_seconds:.1f} s"
    assert health_seconds < ANSWER_WITHIN, f"/healthz took {health_seconds:.1f} s"
    page = assert_answered("asking for the report", *answers["report"])
    assert "cannot be reached right now" in page
    report = asked_while_redis_hung["report"]
    assert (report.state, report.sent_at) == (ReportRequest.QUEUED, None)
    page = assert_answered("raising the query", *answers["query"])
    assert "your question was sent to the city" in page
    assert asked_while_redis_hung["notification"].state == Notification.QUEUED


@pytest.mark.services
def test_what_was_asked_while_redis_hung_is_done_once_it_resumes(asked_while_redis_hung):
    secretariat, submission = asked_while_redis_hung["secretariat"], asked_while_redis_hung["submission"]
    report, notification = asked_while_redis_hung["report"], asked_while_redis_hung["notification"]
    page = assert_answered("asking for the report", *asked_while_redis_hung["answers"]["report"])
    assert "the request is kept and will be sent as soon as it is back" in page
    assert (report.sent_at, notification.state) == (None, Notification.QUEUED)

    download_pdf(secretariat, ready_download_url(secretariat, submission, report.pk, timeout=40))
    wait_for(lambda: Notification.objects.get(pk=notification.pk).state == Notification.SENT, 30,
             "the query's e-mail to be sent")
    assert Notification.objects.get(pk=notification.pk).recipients == ["city@example.org"]
