"""With debug off the secretariat and verifiers pass a second factor after their password: no page of theirs is
reachable without it; a TOTP code or a recovery code (once) lets them in. City staff may turn it on."""
import os
import re
import subprocess
import sys
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from people.models import AuditEntry
from people.services import second_factor_begin, second_factor_confirm

from ..conftest import PASSWORD, ROOT

CODES = re.compile(r"<li><code>([a-z2-7]{8})</code></li>")
THROTTLE = 1.1  # a wrong code holds the device back for a second (django-otp's throttling)
PAGES = {"secretariat": reverse("people:people_list"), "verifier": reverse("verification:worklist")}


@pytest.fixture
def required(settings):
    settings.DEBUG = False
    settings.OTP_REQUIRED_FOR = ("secretariat", "verifier")


def app_code(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def phone(person):
    """A device set up earlier; the recovery codes it was given."""
    device = second_factor_begin(person=person)
    return device, second_factor_confirm(person=person, device=device)


def password_step(person):
    client = Client()
    response = client.post(reverse("login"), {"username": person.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_settings_require_it_whenever_debug_is_off():
    def required_for(**env):
        environment = {**{k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}, **env,
                       "DJANGO_SETTINGS_MODULE": "u4ssc_site.settings"}
        return subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import "
                               "settings; print(settings.OTP_REQUIRED_FOR)"], cwd=ROOT, env=environment,
                              capture_output=True, text=True, check=True).stdout.strip()

    assert required_for() == "()"  # the demo on its embedded defaults
    assert required_for(SECRET_KEY="x" * 50) == "('secretariat', 'verifier')"
    assert required_for(DEBUG="0") == "('secretariat', 'verifier')"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretariat", "verifier"])
def test_without_a_device_no_page_is_reachable_until_one_is_set_up(required, request, role):
    person = request.getfixturevalue(role)
    client = password_step(person)

    for page in (PAGES[role], reverse("home"), reverse("people:account"), "/admin/"):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith(reverse("people:second_factor_setup"))

    setup = client.get(reverse("people:second_factor_setup"), {"next": PAGES[role]}).content.decode()
    assert 'src="data:image/svg+xml;base64,' in setup
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    wrong = client.post(reverse("people:second_factor_setup"), {"code": "000000", "next": PAGES[role]})
    assert "This code is not the one your app shows now" in wrong.content.decode()
    time.sleep(THROTTLE)

    shown = client.post(reverse("people:second_factor_setup"), {"code": app_code(device), "next": PAGES[role]})

    assert len(CODES.findall(shown.content.decode())) == 10
    assert client.get(PAGES[role]).status_code == 200
    assert AuditEntry.objects.filter(person=person, action=AuditEntry.SECOND_FACTOR_SET_UP).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretariat", "verifier"])
def test_with_a_device_the_second_step_asks_the_code_and_a_valid_one_lets_them_in(required, request, role):
    person = request.getfixturevalue(role)
    device, _ = phone(person)
    client = password_step(person)

    blocked = client.get(PAGES[role])
    assert blocked["Location"] == f"{reverse('people:second_factor_verify')}?next={PAGES[role].replace('/', '%2F')}"
    wrong = client.post(reverse("people:second_factor_verify"), {"code": "123456", "next": PAGES[role]})
    assert "This code is not right" in wrong.content.decode()
    assert client.get(PAGES[role]).status_code == 302
    time.sleep(THROTTLE)

    response = client.post(reverse("people:second_factor_verify"), {"code": app_code(device), "next": PAGES[role]})

    assert response.status_code == 302 and response["Location"] == PAGES[role]
    assert client.get(PAGES[role]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretariat", "verifier"])
def test_a_recovery_code_lets_them_in_once_only(required, request, role):
    person = request.getfixturevalue(role)
    _, codes = phone(person)

    first = password_step(person)
    response = first.post(reverse("people:second_factor_verify"), {"code": codes[0].upper(), "next": PAGES[role]})
    assert response.status_code == 302 and first.get(PAGES[role]).status_code == 200

    again = password_step(person)
    refused = again.post(reverse("people:second_factor_verify"), {"code": codes[0], "next": PAGES[role]})
    assert "This code is not right, or it was used already" in refused.content.decode()
    assert again.get(PAGES[role]).status_code == 302


@pytest.mark.django_db
def test_city_staff_are_not_asked_unless_they_turned_it_on(required, city_user):
    client = password_step(city_user)
    assert client.get(reverse("submissions:list")).status_code == 200
    assert "Set up two-factor sign-in" in client.get(reverse("people:account")).content.decode()

    client.get(reverse("people:second_factor_setup"))
    device = TOTPDevice.objects.get(user=city_user)
    client.post(reverse("people:second_factor_setup"), {"code": app_code(device)})

    later = password_step(city_user)
    assert later.get(reverse("submissions:list"))["Location"].startswith(reverse("people:second_factor_verify"))


@pytest.mark.django_db
def test_the_secretariat_resets_a_lost_phone_and_the_person_sets_up_a_new_one(required, secretariat, verifier):
    device, _ = phone(verifier)
    colleague = password_step(secretariat)
    colleague_device, _ = phone(secretariat)
    colleague = password_step(secretariat)
    colleague.post(reverse("people:second_factor_verify"), {"code": app_code(colleague_device)})

    colleague.post(reverse("people:second_factor_reset", args=[verifier.pk]))

    assert not TOTPDevice.objects.filter(user=verifier).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.SECOND_FACTOR_RESET)
    assert (entry.actor, entry.person) == (secretariat, verifier)
    response = password_step(verifier).get(PAGES["verifier"])
    assert response["Location"].startswith(reverse("people:second_factor_setup"))


@pytest.mark.django_db
def test_the_login_page_says_when_two_factor_sign_in_is_off(client, settings):
    assert "Two-factor sign-in is off in this demo" in client.get(reverse("login")).content.decode()
    settings.OTP_REQUIRED_FOR = ("secretariat", "verifier")
    assert "Two-factor sign-in is off" not in client.get(reverse("login")).content.decode()
