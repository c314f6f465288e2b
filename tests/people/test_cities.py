"""The secretariat creates and edits cities in the browser; bad input is answered beside its field."""
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from people.models import AuditEntry
from submissions.models import City
from submissions.services import city_create

NEW_CITY = {"name": "Tromsø", "country": "Norway", "slug": "tromso", "population_band": "under_100k",
            "currency": "nok", "report_language": "en"}


@pytest.mark.django_db
def test_the_secretariat_creates_a_city_and_the_audit_log_says_who(signed_in, secretariat):
    response = signed_in(secretariat).post(reverse("people:city_create"), NEW_CITY)

    assert response.status_code == 302
    city = City.objects.get(slug="tromso")
    assert (city.name, city.country, city.population_band, city.currency) == ("Tromsø", "Norway", "under_100k", "NOK")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.city) == (secretariat, AuditEntry.CITY_CREATED, city)
    page = signed_in(secretariat).get(reverse("people:city_list")).content.decode()
    assert "Tromsø" in page and "under 100 000" in page and "NOK" in page


@pytest.mark.django_db
def test_bad_input_is_answered_beside_its_field_and_the_rest_is_kept(signed_in, secretariat, city):
    response = signed_in(secretariat).post(reverse("people:city_create"),
                                           {**NEW_CITY, "currency": "kr", "population_band": "lots"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the three-letter ISO 4217 code in capitals" in page
    assert "Select a valid choice" in page
    assert 'value="Tromsø"' in page and 'value="tromso"' in page
    assert not City.objects.filter(slug="tromso").exists() and not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_slug_another_city_has_is_refused_not_overwritten(signed_in, secretariat, city):
    response = signed_in(secretariat).post(reverse("people:city_create"), {**NEW_CITY, "slug": city.slug})

    assert "Another city has this slug already" in response.content.decode()
    city.refresh_from_db()
    assert city.name == "Ålesund"


@pytest.mark.django_db
def test_the_secretariat_edits_a_city_and_the_log_keeps_before_and_after(signed_in, secretariat, city):
    response = signed_in(secretariat).post(reverse("people:city_edit", args=[city.pk]), {
        "name": "Ålesund", "country": "Norway", "slug": "alesund", "population_band": "under_100k", "currency": "NOK",
        "report_language": "es"})

    assert response.status_code == 302
    city.refresh_from_db()
    assert (city.population_band, city.currency, city.report_language) == ("under_100k", "NOK", "es")
    entry = AuditEntry.objects.get(action=AuditEntry.CITY_EDITED)
    assert "no currency" in entry.detail and "→" in entry.detail and entry.detail.endswith("NOK; report in es")


@pytest.mark.django_db
def test_the_create_city_command_keeps_working_and_takes_band_and_currency(db):
    call_command("create_city", "bodo", "--name", "Bodø", "--country", "Norway", stdout=io.StringIO())
    call_command("create_city", "bodo", "--name", "Bodø", "--country", "Norway", "--currency", "NOK",
                 "--population-band", "under_100k", stdout=io.StringIO())

    city = City.objects.get(slug="bodo")
    assert (city.name, city.currency, city.population_band) == ("Bodø", "NOK", "under_100k")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_the_city_list_asks_the_database_the_same_for_one_city_or_three(
        signed_in, secretariat, count, django_assert_num_queries):
    for number in range(count):
        city_create(slug=f"city-{number}", name=f"City {number}", country="Norway")
    client = signed_in(secretariat)
    with django_assert_num_queries(7):  # session, user, groups, cities with their staff counts, session saved
        response = client.get(reverse("people:city_list"))
    assert response.content.decode().count("people/cities/") >= count
