"""The open data API answers in English whatever the person's language: the same bytes for everyone."""
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def french_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/values/?city=alesund&year=2019", "/api/v1/submissions/",
                                 "/api/v1/kpis/?code=EC:%20ICT:%20ICT:%201C", "/api/v1/schema/"])
def test_an_answer_in_french_is_the_english_answer(client, published_alesund, url):
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    french = french_client(client).get(url, **FRENCH)

    assert english.status_code == french.status_code == 200
    assert french.content == english.content
    assert french["Content-Language"] == "en"


def test_the_apis_messages_stay_english(client, published_alesund):
    # Django REST framework's own messages are translated into French; the API must not use them.
    french = french_client(client).get("/api/v1/values/", {"page": 999}, **FRENCH)
    assert french.status_code == 404
    assert french.json() == {"detail": "Invalid page."}


def test_the_bulk_files_built_during_a_french_request_are_english(client, published_alesund):
    english_labels = {row["band_label"] for row in client.get(
        "/api/v1/values/", {"city": "alesund", "year": 2019}, HTTP_ACCEPT_LANGUAGE="en").json()["results"]}
    client = french_client(client)
    page = client.get("/open-data/", **FRENCH)
    assert "Toutes les valeurs publiées (CSV, UTF-8)" in page.content.decode()  # the page itself is French
    csv_text = b"".join(client.get("/open-data/u4ssc-kpi-values.csv", **FRENCH).streaming_content).decode()
    assert csv_text.startswith("submission,city,city_name,")
    assert all(label in csv_text for label in english_labels)
    package = client.get("/open-data/datapackage.json", **FRENCH)
    assert b"Every published value" in b"".join(package.streaming_content)
