"""E-mails of the workflow, sent by a Celery task once the change has committed."""
import time

import pytest
from django.core import mail
from django.db import transaction

from submissions.models import Submission
from submissions.services import submission_state_change
from verification.models import Notification
from verification.services import assignment_create, query_answer, query_raise, review_bulk_verify, submission_sign_off
from verification.tasks import notification_deliver

from .conftest import values_fill
from .test_sign_off import BACKGROUND


@pytest.fixture
def committed(django_capture_on_commit_callbacks, eager_tasks):
    """Run what a commit runs (the task enqueueing), with the task in-process."""
    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)
    return run


@pytest.mark.django_db
def test_a_submitted_submission_is_announced_to_the_secretariat_and_assigned_verifiers(
        committed, submission, city_user, secretariat, verifier, other_verifier):
    values_fill(submission, city_user, 1)
    committed(submission_state_change, submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assert [m.to for m in mail.outbox] == [["secretariat@example.org"]]
    assert mail.outbox[0].subject == "[U4SSC] Ålesund 2021: submitted for verification"
    # Sent back to the city and submitted again: the verifier already assigned is told too.
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    submission_state_change(submission_id=submission.pk, actor=secretariat, to_state=Submission.DRAFT, reason="Fill in more.")
    mail.outbox.clear()
    committed(submission_state_change, submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assert sorted(mail.outbox[0].to) == ["secretariat@example.org", "verifier@example.org"]


@pytest.mark.django_db
def test_a_query_goes_to_the_city_and_its_answer_to_the_verifier(committed, verifier, city_user, reported):
    query = committed(query_raise, value_id=reported[0].pk, actor=verifier, question="Which survey?")
    assert mail.outbox[-1].to == ["city@example.org"]
    assert "Which survey?" in mail.outbox[-1].body
    assert f"http://127.0.0.1:8000/verification/queries/{query.pk}/" in mail.outbox[-1].body
    committed(query_answer, query_id=query.pk, actor=city_user, body="The 2021 one.")
    assert mail.outbox[-1].to == ["verifier@example.org"]
    assert "The 2021 one." in mail.outbox[-1].body
    assert Notification.objects.filter(state=Notification.SENT).count() == 2


@pytest.mark.django_db
def test_a_sign_off_goes_to_the_city_and_the_secretariat(committed, verifier, assigned, reported):
    review_bulk_verify(submission_id=assigned.pk, actor=verifier, items=[(v.pk, v.version) for v in reported])
    import datetime
    committed(submission_sign_off, submission_id=assigned.pk, actor=verifier,
              **{**BACKGROUND, "verified_on": datetime.date(2022, 3, 15)})
    assert sorted(mail.outbox[-1].to) == ["city@example.org", "secretariat@example.org"]
    assert mail.outbox[-1].subject == "[U4SSC] Ålesund 2021: verified and signed off"


@pytest.mark.django_db
def test_nothing_is_sent_when_the_change_is_rolled_back(committed, verifier, reported):
    def failing():
        with transaction.atomic():
            query_raise(value_id=reported[0].pk, actor=verifier, question="Which survey?")
            raise RuntimeError("something else failed")

    with pytest.raises(RuntimeError):
        committed(failing)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_notification_delivered_twice_is_sent_once(verifier, reported):
    query_raise(value_id=reported[0].pk, actor=verifier, question="Which survey?")
    notification = Notification.objects.get(kind=Notification.QUERY_RAISED)
    assert notification_deliver(notification.pk) == "sent"
    assert notification_deliver(notification.pk) == "not queued"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failing_mail_server_marks_the_notification_failed_without_undoing_the_change(
        settings, committed, verifier, reported):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    committed(query_raise, value_id=reported[0].pk, actor=verifier, question="Which survey?")
    notification = Notification.objects.get(kind=Notification.QUERY_RAISED)
    assert notification.state == Notification.FAILED and notification.error
    assert reported[0].queries.count() == 1


@pytest.mark.services
def test_a_real_worker_sends_the_notification_after_commit(celery_worker_process, catalogue_committed,
                                                           make_user, city, secretariat):
    from kpis.selectors import edition_current
    from submissions.services import submission_create
    from submissions import roles

    city_user = make_user("city", roles.CITY_STAFF, city=city)
    submission = submission_create(city=city, year=2022, edition=edition_current(), actor=city_user)
    values_fill(submission, city_user, 1)
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    notification = Notification.objects.get(submission=submission)
    deadline = time.monotonic() + 30
    while notification.state != Notification.SENT and time.monotonic() < deadline:
        time.sleep(0.2)
        notification.refresh_from_db()
    assert notification.state == Notification.SENT
    assert notification.recipients == ["secretariat@example.org"]


@pytest.mark.django_db
def test_notifications_left_queued_when_the_broker_was_down_are_sent_by_the_command(eager_tasks, verifier, reported):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    query_raise(value_id=reported[0].pk, actor=verifier, question="Which survey?")  # never enqueued: no commit here
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    call_command("notifications_send", stdout=open("/dev/null", "w"))
    assert set(Notification.objects.values_list("state", flat=True)) == {Notification.SENT}
    assert ["city@example.org"] in [m.to for m in mail.outbox]


@pytest.mark.django_db
def test_another_celery_app_in_the_process_does_not_capture_the_notifications(committed, verifier, reported):
    from celery import Celery

    Celery("probe", broker="redis://127.0.0.1:1/0")  # becomes the process's "current" app
    committed(query_raise, value_id=reported[0].pk, actor=verifier, question="Which survey?")
    assert mail.outbox[-1].to == ["city@example.org"]
    from u4ssc_site.celery import app

    app.set_current()


@pytest.mark.django_db
def test_the_links_in_e_mails_open_the_site_where_people_reach_it(settings, committed, verifier, reported):
    settings.SITE_URL = "https://kpi.example.org/"
    query = committed(query_raise, value_id=reported[0].pk, actor=verifier, question="Which survey?")
    assert f"\nhttps://kpi.example.org/verification/queries/{query.pk}/\n" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_notification_whose_worker_died_while_sending_is_sent_again_and_a_recent_claim_is_left(eager_tasks, verifier, reported):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    query_raise(value_id=reported[0].pk, actor=verifier, question="Which survey?")
    query_raise(value_id=reported[1].pk, actor=verifier, question="And this one?")
    lost, busy = Notification.objects.filter(kind=Notification.QUERY_RAISED).order_by("pk")
    long_ago, just_now = timezone.now() - datetime.timedelta(minutes=30), timezone.now()
    Notification.objects.exclude(pk__in=[lost.pk, busy.pk]).update(state=Notification.SENT)
    Notification.objects.update(created_at=long_ago)
    Notification.objects.filter(pk=lost.pk).update(state=Notification.SENDING, claimed_at=long_ago)
    Notification.objects.filter(pk=busy.pk).update(state=Notification.SENDING, claimed_at=just_now)

    call_command("notifications_send", stdout=open("/dev/null", "w"))

    lost.refresh_from_db(), busy.refresh_from_db()
    assert (lost.state, busy.state) == (Notification.SENT, Notification.SENDING)
    assert len(mail.outbox) == 1 and "Which survey?" in mail.outbox[0].body


def test_celery_beat_resends_the_queued_notifications_every_minute():
    from u4ssc_site.celery import app

    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule["verification.resend_queued"] == 60.0
    assert "verification.resend_queued" in app.tasks
