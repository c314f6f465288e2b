"""The list of people, their role and cities changed, accounts switched off and on, all of it in the audit log."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from people.models import AuditEntry
from people.services import person_invite
from submissions import roles

from ..conftest import PASSWORD


@pytest.mark.django_db
def test_the_list_shows_role_cities_invitation_and_who_never_logged_in(signed_in, secretariat, city, city_user):
    person_invite(actor=secretariat, email="jonas@verify.example", first_name="Jonas", last_name="Smith",
                  role=roles.VERIFIER, cities=[])
    Client().login(username="city", password=PASSWORD)

    page = signed_in(secretariat).get(reverse("people:people_list")).content.decode()

    jonas = page[page.index("Jonas Smith"):]
    jonas = jonas[:jonas.index("</tr>")]
    assert "Verifier" in jonas and "not accepted yet" in jonas and "never logged in" in jonas and "active" in jonas
    assert "secretariat" in jonas  # invited by
    city_row = page[page.index(">city<"):]
    city_row = city_row[:city_row.index("</tr>")]
    assert "City staff" in city_row and "Ålesund" in city_row and "never logged in" not in city_row


@pytest.mark.django_db
def test_the_list_filters_by_role_and_by_city(signed_in, secretariat, city_user, other_city_user, verifier, city):
    client = signed_in(secretariat)

    by_role = client.get(reverse("people:people_list"), {"role": roles.VERIFIER}).content.decode()
    by_city = client.get(reverse("people:people_list"), {"city": city.pk}).content.decode()

    assert ">verifier<" in by_role and ">city<" not in by_role
    assert ">city<" in by_city and ">other-city<" not in by_city and ">verifier<" not in by_city


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_the_list_asks_the_database_the_same_for_one_person_or_three(
        signed_in, secretariat, make_user, city, count, django_assert_num_queries):
    for number in range(count):
        person_invite(actor=secretariat, email=f"person{number}@example.org", first_name="P", last_name=str(number),
                      role=roles.CITY_STAFF, cities=[city])
    client = signed_in(secretariat)
    # session, user, groups, filter form's cities, people with invitation, their groups, their cities, session saved
    with django_assert_num_queries(10):
        response = client.get(reverse("people:people_list"))
    assert response.content.decode().count("not accepted yet") == count


@pytest.mark.django_db
def test_a_role_and_cities_change_is_saved_and_each_change_logged(signed_in, secretariat, city_user, city, other_city):
    response = signed_in(secretariat).post(reverse("people:person", args=[city_user.pk]),
                                           {"role": roles.CITY_STAFF, "cities": [other_city.pk]})

    assert response.status_code == 302
    assert list(city_user.cities.values_list("slug", flat=True)) == ["bergen"]
    changes = AuditEntry.objects.filter(person=city_user, actor=secretariat)
    assert {(entry.city.slug, entry.detail) for entry in changes} == {("alesund", "removed"), ("bergen", "added")}

    signed_in(secretariat).post(reverse("people:person", args=[city_user.pk]), {"role": roles.VERIFIER})
    city_user = get_user_model().objects.get(pk=city_user.pk)
    assert roles.is_verifier(city_user) and not roles.is_city_staff(city_user)
    assert AuditEntry.objects.get(action=AuditEntry.ROLE_CHANGED).detail == "City staff → Verifier"


@pytest.mark.django_db
def test_a_verifier_with_cities_is_refused_beside_the_field(signed_in, secretariat, verifier, city):
    response = signed_in(secretariat).post(reverse("people:person", args=[verifier.pk]),
                                           {"role": roles.VERIFIER, "cities": [city.pk]})

    assert "Only city staff belong to cities" in response.content.decode()
    assert not verifier.cities.exists() and not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_secretariat_cannot_take_its_own_role_or_deactivate_itself(signed_in, secretariat):
    client = signed_in(secretariat)
    role = client.post(reverse("people:person", args=[secretariat.pk]), {"role": roles.VERIFIER})
    client.post(reverse("people:deactivate", args=[secretariat.pk]))

    assert "You cannot take the secretariat role from yourself" in role.content.decode()
    secretariat.refresh_from_db()
    assert secretariat.is_active and roles.is_secretariat(get_user_model().objects.get(pk=secretariat.pk))


@pytest.mark.django_db
def test_a_deactivated_account_cannot_sign_in_until_it_is_reactivated(signed_in, secretariat, city_user):
    client = signed_in(secretariat)
    client.post(reverse("people:deactivate", args=[city_user.pk]))

    assert not Client().login(username="city", password=PASSWORD)
    assert get_user_model().objects.filter(pk=city_user.pk).exists()  # never deleted

    client.post(reverse("people:reactivate", args=[city_user.pk]))
    assert Client().login(username="city", password=PASSWORD)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [AuditEntry.REACTIVATED,
                                                                         AuditEntry.DEACTIVATED]


@pytest.mark.django_db
def test_the_audit_log_shows_newest_first_and_filters_by_person_and_city(
        signed_in, secretariat, city_user, verifier, city):
    client = signed_in(secretariat)
    client.post(reverse("people:deactivate", args=[verifier.pk]))
    client.post(reverse("people:city_edit", args=[city.pk]), {"name": "Aalesund", "country": "Norway",
                                                              "slug": "alesund", "population_band": "under_100k",
                                                              "currency": "NOK", "report_language": "en"})

    everything = client.get(reverse("people:audit")).content.decode()
    by_person = client.get(reverse("people:audit"), {"person": verifier.pk}).content.decode()
    by_city = client.get(reverse("people:audit"), {"city": city.pk}).content.decode()

    assert everything.index("City edited") < everything.index("Account deactivated")
    assert "Account deactivated" in by_person and "City edited" not in by_person
    assert "City edited" in by_city and "Account deactivated" not in by_city


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_the_audit_log_asks_the_database_the_same_for_one_entry_or_three(
        signed_in, secretariat, count, django_assert_num_queries):
    client = signed_in(secretariat)
    for number in range(count):
        client.post(reverse("people:city_create"), {"name": f"Town {number}", "country": "Norway",
                                                    "slug": f"town-{number}", "population_band": "under_100k",
                                                    "currency": "EUR", "report_language": "en"})
    # session, user, groups, the filters' people and cities, the entries with who and where, session saved
    with django_assert_num_queries(9):
        response = client.get(reverse("people:audit"))
    assert response.content.decode().count("City created") == count
