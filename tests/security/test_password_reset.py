"""Password reset mails: links from SITE_URL, never from the request's Host; sent through the notifications
outbox, so a mail server or broker that is down loses nothing; no token stored; no account enumeration."""
import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from verification.models import Notification

LINK = re.compile(r"(\S+)(/accounts/password/reset/[^/\s]+/[^/\s]+/)")
DONE = "If an account has that address, a link to set a new password is on its way."
NEW = "a-brand-new-secret-31"


@pytest.fixture
def committed(django_capture_on_commit_callbacks, eager_tasks):
    """Ask for a reset as a request does: the outbox row commits, then the worker (in-process) sends it."""
    def ask(client, email, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("password_reset"), {"email": email}, **headers)
    return ask


def reset_notifications():
    return Notification.objects.filter(kind=Notification.PASSWORD_RESET)


def set_password_through(client, path):
    form_url = client.get(path)["Location"]  # Django swaps the token for a session key first
    return client.post(form_url, {"new_password1": NEW, "new_password2": NEW})


@pytest.mark.django_db
def test_the_reset_link_starts_with_site_url_whatever_host_the_request_named(settings, client, committed, city_user):
    settings.SITE_URL = "https://kpi.example.org/"
    response = committed(client, city_user.email, HTTP_HOST="localhost:6666")
    assert response.status_code == 302
    assert mail.outbox[0].to == ["city@example.org"]
    site, path = LINK.search(mail.outbox[0].body).groups()
    assert site == "https://kpi.example.org"
    assert "localhost" not in mail.outbox[0].body
    assert set_password_through(client, path).status_code == 302
    city_user.refresh_from_db()
    assert city_user.check_password(NEW)


@pytest.mark.django_db
def test_a_reset_asked_while_the_mail_server_is_down_is_kept_in_the_outbox(settings, client, committed, city_user):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    response = committed(client, city_user.email)
    assert DONE in client.get(response["Location"]).content.decode()
    notification = reset_notifications().get()
    assert (notification.user, notification.state) == (city_user, Notification.FAILED)
    assert notification.error  # the secretariat sees it among the notifications, with why it failed


@pytest.mark.django_db
def test_a_reset_the_mail_server_refused_is_sent_once_it_is_back(settings, client, committed, eager_tasks, city_user):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    committed(client, city_user.email)
    assert reset_notifications().get().state == Notification.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back

    call_command("notifications_send", stdout=open("/dev/null", "w"))
    assert reset_notifications().get().state == Notification.FAILED, "not straight away: it waits a while"
    reset_notifications().update(claimed_at=timezone.now() - datetime.timedelta(minutes=6))
    call_command("notifications_send", stdout=open("/dev/null", "w"))

    assert reset_notifications().get().state == Notification.SENT
    assert set_password_through(client, LINK.search(mail.outbox[0].body).group(2)).status_code == 302
    city_user.refresh_from_db()
    assert city_user.check_password(NEW)


@pytest.mark.django_db
def test_a_mail_refused_for_a_day_is_given_up(settings, committed, client, eager_tasks, city_user):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    committed(client, city_user.email)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    day_ago = timezone.now() - datetime.timedelta(days=1, minutes=1)
    reset_notifications().update(created_at=day_ago, claimed_at=day_ago)
    call_command("notifications_send", stdout=open("/dev/null", "w"))
    assert reset_notifications().get().state == Notification.FAILED and mail.outbox == []


@pytest.mark.django_db
def test_a_reset_the_broker_missed_is_sent_later_with_a_link_that_works(client, eager_tasks, city_user):
    client.post(reverse("password_reset"), {"email": city_user.email})  # no commit here: never handed over
    assert mail.outbox == [] and reset_notifications().get().state == Notification.QUEUED
    reset_notifications().update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    call_command("notifications_send", stdout=open("/dev/null", "w"))

    assert reset_notifications().get().state == Notification.SENT
    assert mail.outbox[0].to == ["city@example.org"]
    assert mail.outbox[0].subject == "[U4SSC] Reset your password on the KPI platform"
    assert set_password_through(client, LINK.search(mail.outbox[0].body).group(2)).status_code == 302
    city_user.refresh_from_db()
    assert city_user.check_password(NEW)


@pytest.mark.django_db
def test_the_outbox_keeps_no_reset_link_or_token(client, committed, city_user):
    committed(client, city_user.email)
    token = LINK.search(mail.outbox[0].body).group(2).rstrip("/").rsplit("/", 1)[1]
    stored = str(model_to_dict(reset_notifications().get()))
    assert token not in stored and "/accounts/password/reset/" not in stored


@pytest.mark.django_db
def test_the_reset_page_answers_the_same_whether_or_not_an_account_has_the_address(client, committed, city_user):
    unknown = committed(client, "nobody@example.org")
    known = committed(client, city_user.email)
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert [notification.user for notification in reset_notifications()] == [city_user]
    assert [message.to for message in mail.outbox] == [["city@example.org"]]


@pytest.mark.django_db
def test_no_reset_mail_for_an_inactive_account_or_one_without_a_usable_password(client, committed, city_user, verifier):
    city_user.is_active = False
    city_user.save()
    verifier.set_unusable_password()
    verifier.save()
    for person in (city_user, verifier):
        response = committed(client, person.email)
        assert DONE in client.get(response["Location"]).content.decode()
    assert not reset_notifications().exists() and mail.outbox == []


@pytest.mark.django_db
def test_an_account_switched_off_before_the_mail_leaves_gets_no_link(client, eager_tasks, city_user):
    client.post(reverse("password_reset"), {"email": city_user.email})
    city_user.is_active = False
    city_user.save()
    reset_notifications().update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    call_command("notifications_send", stdout=open("/dev/null", "w"))
    assert mail.outbox == []
    assert reset_notifications().get().recipients == []


@pytest.mark.django_db
def test_a_link_from_before_a_password_change_no_longer_works(client, committed, city_user):
    committed(client, city_user.email)
    path = LINK.search(mail.outbox[0].body).group(2)
    city_user.set_password("another-long-secret-55")
    city_user.save()
    assert "This link has been used already or has expired." in client.get(path).content.decode()
