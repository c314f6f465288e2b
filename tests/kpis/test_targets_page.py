"""The targets page: everyone signed in reads the 112 targets; the secretariat changes one with a reason."""
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis.models import DataPoint, Target, TargetsEdition
from kpis.services import target_set
from submissions import roles

from .conftest import INTERNET

pytestmark = pytest.mark.django_db
HEADER = "code,data_point,direction,target,source\n"


def rows_of(html):
    """(code, data point) of each row of the targets table, in order."""
    return re.findall(r"<tr>\s*<td class=\"text-nowrap\"><code>([^<]+)</code></td>\s*<th scope=\"row\" "
                      r"class=\"fw-normal\">([^<]+)</th>", html)


def test_the_page_lists_all_112_data_points_in_catalogue_order_with_the_edition_in_force(client, verifier):
    client.force_login(verifier)
    response = client.get(reverse("kpis:targets"))

    html = response.content.decode()
    expected = [(dp.kpi.code, dp.name) for dp in DataPoint.objects.select_related("kpi").in_catalogue_order()]
    assert [(code, name.replace("&#x27;", "'").replace("&amp;", "&")) for code, name in rows_of(html)] == expected
    assert len(expected) == 112
    assert "Targets edition 1</strong> of 29 November 2026" in html
    assert "The initial targets of the catalogue" in html
    assert "≥ 100 %" in html and "SDG target 9.c" in html and "Higher is better" in html
    assert html.count("No target yet") == 112 - Target.objects.count()


def test_city_staff_and_verifiers_read_the_targets_without_a_way_to_change_them(client, city_user, verifier):
    for person in (city_user, verifier):
        client.force_login(person)
        html = client.get(reverse("kpis:targets")).content.decode()
        assert "Household Internet Access" in html
        assert "/catalogue/targets/1/" not in html and reverse("kpis:targets_import") not in html


def test_the_secretariat_has_a_change_link_per_data_point_and_the_import(client, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("kpis:targets")).content.decode()
    assert len(re.findall(r'href="/catalogue/targets/\d+/"', html)) == 112
    assert reverse("kpis:targets_import") in html


def test_the_nav_offers_the_targets_to_everyone_signed_in(client, city_user):
    client.force_login(city_user)
    assert f'href="{reverse("kpis:targets")}">Targets</a>' in client.get(reverse("home")).content.decode()


def test_the_list_runs_the_same_queries_with_one_edition_and_with_four(client, secretariat, internet,
                                                                       django_assert_num_queries):
    client.force_login(secretariat)
    client.get(reverse("kpis:targets"))  # the session and the person, as on every later request
    with django_assert_num_queries(11):
        assert client.get(reverse("kpis:targets")).status_code == 200
    for number in (70, 80, 90):
        target_set(data_point=internet, direction="higher", value=Decimal(number), source="Test",
                   reason="Another edition", actor=secretariat)
    with django_assert_num_queries(11):
        html = client.get(reverse("kpis:targets")).content.decode()
    assert "Targets edition 4</strong>" in html and "≥ 90 %" in html


def test_the_secretariat_sets_a_target_with_a_reason(client, secretariat, internet):
    client.force_login(secretariat)
    page = client.get(reverse("kpis:target_edit", args=[internet.pk])).content.decode()
    assert 'value="100"' in page and "SDG target 9.c" in page

    response = client.post(reverse("kpis:target_edit", args=[internet.pk]), {
        "direction": "higher", "value": "90.5", "source": "Regional goal", "reason": "The region agreed on 90.5 %"},
        follow=True)

    target = Target.objects.get(data_point=internet)
    assert (target.direction, target.value, target.source) == ("higher", Decimal("90.5"), "Regional goal")
    edition = TargetsEdition.objects.get(number=2)
    assert (edition.reason, edition.created_by) == ("The region agreed on 90.5 %", secretariat)
    assert "target set. Targets edition 2" in response.content.decode()


@pytest.mark.parametrize("language, shown, typed", [("fr", "90,5", "92,25"), ("es", "90,5", "92,250"),
                                                   ("ar", "90.5", "٩٢٫٢٥")])
def test_the_secretariat_types_a_target_as_the_page_s_language_writes_numbers(client, secretariat, internet,
                                                                              language, shown, typed):
    target_set(data_point=internet, direction="higher", value=Decimal("90.5"), source="Test", reason="First",
               actor=secretariat)
    client.force_login(secretariat)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("kpis:target_edit", args=[internet.pk])).content.decode()
    assert f'value="{shown}"' in page, "the target is shown as the person types it"

    response = client.post(reverse("kpis:target_edit", args=[internet.pk]), {
        "direction": "higher", "value": typed, "source": "Regional goal", "reason": "Agreed"})

    assert response.status_code == 302
    expected = {"92,25": "92.25", "92,250": "92.25", "٩٢٫٢٥": "92.25"}[typed]
    assert Target.objects.get(data_point=internet).value == Decimal(expected)


