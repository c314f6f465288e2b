"""The API's lists are kept in the cache, keyed on what they show: a change of the catalogue, of a city, or a
publication shows in the very next answer; each page and filter is kept apart."""
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from kpis.models import DataPoint
from kpis.services import target_set
from submissions.models import Submission
from submissions.services import city_update, submission_state_change

pytestmark = pytest.mark.django_db


def test_a_new_target_shows_at_once_in_the_data_points_and_kpis_lists(client, alesund):
    internet = DataPoint.objects.filter(kpi__code="EC: ICT: ICT: 1C").order_by("order").first()
    before = client.get(f"/api/v1/data-points/?kpi={internet.kpi.code}").json()["results"][0]["target"]
    assert before["value"] != "77"
    client.get("/api/v1/kpis/")
    target_set(data_point=internet, direction="higher", value=Decimal("77"), source="A new source",
               reason="Revised", actor=get_user_model().objects.get(username="secretariat"))

    after = client.get(f"/api/v1/data-points/?kpi={internet.kpi.code}").json()["results"][0]["target"]
    assert after == {"direction": "higher", "value": "77", "source": "A new source"}
    kpi = next(row for row in client.get("/api/v1/kpis/").json()["results"] if row["code"] == internet.kpi.code)
    assert kpi["data_points"][0]["target"]["source"] == "A new source"


NAMES = {"/api/v1/values/": "city_name", "/api/v1/cities/": "name", "/api/v1/submissions/": "city_name"}


def _names(client):
    return {url: {row[key] for row in client.get(url).json()["results"]} for url, key in NAMES.items()}


def test_a_city_renamed_shows_at_once_in_the_values_cities_and_submissions(client, published_alesund):
    assert _names(client) == {url: {"Ålesund"} for url in NAMES}
    city = published_alesund.city
    city_update(city=city, slug=city.slug, name="Aalesund", country=city.country,
                population_band=city.population_band, currency=city.currency, report_language=city.report_language)

    assert _names(client) == {url: {"Aalesund"} for url in NAMES}


def test_a_publication_shows_at_once(client, signed_off_alesund, eager_tasks):
    assert client.get("/api/v1/submissions/").json()["count"] == 0
    assert client.get("/api/v1/values/").json()["count"] == 0
    submission_state_change(submission_id=signed_off_alesund.pk, to_state=Submission.PUBLISHED,
                            actor=get_user_model().objects.get(username="secretariat"))

    assert [row["city"] for row in client.get("/api/v1/submissions/").json()["results"]] == ["alesund"]
    assert client.get("/api/v1/values/").json()["count"] == 112


def test_each_page_and_filter_has_its_own_answer(client, published_alesund):
    everything = client.get("/api/v1/values/?page_size=100").json()
    second = client.get("/api/v1/values/?page_size=100&page=2").json()
    economy = client.get("/api/v1/values/?dimension=EC").json()

    assert everything["count"] == second["count"] == 112
    assert [row["data_point"] for row in everything["results"]][:12] != [row["data_point"] for row in second["results"]]
    assert len(second["results"]) == 12
    assert {row["dimension"] for row in economy["results"]} == {"Economy"}
    assert client.get("/api/v1/values/?year=2020").json()["count"] == 0
