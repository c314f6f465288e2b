"""Reporting cycles: the secretariat creates and edits them, and invites cities, who find their draft ready."""
import datetime

import pytest
from django.urls import reverse

from kpis.selectors import edition_current
from submissions.models import Event, Submission
from submissions.services import city_create, submission_create


def cycle_post(**changes):
    data = {"name": "2026", "year": "2026", "edition": edition_current().pk, "opens_on": "2027-01-10",
            "submission_deadline": "2027-03-31", "verification_deadline": "2027-05-31"}
    return {**data, **changes}


def test_the_secretariat_creates_a_cycle_and_sees_it_listed(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("programme:cycle_create"), cycle_post())
    assert response.status_code == 302
    page = client.get(reverse("programme:cycles")).content.decode()
    assert "2026" in page and "31 March 2027" in page


def test_deadlines_out_of_order_are_refused_beside_the_field_and_the_rest_is_kept(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("programme:cycle_create"),
                           cycle_post(name="Round of 2026", verification_deadline="2027-02-01"))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["verification_deadline"] == ["The verification deadline comes after the submission deadline."]
    page = response.content.decode()
    assert 'value="Round of 2026"' in page and 'value="2027-03-31"' in page


def test_editing_a_cycle_moves_its_deadline(client, secretariat, cycle):
    client.force_login(secretariat)
    response = client.post(reverse("programme:cycle_edit", args=[cycle.pk]),
                           cycle_post(name="2025", year="2025", opens_on=cycle.opens_on.isoformat(),
                                      submission_deadline="2030-01-01", verification_deadline="2030-02-01"))
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.submission_deadline == datetime.date(2030, 1, 1)


def test_invited_cities_get_a_draft_with_last_years_context_figures_as_defaults(
        client, secretariat, cycle, city, city_user, other_city):
    submission_create(city=city, year=2023, edition=edition_current(), population=60000, gdp_currency="NOK")
    submission_create(city=city, year=2024, edition=edition_current(), population=66670, households=30000,
                      gdp_currency="NOK")
    client.force_login(secretariat)
    response = client.post(reverse("programme:cycle_invite", args=[cycle.pk]), {"cities": [city.pk, other_city.pk]})
    assert response.status_code == 302
    invited = Submission.objects.get(city=city, year=2025)
    assert (invited.cycle, invited.state, invited.values.count()) == (cycle, Submission.DRAFT, 112)
    assert (invited.population, invited.households, invited.gdp_currency, invited.context_from_year) == (
        66670, 30000, "NOK", 2024)
    assert Submission.objects.get(city=other_city, year=2025).population is None
    assert Event.objects.filter(submission=invited, action="invited").exists()

    client.force_login(city_user)
    assert f"/submissions/{invited.pk}/" in client.get(reverse("submissions:list")).content.decode()
    page = client.get(reverse("submissions:context", args=[invited.pk])).content.decode()
    assert "from 2024" in page and "From 2024." in page and 'value="66670"' in page
    client.post(reverse("submissions:context", args=[invited.pk]),
                {"population": "67000", "households": "30000", "gdp_currency": "NOK"})
    invited.refresh_from_db()
    assert (invited.population, invited.context_from_year) == (67000, None)


def test_a_city_that_already_has_the_years_submission_is_reported_not_duplicated(
        client, secretariat, cycle, city, city_user):
    submission_create(city=city, year=2025, edition=edition_current(), actor=city_user)
    client.force_login(secretariat)
    response = client.post(reverse("programme:cycle_invite", args=[cycle.pk]), {"cities": [city.pk]}, follow=True)
    assert "not invited again: Ålesund" in response.content.decode()
    assert Submission.objects.filter(city=city, year=2025).count() == 1


def test_inviting_nobody_says_so(client, secretariat, cycle, city):
    client.force_login(secretariat)
    response = client.post(reverse("programme:cycle_invite", args=[cycle.pk]), {})
    assert response.status_code == 400
    assert "Choose at least one city." in response.content.decode()


@pytest.mark.parametrize("role", ["city_user", "verifier"])
def test_nobody_but_the_secretariat_manages_cycles(client, request, role, cycle):
    client.force_login(request.getfixturevalue(role))
    for url in (reverse("programme:cycles"), reverse("programme:cycle_create"),
                reverse("programme:cycle_edit", args=[cycle.pk]), reverse("programme:cycle_invite", args=[cycle.pk])):
        assert client.get(url).status_code == 403
    city_create(slug="x", name="X", country="Y")
    assert client.post(reverse("programme:cycle_invite", args=[cycle.pk]), {"cities": [1]}).status_code == 403
