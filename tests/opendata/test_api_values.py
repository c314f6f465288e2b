"""The API's values: a published submission's data points, filtered, paginated, cacheable, rate-limited, CORS for GET."""
import pytest
from rest_framework.throttling import AnonRateThrottle

from kpis import scoring

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/values/"


def test_the_published_alesund_2019_lists_its_112_data_points(client, published_alesund):
    response = client.get(VALUES, {"city": "alesund", "year": 2019})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 112
    assert len(body["results"]) == 112
    first = body["results"][0]
    assert first["city"] == "alesund" and first["city_name"] == "Ålesund" and first["country"] == "Norway"
    assert first["year"] == 2019 and first["sample_data"] is False
    assert first["code"] == "EC: ICT: ICT: 1C" and first["unit"] == "%"
    assert first["target_edition"] == 1  # the fixture's targets, in force when the demo was signed off
    assert set(first) >= {"value", "reported", "not_reported_reason", "verified", "band", "band_label",
                          "percent_of_target", "target", "source", "data_quality", "edition"}


def test_each_value_carries_its_band_in_the_vocabularys_words_and_its_reasons(client, published_alesund):
    rows = client.get(VALUES, {"city": "alesund", "year": 2019}).json()["results"]

    scored = [row for row in rows if row["band"] is not None]
    assert scored and all(row["band_label"] == scoring.BANDS[row["band"]].label for row in scored)
    not_reported = [row for row in rows if not row["reported"]]
    assert len(not_reported) == 112 - 107  # the seed's table 3: 107 of 112 data points reported
    assert all(row["value"] == "" and row["band"] is None for row in not_reported)
    assert sum(row["verified"] for row in rows) == 107


def test_values_filter_by_kpi_code_dimension_and_edition(client, published_alesund):
    by_kpi = client.get(VALUES, {"kpi": "EC: ICT: ICT: 1C"}).json()
    by_dimension = client.get(VALUES, {"dimension": "EN"}).json()
    by_edition = client.get(VALUES, {"edition": published_alesund.edition_id}).json()
    other_year = client.get(VALUES, {"city": "alesund", "year": 2020}).json()

    assert [row["data_point"] for row in by_kpi["results"]] == ["Household Internet Access"]
    assert by_dimension["count"] == 28 and {row["dimension"] for row in by_dimension["results"]} == {"Environment"}
    assert by_edition["count"] == 112
    assert other_year["count"] == 0


def test_a_year_that_is_not_a_number_is_refused_with_a_message(client, published_alesund):
    response = client.get(VALUES, {"year": "last"})

    assert response.status_code == 400
    assert "not a whole number" in response.json()["year"]


def test_values_are_paginated(client, published_alesund):
    page = client.get(VALUES, {"page_size": 50, "page": 3}).json()

    assert page["count"] == 112 and len(page["results"]) == 12 and page["next"] is None


def test_a_conditional_get_is_answered_304_and_caches_may_keep_the_answer(client, published_alesund):
    first = client.get(VALUES, {"city": "alesund"})

    assert first["Cache-Control"] == "public, max-age=300"
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    again = client.get(VALUES, {"city": "alesund"}, HTTP_IF_NONE_MATCH=first["ETag"])
    since = client.get(VALUES, {"city": "alesund"}, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304 and since.status_code == 304
    other = client.get(VALUES, {"city": "bergen"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_other_sites_may_read_the_api_but_never_write(client, published_alesund):
    response = client.get(VALUES, HTTP_ORIGIN="https://example.org")
    posted = client.post(VALUES, {}, HTTP_ORIGIN="https://example.org")
    preflight = client.options(VALUES, HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert posted.status_code == 405
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")


def test_anonymous_requests_are_rate_limited(client, published_alesund, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")

    statuses = [client.get("/api/v1/editions/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_a_logged_in_person_gets_the_same_published_data_only(client, signed_off_alesund, make_user):
    from submissions import roles

    client.force_login(make_user("boss", roles.SECRETARIAT))

    assert client.get(VALUES, {"city": "alesund"}).json()["count"] == 0  # signed off, not published
