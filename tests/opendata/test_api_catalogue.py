"""The API's catalogue and its documentation: KPIs with data points, units, targets and the SDG mapping; the schema."""
import pytest

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_91_kpis_with_their_sdg_mapping(client):
    body = client.get("/api/v1/kpis/").json()

    assert body["count"] == 91
    kpis = {kpi["code"]: kpi for kpi in body["results"]}
    broadband = kpis["EC: ICT: ICT: 3C"]
    assert broadband["sdgs"] == [9, 17] and broadband["sdg_targets"] == ["9.c", "17.8"]
    assert broadband["sdg_provisional"] is True and broadband["iso37120"] == "18.2"
    assert kpis["EC: ICT: ICT: 1C"]["sdg_provisional"] is False
    assert sum(kpi["sdg_provisional"] for kpi in kpis.values()) == 67
    assert broadband["data_points"][0]["unit"] == "/ 100 000 inhabitants"


def test_the_catalogue_endpoints_filter_by_dimension_and_kpi(client):
    assert client.get("/api/v1/data-points/").json()["count"] == 112
    assert client.get("/api/v1/data-points/", {"dimension": "EN"}).json()["count"] == 28
    assert client.get("/api/v1/kpis/", {"code": "EN: EN: AQ: 1C"}).json()["count"] == 1
    assert [d["code"] for d in client.get("/api/v1/dimensions/").json()["results"]] == ["EC", "EN", "SC"]
    assert client.get("/api/v1/categories/", {"dimension": "SC"}).json()["count"] > 0
    assert client.get("/api/v1/editions/").json()["results"][0]["name"] == "U4SSC KPIs (Y.4903, 2017)"


def test_the_openapi_schema_documents_the_filters(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/values/"]["get"]["parameters"]}
    assert {"city", "year", "kpi", "dimension", "edition", "page"} <= parameters
    assert schema["components"]["schemas"]["Value"]["properties"]["band"]["type"] == "integer"


def test_the_documentation_loads_swagger_ui_from_our_own_static_files(client):
    page = client.get("/api/v1/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert 'data-schema-url="/api/v1/schema/"' in page
    assert "https://" not in page.split("<main")[1].split("</main>")[0].replace("https://specs", "")
