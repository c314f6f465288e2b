"""Five failed log-ins, or wrong current passwords on the password change page, lock an account for 15 minutes;
a password reset still works and lifts the lock."""
import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from ..conftest import PASSWORD

LOCKED = "Too many failed log-ins"


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_ENABLED = True  # tests/conftest.py turns it off for every other test


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def fail(client, username, times):
    for _ in range(times):
        response = log_in(client, username, "not-the-password")
    return response


def minutes_pass(minutes):
    """As if the failures happened `minutes` earlier."""
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=minutes))


@pytest.mark.django_db
def test_four_failures_still_let_the_right_password_in(client, city_user):
    response = fail(client, "city", 4)
    assert "Please enter a correct username and password" in response.content.decode()
    assert log_in(client, "city", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_fifth_failure_locks_the_account_even_against_the_right_password(client, city_user):
    response = fail(client, "city", 5)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    response = log_in(client, "city", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not client.get(reverse("home")).context["user"].is_authenticated


@pytest.mark.django_db
def test_the_lock_lasts_fifteen_minutes(client, city_user):
    fail(client, "city", 5)
    minutes_pass(14)
    assert log_in(client, "city", PASSWORD).status_code == 429
    minutes_pass(16)
    assert log_in(client, "city", PASSWORD).status_code == 302
    assert client.get(reverse("home")).context["user"].username == "city"


@pytest.mark.django_db
def test_the_lock_is_per_account_not_per_address(client, city_user, verifier):
    fail(client, "city", 5)
    assert log_in(client, "verifier", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_locked_person_resets_the_password_by_email_and_logs_in(
        client, city_user, django_capture_on_commit_callbacks, eager_tasks):
    fail(client, "city", 5)
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves through the outbox on commit
        response = client.post(reverse("password_reset"), {"email": city_user.email})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)

    form_url = client.get(link)["Location"]  # Django swaps the token for a session key first
    page = client.get(form_url)
    assert page.status_code == 200 and "Set a new password" in page.content.decode()
    response = client.post(form_url, {"new_password1": "a-brand-new-secret-31", "new_password2": "a-brand-new-secret-31"})
    assert response.status_code == 302
    assert "lock from failed log-ins is lifted" in client.get(response["Location"]).content.decode()

    assert log_in(client, "city", "a-brand-new-secret-31").status_code == 302
    assert client.get(reverse("home")).context["user"].username == "city"


# ---------------------------------------------------------------- the password change page

WRONG_CURRENT = "Your old password was entered incorrectly"
LOCKED_HERE = "Too many wrong passwords: this account is locked for 15 minutes"
NEW = "a-brand-new-secret-31"


def change_password(client, current):
    return client.post(reverse("password_change"), {"old_password": current, "new_password1": NEW, "new_password2": NEW})


def guess(client, times):
    for _ in range(times):
        response = change_password(client, "a-wrong-guess-77")
    return response


@pytest.mark.django_db
def test_five_wrong_current_passwords_lock_the_account_like_failed_log_ins(client, city_user):
    client.force_login(city_user)
    response = guess(client, 4)
    assert response.status_code == 200 and WRONG_CURRENT in response.content.decode()
    response = guess(client, 1)
    assert response.status_code == 200 and LOCKED_HERE in response.content.decode()

    response = change_password(client, PASSWORD)  # the right one is not even checked now
    assert LOCKED_HERE in response.content.decode()
    city_user.refresh_from_db()
    assert city_user.check_password(PASSWORD)
    client.logout()
    assert log_in(client, "city", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_the_lock_from_wrong_current_passwords_lasts_fifteen_minutes(client, city_user):
    client.force_login(city_user)
    guess(client, 5)
    minutes_pass(14)
    assert LOCKED_HERE in change_password(client, PASSWORD).content.decode()
    minutes_pass(16)
    assert change_password(client, PASSWORD).status_code == 302
    city_user.refresh_from_db()
    assert city_user.check_password(NEW)


@pytest.mark.django_db
def test_failed_log_ins_and_wrong_current_passwords_count_together(client, city_user):
    client.force_login(city_user)  # a log-in that succeeds clears earlier failures, so it comes first
    fail(client, "city", 3)
    guess(client, 2)
    assert LOCKED_HERE in change_password(client, PASSWORD).content.decode()


@pytest.mark.django_db
def test_what_was_typed_on_the_password_change_page_is_not_logged(client, city_user):
    client.force_login(city_user)
    guess(client, 1)
    attempt = AccessAttempt.objects.get(username="city")
    assert attempt.failures_since_start == 1
    assert "a-wrong-guess-77" not in attempt.post_data and NEW not in attempt.post_data


@pytest.mark.django_db
def test_a_password_changed_with_the_right_current_one_clears_earlier_guesses(client, city_user):
    client.force_login(city_user)
    guess(client, 4)
    assert change_password(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="city").exists()