@pytest.mark.parametrize("typed, field, message", [
    ({"value": "-5"}, "value", "The target must be a number of zero or more."),
    ({"value": "lots"}, "value", "Enter a number, with a dot for decimals (for example 82.85)."),
    ({"value": "1,234"}, "value", "“1,234” could be read two ways: write 1234 if the comma separates thousands, or "
                                  "1.234 if it is a decimal comma."),
    ({"value": "120"}, "value", "The target cannot be over 100."),
    ({"value": ""}, "value", "Give the target as a number."),
    ({"reason": ""}, "reason", "Say why the targets change; the reason is kept with the edition."),
    ({"reason": "r" * 1001}, "reason", "Ensure this value has at most 1000 characters (it has 1001)."),
    ({"source": " "}, "source", "Give the source of the target."),
])
def test_bad_input_is_answered_beside_its_field_and_the_rest_is_kept(client, secretariat, internet,
                                                                      typed, field, message):
    data = {"direction": "lower", "value": "77", "source": "A typed source", "reason": "A typed reason", **typed}
    client.force_login(secretariat)

    response = client.post(reverse("kpis:target_edit", args=[internet.pk]), data)

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {field: [message]}
    html = response.content.decode()
    assert f'id="id_{field}"' in html and 'is-invalid' in html
    kept = {"value": 'value="77"', "source": "A typed source", "reason": "A typed reason"}
    for name, text in kept.items():
        if name != field:
            assert text in html, f"{name} was lost"
    assert '<option value="lower" selected>' in html
    assert TargetsEdition.objects.count() == 1
    assert Target.objects.get(data_point=internet).value == 100


def test_a_yes_no_target_is_yes_or_no(client, secretariat, yes_no_point):
    client.force_login(secretariat)
    url = reverse("kpis:target_edit", args=[yes_no_point.pk])
    assert 'name="direction"' not in client.get(url).content.decode()

    response = client.post(url, {"yes_no": "7", "source": "S", "reason": "R"})
    assert response.status_code == 400 and "yes_no" in response.context["form"].errors

    client.post(url, {"yes_no": "no", "source": "Not having it is the goal", "reason": "Reversed"})
    target = Target.objects.get(data_point=yes_no_point)
    assert (target.direction, target.yes_no, target.value) == ("yes", False, None)


def test_saving_the_target_in_force_makes_no_edition(client, secretariat, internet):
    client.force_login(secretariat)
    response = client.post(reverse("kpis:target_edit", args=[internet.pk]), {
        "direction": "higher", "value": "100.000", "reason": "No change",
        "source": "SDG target 9.c: universal and affordable access to the Internet"})
    assert response.status_code == 400
    assert "This is the target in force already: nothing changed." in response.content.decode()
    assert TargetsEdition.objects.count() == 1


def test_the_secretariat_removes_a_target_with_a_reason(client, secretariat, internet):
    client.force_login(secretariat)
    response = client.post(reverse("kpis:target_remove", args=[internet.pk]), {"reason": ""})
    assert response.status_code == 400
    assert response.context["remove_form"].errors == {
        "reason": ["Say why the targets change; the reason is kept with the edition."]}
    assert Target.objects.filter(data_point=internet).exists()

    client.post(reverse("kpis:target_remove", args=[internet.pk]), {"reason": "Under review"})

    assert not Target.objects.filter(data_point=internet).exists()
    html = client.get(reverse("kpis:targets")).content.decode()
    assert "Targets edition 2</strong>" in html and "Under review" in html


def test_a_data_point_without_a_target_offers_no_removal(client, secretariat, degrees):
    client.force_login(secretariat)
    page = client.get(reverse("kpis:target_edit", args=[degrees.pk])).content.decode()
    assert reverse("kpis:target_remove", args=[degrees.pk]) not in page
    response = client.post(reverse("kpis:target_remove", args=[degrees.pk]), {"reason": "Nothing there"})
    assert "This data point has no target to remove." in response.content.decode()
    assert TargetsEdition.objects.count() == 1


def test_only_the_secretariat_changes_targets(client, city_user, verifier, internet):
    for person in (city_user, verifier):
        client.force_login(person)
        posted = {"direction": "higher", "value": "1", "source": "S", "reason": "R"}
        assert client.post(reverse("kpis:target_edit", args=[internet.pk]), posted).status_code == 403
        assert client.post(reverse("kpis:target_remove", args=[internet.pk]), {"reason": "R"}).status_code == 403
    assert Target.objects.get(data_point=internet).value == 100
    assert TargetsEdition.objects.count() == 1


def test_the_import_page_lists_each_bad_row_and_saves_nothing(client, secretariat, internet):
    client.force_login(secretariat)
    bad = SimpleUploadedFile("targets.csv", (
        HEADER + "EC: ICT: ICT: 1C,Household Internet Access,higher,-3,S\n"
        "SC: EH: ED: 3C,Higher Education Degrees,higher,25000,\n").encode())

    response = client.post(reverse("kpis:targets_import"), {"edition": internet.kpi.subdimension.dimension.edition_id,
                                                           "file": bad, "reason": "Yearly review"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved: 2 rows need fixing" in html
    assert "the target must be a number of zero or more" in html and "give the source of the target" in html
    assert TargetsEdition.objects.count() == 1 and Target.objects.get(data_point=internet).value == 100


def test_the_import_page_asks_for_a_reason(client, secretariat, internet):
    client.force_login(secretariat)
    good = SimpleUploadedFile("targets.csv", (HEADER + "EC: ICT: ICT: 1C,Household Internet Access,higher,50,S\n").encode())
    response = client.post(reverse("kpis:targets_import"), {"edition": 1, "file": good, "reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reason": ["Say why the targets change; the reason is kept with the edition."]}
    assert TargetsEdition.objects.count() == 1


@pytest.mark.parametrize("role", [roles.CITY_STAFF, roles.VERIFIER])
def test_other_roles_get_403_on_the_import(client, make_user, role):
    client.force_login(make_user("someone", role))
    assert client.get(reverse("kpis:targets_import")).status_code == 403
