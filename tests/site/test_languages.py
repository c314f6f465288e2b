"""Every page in English, French, Spanish and Arabic for every role, and the language switch that chooses.

The pages are those of the URL permission matrix (tests/security/test_url_permissions.py) that answer a
GET with 200 for the person; each person picks the language with the switch on the page (saved on their
account when signed in), never with an Accept-Language header.
"""
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from submissions.models import Profile

from ..conftest import PASSWORD
from ..security.site_urls import ACTORS, world_build
from ..security.test_url_permissions import FRAGMENTS, MATRIX, app_urls, response_body

HTML_TAG = re.compile(r"<html\b([^>]*)>", re.IGNORECASE)
LANGUAGES = [code for code, _ in settings.LANGUAGES]  # English first
DIRECTION = {"en": "ltr", "fr": "ltr", "es": "ltr", "ar": "rtl"}


def html_attributes(body):
    tag = HTML_TAG.search(body)
    if tag is None:
        return None
    return dict(re.findall(r'(\w+)="([^"]*)"', tag.group(1)))


def switch(client, language, next_url="/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


@pytest.mark.django_db
def test_every_page_answers_in_each_language_for_each_role_with_its_lang_and_direction(make_user):
    world = world_build(make_user)
    pages = {}
    for site_url in app_urls():
        method, kwargs, statuses = MATRIX[site_url.name]
        if method == "get":
            pages[site_url.name] = (reverse(site_url.name, kwargs=kwargs(world)), statuses)
    failures = []
    checked = 0
    for actor in ACTORS:
        person = world.people[actor]
        client = Client()
        if person is not None:
            client.force_login(person)
        machine_readable = set()  # files and data (CSV, JSON, PDF): opened once, in English
        for language in LANGUAGES:
            answer = switch(client, language)
            assert answer.status_code == 302 and client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
            if person is not None:
                assert Profile.objects.get(user=person).language == language
            for name, (url, statuses) in pages.items():
                if statuses[ACTORS.index(actor)] != 200 or name in machine_readable:
                    continue
                response = client.get(url)
                where = f"{actor} {language} GET {url} ({name})"
                if response.status_code != 200:
                    failures.append(f"{where}: {response.status_code}")
                    continue
                checked += 1
                if "text/html" not in response.get("Content-Type", ""):
                    machine_readable.add(name)
                    continue
                if name in FRAGMENTS:
                    continue
                attributes = html_attributes(response_body(response))
                if attributes is None:
                    failures.append(f"{where}: no <html> element")
                elif (attributes.get("lang"), attributes.get("dir")) != (language, DIRECTION[language]):
                    failures.append(f"{where}: <html lang={attributes.get('lang')!r} dir={attributes.get('dir')!r}>")
    assert failures == []
    assert checked > 300, "the matrix's pages were opened"
    assert "home" not in machine_readable


@pytest.mark.django_db
def test_a_visitor_switches_the_language_in_a_cookie_and_every_page_follows(client):
    response = switch(client, "fr", next_url=reverse("kpis:catalogue"))
    assert response.status_code == 302 and response["Location"] == reverse("kpis:catalogue")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = response_body(client.get(reverse("home")))
    assert '<html lang="fr" dir="ltr">' in page and "Plateforme des KPI U4SSC" in page
    assert '<option value="fr" lang="fr" selected>' in page, "the switch shows the language in use"
    assert not Profile.objects.exists()

    switch(client, "ar")
    page = response_body(client.get(reverse("home")))
    assert '<html lang="ar" dir="rtl">' in page and "bootstrap.rtl.min.css" in page
    assert "منصة مؤشرات الأداء الرئيسية U4SSC" in page

    assert switch(client, "xx").status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar", "an unknown language changes nothing"
    assert client.get(reverse("set_language")).status_code == 405


@pytest.mark.django_db
def test_the_switch_is_a_labelled_form_that_works_without_scripts(client):
    page = response_body(client.get(reverse("login")))
    form = re.search(r'<form method="post" action="/i18n/setlang/"[^>]*>(.*?)</form>', page, re.DOTALL).group(1)
    assert 'name="csrfmiddlewaretoken"' in form and '<button type="submit"' in form
    assert re.search(r'<label for="language-switch"[^>]*>Language</label>', form)
    assert '<select id="language-switch" name="language"' in form
    assert [code for code in re.findall(r'<option value="(\w+)"', form)] == LANGUAGES
    assert f'name="next" value="{reverse("login")}"' in form, "the switch comes back to the same page"


@pytest.mark.django_db
def test_a_signed_in_person_s_choice_is_saved_and_applies_at_their_next_sign_in(make_user):
    person = make_user("amina")
    first = Client()
    first.force_login(person)
    switch(first, "es")
    assert Profile.objects.get(user=person).language == "es"
    switch(first, "ar")
    assert Profile.objects.get(user=person).language == "ar"
    assert Profile.objects.count() == 1

    # Another browser, with no cookie: the sign-in sets the saved language.
    other = Client()
    assert 'lang="en"' in response_body(other.get(reverse("login")))
    response = other.post(reverse("login"), {"username": "amina", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    page = response_body(other.get(reverse("people:account")))
    assert '<html lang="ar" dir="rtl">' in page and "حسابك" in page


@pytest.mark.django_db
def test_a_choice_made_before_a_first_sign_in_is_kept_on_the_account(make_user):
    person = make_user("bruno")
    client = Client()
    client.post(reverse("login"), {"username": "bruno", "password": PASSWORD})
    assert not Profile.objects.exists(), "no choice, nothing saved: the browser's language applies"
    client.post(reverse("logout"))
    switch(client, "fr")
    response = client.post(reverse("login"), {"username": "bruno", "password": PASSWORD})
    assert response.status_code == 302 and settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert Profile.objects.get(user=person).language == "fr"
    assert '<html lang="fr" dir="ltr">' in response_body(client.get(reverse("home")))
