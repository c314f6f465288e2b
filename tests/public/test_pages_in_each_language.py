"""The public pages read in the visitor's language, their charts' labels included."""
import pytest
from django.urls import reverse

from .conftest import make_city, make_submission

PHRASES = {
    "cities": {"fr": "Villes ayant des rapports publiés", "es": "Ciudades con informes publicados",
               "ar": "المدن ذات التقارير المنشورة"},
    "trends": {"fr": "Scores global et par dimension au fil des années",
               "es": "Puntuación global y por dimensión a lo largo de los años",
               "ar": "الدرجة الإجمالية ودرجات الأبعاد على مر السنين"},
    "compare": {"fr": "Comparer des villes", "es": "Comparar ciudades", "ar": "مقارنة المدن"},
}


@pytest.fixture
def published_city(db):
    city = make_city("alesund", "Ålesund")
    make_submission(city, 2019, broadband_percent=50)
    make_submission(city, 2020, broadband_percent=70)
    return city


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_the_public_pages_are_in_the_visitors_language(client, published_city, language):
    pages = {"cities": reverse("public:cities"), "trends": reverse("public:trends", args=["alesund"]),
             "compare": reverse("public:compare")}
    for name, url in pages.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, name
        assert PHRASES[name][language] in response.content.decode(), (name, language)


@pytest.mark.django_db
def test_the_city_profile_in_french_says_which_values_are_verified_in_french(client, published_city):
    page = client.get(reverse("public:city", args=["alesund"]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Les valeurs de 2020" in page and "Années publiées :" in page
    assert "The values of 2020" not in page
