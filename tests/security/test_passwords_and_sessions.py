"""Passwords of at least 12 characters, not common, not like the person's name; idle sessions end after 30 minutes."""
import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from ..conftest import PASSWORD


@pytest.fixture
def logged_in(client, city_user):
    assert client.post(reverse("login"), {"username": "city", "password": PASSWORD}).status_code == 302
    return client


def change_password(client, new):
    return client.post(reverse("password_change"),
                       {"old_password": PASSWORD, "new_password1": new, "new_password2": new})


@pytest.mark.django_db
@pytest.mark.parametrize("password, message", [
    ("eleven-char", "This password is too short. It must contain at least 12 characters."),
    ("password1234", "This password is too common."),
    ("city.example.org", "The password is too similar to the email address."),
    ("849302759184", "This password is entirely numeric."),
])
def test_a_weak_password_is_refused_with_the_reason(logged_in, city_user, password, message):
    response = change_password(logged_in, password)
    assert response.status_code == 200
    assert message in response.content.decode()
    city_user.refresh_from_db()
    assert city_user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_twelve_character_password_is_accepted(logged_in, city_user):
    assert change_password(logged_in, "harbour-fog1").status_code == 302
    city_user.refresh_from_db()
    assert city_user.check_password("harbour-fog1")


def the_session():
    return Session.objects.get()


def left_idle(minutes):
    """As if the person had done nothing for `minutes` since their last request."""
    session = the_session()
    session.expire_date -= datetime.timedelta(minutes=minutes)
    session.save()


@pytest.mark.django_db
def test_a_session_lasts_thirty_minutes_from_the_last_request(logged_in):
    expires_in = the_session().expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < expires_in <= datetime.timedelta(minutes=30)

    left_idle(20)
    assert logged_in.get(reverse("password_change")).status_code == 200
    expires_in = the_session().expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < expires_in <= datetime.timedelta(minutes=30), "activity keeps it alive"


@pytest.mark.django_db
def test_after_thirty_idle_minutes_the_person_must_log_in_again(logged_in):
    left_idle(29)
    assert logged_in.get(reverse("password_change")).status_code == 200
    left_idle(31)
    response = logged_in.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_session_cookie_is_http_only_and_ends_with_the_browser(client, city_user):
    response = client.post(reverse("login"), {"username": "city", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]
