"""The console is the secretariat's, as a group role: no staff status, no superuser; 403 for every other role."""
import pytest
from django.test import Client
from django.urls import reverse


def console_pages(city, person):
    return [reverse("people:people_list"), reverse("people:invite"), reverse("people:person", args=[person.pk]),
            reverse("people:city_list"), reverse("people:city_create"), reverse("people:city_edit", args=[city.pk]),
            reverse("people:audit")]


@pytest.mark.django_db
def test_the_secretariat_opens_every_console_page_without_staff_status(signed_in, secretariat, city, city_user):
    assert not secretariat.is_staff and not secretariat.is_superuser
    client = signed_in(secretariat)
    assert {page: client.get(page).status_code for page in console_pages(city, city_user)} == {
        page: 200 for page in console_pages(city, city_user)}
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("people:people_list")}">People<' in home and f'href="{reverse("people:city_list")}">Manage cities<' in home


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["city_user", "other_city_user", "verifier"])
def test_every_other_role_is_refused_and_sees_no_console_link(signed_in, request, role, city, city_user):
    client = signed_in(request.getfixturevalue(role))
    assert {client.get(page).status_code for page in console_pages(city, city_user)} == {403}
    assert client.post(reverse("people:deactivate", args=[city_user.pk])).status_code == 403
    assert reverse("people:people_list") + '"' not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(city, city_user):
    for page in console_pages(city, city_user):
        response = Client().get(page)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
