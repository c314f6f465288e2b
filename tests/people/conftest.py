"""Fixtures of the people console: a signed-in client per person, and mail that leaves as a worker sends it."""
import re

import pytest
from django.test import Client
from django.urls import reverse

INVITATION_LINK = re.compile(r"https?://\S+(/people/invitation/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def signed_in():
    def sign_in(person):
        client = Client()
        client.force_login(person)
        return client
    return sign_in


@pytest.fixture
def committed(django_capture_on_commit_callbacks, eager_tasks):
    """Post as a request does: the change and its outbox row commit, then the worker (in-process) sends the mail."""
    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)
    return post


@pytest.fixture
def invite(committed, signed_in, secretariat):
    def send(email="ingrid@alesund.example", role="City staff", cities=(), first_name="Ingrid", last_name="Nilsen"):
        return committed(signed_in(secretariat), reverse("people:invite"), {
            "email": email, "first_name": first_name, "last_name": last_name, "role": role,
            "cities": [city.pk for city in cities]})
    return send
