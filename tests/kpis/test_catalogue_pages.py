"""Anyone may browse the catalogue."""
import pytest
from django.urls import reverse

from kpis.models import KPI


@pytest.mark.django_db
def test_catalogue_lists_dimensions_categories_and_kpis_for_anonymous_visitors(client):
    response = client.get(reverse("kpis:catalogue"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Economy", "Environment", "Society and Culture", "ICT Infrastructure", "Food Security",
                 "EC: ICT: ICT: 1C", "Household Internet Access", "SDG target 9.c"):
        assert text in page
    assert page.count("/catalogue/kpi/") == 91


@pytest.mark.django_db
def test_catalogue_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(reverse("kpis:catalogue"))


@pytest.mark.django_db
def test_kpi_page_shows_data_points_units_and_targets(client):
    kpi = KPI.objects.get(code="EN: EN: AQ: 1C")
    response = client.get(reverse("kpis:kpi", args=[kpi.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Air Pollution", "Particulate Matter (PM2.5)", "Ozone (O3)", "µg / m³", "WHO global air quality guidelines", "Core KPI"):
        assert text in page


@pytest.mark.django_db
def test_unknown_kpi_is_404(client):
    assert client.get(reverse("kpis:kpi", args=[99999])).status_code == 404
