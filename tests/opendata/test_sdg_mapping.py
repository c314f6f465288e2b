"""The SDG mapping in the catalogue: loaded from sdg_map.csv, marked provisional, confirmed or corrected by the secretariat."""
import pytest
from django.urls import reverse

from kpis.models import KPI
from submissions import roles

pytestmark = pytest.mark.django_db


def test_the_catalogue_fixture_carries_24_confirmed_and_67_provisional_mappings():
    assert KPI.objects.filter(sdg_source=KPI.SDG_U4SSC).count() == 24
    assert KPI.objects.filter(sdg_source=KPI.SDG_PROVISIONAL).count() == 67
    assert KPI.objects.exclude(sdgs="").count() == 91
    water = KPI.objects.get(code="EC: I: WS: 2C")
    assert (water.sdg_goals, water.sdg_target_list, water.iso37120) == ([6], ["6.1"], "23.1")


def test_the_kpi_page_marks_a_provisional_mapping(client):
    provisional = KPI.objects.get(code="EC: ICT: ICT: 3C")
    confirmed = KPI.objects.get(code="EC: ICT: ICT: 1C")

    assert "provisional" in client.get(reverse("kpis:kpi", args=[provisional.pk])).content.decode()
    assert "provisional" not in client.get(reverse("kpis:kpi", args=[confirmed.pk])).content.decode()


def test_the_secretariat_confirms_a_mapping_and_is_recorded(client, secretariat):
    kpi = KPI.objects.get(code="EC: ICT: ICT: 3C")
    client.force_login(secretariat)

    response = client.post(reverse("kpis:sdg_mapping_edit", args=[kpi.pk]),
                           {"sdgs": "17;9", "sdg_targets": "9.c;17.8;17.6", "iso37120": "18.2"})

    assert response.status_code == 302
    kpi.refresh_from_db()
    assert kpi.sdg_source == KPI.SDG_SECRETARIAT and kpi.sdg_confirmed_by == secretariat
    assert kpi.sdgs == "9;17" and kpi.sdg_targets == "9.c;17.8;17.6"
    page = client.get(reverse("kpis:sdg_mapping")).content.decode()
    assert "66 of 91 mappings are provisional" in page and "Confirmed by the secretariat (secretariat," in page


def test_a_goal_that_is_not_an_sdg_is_refused_beside_the_field_and_the_rest_is_kept(client, secretariat):
    kpi = KPI.objects.get(code="EC: ICT: ICT: 3C")
    client.force_login(secretariat)

    response = client.post(reverse("kpis:sdg_mapping_edit", args=[kpi.pk]),
                           {"sdgs": "9;18", "sdg_targets": "9.c", "iso37120": "18.9"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "“18” is not an SDG" in page and 'value="18.9"' in page
    kpi.refresh_from_db()
    assert kpi.sdg_source == KPI.SDG_PROVISIONAL and kpi.sdgs == "9;17"


def test_a_target_under_a_goal_not_linked_is_refused(client, secretariat):
    kpi = KPI.objects.get(code="EC: ICT: ICT: 3C")
    client.force_login(secretariat)

    page = client.post(reverse("kpis:sdg_mapping_edit", args=[kpi.pk]),
                       {"sdgs": "9", "sdg_targets": "17.8", "iso37120": ""}).content.decode()

    assert "The target 17.8 is under SDG 17, which is not among the linked SDGs." in page


@pytest.mark.parametrize("role", [roles.CITY_STAFF, roles.VERIFIER])
def test_only_the_secretariat_may_confirm_a_mapping(client, make_user, role):
    kpi = KPI.objects.get(code="EC: ICT: ICT: 3C")
    client.force_login(make_user("someone", role))

    assert client.get(reverse("kpis:sdg_mapping")).status_code == 403
    assert client.post(reverse("kpis:sdg_mapping_edit", args=[kpi.pk]), {"sdgs": "1"}).status_code == 403
    kpi.refresh_from_db()
    assert kpi.sdgs == "9;17"
