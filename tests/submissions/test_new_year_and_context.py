"""Starting a new year with its context figures, and correcting them."""
from decimal import Decimal

import pytest
from django.urls import reverse

from submissions.models import Event, Submission


@pytest.mark.django_db
def test_city_staff_start_a_new_year_with_its_context_figures(login, city_user, city):
    response = login(city_user).post(reverse("submissions:list"), {
        "city": city.pk, "year": 2022, "population": "67114", "households": "30100",
        "land_area_km2": "633.4", "gdp": "45000000000", "gdp_currency": "nok",
    })
    submission = Submission.objects.get(city=city, year=2022)
    assert response.status_code == 302 and response["Location"] == reverse("submissions:overview", args=[submission.pk])
    assert submission.state == Submission.DRAFT and submission.values.count() == 112
    assert (submission.population, submission.land_area_km2, submission.gdp_currency) == (67114, Decimal("633.4"), "NOK")


@pytest.mark.django_db
def test_a_year_that_exists_already_is_refused_and_the_figures_typed_are_kept(login, city_user, city, submission):
    response = login(city_user).post(reverse("submissions:list"), {"city": city.pk, "year": 2021, "population": "70000"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ålesund already has a submission for 2021." in html
    assert 'value="70000"' in html
    assert Submission.objects.filter(city=city).count() == 1


@pytest.mark.django_db
def test_a_city_user_cannot_start_a_year_for_another_city(login, city_user, other_city):
    response = login(city_user).post(reverse("submissions:list"), {"city": other_city.pk, "year": 2022})
    assert response.status_code == 400
    assert not Submission.objects.filter(city=other_city).exists()


@pytest.mark.django_db
def test_the_context_figures_are_corrected_and_the_change_recorded(login, city_user, submission):
    client = login(city_user)
    response = client.post(reverse("submissions:context", args=[submission.pk]), {
        "population": "-5", "households": "30100", "gdp": "100", "gdp_currency": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the currency of the GDP." in html and 'value="30100"' in html
    response = client.post(reverse("submissions:context", args=[submission.pk]), {
        "population": "66700", "households": "30100", "gdp": "100", "gdp_currency": "NOK"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.population, submission.households) == (66700, 30100)
    event = Event.objects.get(submission=submission, action="context_changed")
    assert "population=66670" in event.from_state and "population=66700" in event.to_state
