"""Deadline reminders: 14, 7 and 1 days before, once each, to the people whose work is waiting."""
import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from kpis.selectors import edition_current
from programme.services import reminders_send
from programme.tasks import reminders_send_task
from submissions.models import Submission
from submissions.services import ValueInput, submission_create, value_set
from verification.models import Notification, Review
from verification.notifications import notification_send
from verification.services import assignment_create, review_bulk_verify


def answer_all(submission, actor):
    for value in submission.values.select_related("data_point"):
        data = ValueInput(yes_no=True) if value.data_point.is_yes_no else ValueInput(number=Decimal(1))
        value_set(value_id=value.pk, actor=actor, data=data)


def deadlines(cycle, *, submission_in=None, verification_in=None):
    today = timezone.localdate()
    if submission_in is not None:
        cycle.submission_deadline = today + datetime.timedelta(days=submission_in)
    if verification_in is not None:
        cycle.verification_deadline = today + datetime.timedelta(days=verification_in)
    cycle.opens_on = today - datetime.timedelta(days=60)
    cycle.save()


@pytest.fixture
def draft(cycle, city, city_user):
    return submission_create(city=city, year=2025, edition=edition_current(), cycle=cycle, actor=city_user)


@pytest.mark.parametrize("days_left, reminder", [(14, 14), (10, 14), (7, 7), (1, 1), (15, None), (0, None)])
def test_a_draft_with_missing_data_is_reminded_at_14_7_and_1_days(draft, cycle, days_left, reminder):
    deadlines(cycle, submission_in=days_left, verification_in=days_left + 30)
    sent = reminders_send()
    assert [r.days_before for r in sent] == ([reminder] if reminder else [])


@pytest.mark.django_db(transaction=True)
def test_the_city_staff_get_one_mail_however_often_beat_runs(catalogue_committed, make_user, eager_tasks):
    from submissions.services import city_create, cycle_save

    city = city_create(slug="alesund", name="Ålesund", country="Norway")
    staff = make_user("city", "City staff", city=city)
    make_user("elsewhere", "City staff")
    secretariat = make_user("secretariat", "Secretariat")
    today = timezone.localdate()
    cycle = cycle_save(actor=secretariat, name="2025", year=2025, edition=edition_current(), opens_on=today,
                       submission_deadline=today + datetime.timedelta(days=7),
                       verification_deadline=today + datetime.timedelta(days=30))
    submission_create(city=city, year=2025, edition=edition_current(), cycle=cycle, actor=staff)
    mail.outbox.clear()
    reminders_send_task()
    reminders_send_task()
    assert [message.to for message in mail.outbox] == [[staff.email]]
    assert "[U4SSC] Ålesund 2025: data due " in mail.outbox[0].subject
    assert Notification.objects.get().kind == Notification.DATA_DUE


def test_a_complete_draft_gets_no_reminder(draft, cycle, city_user):
    answer_all(draft, city_user)
    assert reminders_send() == []


def test_the_assigned_verifier_is_reminded_of_pending_reviews_only(draft, cycle, city_user, verifier, secretariat,
                                                                   make_user):
    answer_all(draft, city_user)
    Submission.objects.filter(pk=draft.pk).update(state=Submission.SUBMITTED)
    make_user("idle-verifier", "Verifier")
    deadlines(cycle, verification_in=7)
    assert reminders_send() == []  # nobody assigned yet: the dashboard shows it, no mail
    assignment_create(submission_id=draft.pk, verifier_id=verifier.pk, actor=secretariat)
    Notification.objects.all().delete()
    reminders = reminders_send()
    assert [(r.deadline, r.days_before) for r in reminders] == [("verification", 7)]
    notification = Notification.objects.get()
    assert (notification.kind, notification.submission_id) == (Notification.REVIEW_DUE, draft.pk)
    mail.outbox.clear()
    notification_send(notification_id=notification.pk)
    assert [message.to for message in mail.outbox] == [[verifier.email]]
    assert "[U4SSC] Ålesund 2025: verification due " in mail.outbox[0].subject

    deadlines(cycle, verification_in=1)
    review_bulk_verify(submission_id=draft.pk, actor=verifier,
                       items=list(draft.values.values_list("pk", "version")))
    assert not Review.objects.exclude(status=Review.VERIFIED).exists()
    assert reminders_send() == []  # every data point reviewed
