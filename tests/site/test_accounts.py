"""Log in, log out, change password; the demo users of every role."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from u4ssc_site.management.commands.seed_demo import DEMO_USERS
from tests.conftest import PASSWORD
from submissions import roles


@pytest.mark.django_db
def test_login_and_logout(client, city_user):
    response = client.post(reverse("login"), {"username": "city", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].is_authenticated
    client.post(reverse("logout"))
    assert not client.get(reverse("home")).context["user"].is_authenticated


@pytest.mark.django_db
def test_bad_password_shows_a_message_and_keeps_the_username(client, city_user):
    response = client.post(reverse("login"), {"username": "city", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct username and password" in page
    assert 'value="city"' in page


@pytest.mark.django_db
def test_password_change_enforces_the_validators(client, city_user):
    client.force_login(city_user)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "short", "new_password2": "short"})
    assert "at least 12 characters" in response.content.decode()
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "a-much-longer-secret-77", "new_password2": "a-much-longer-secret-77"})
    assert response.status_code == 302
    city_user.refresh_from_db()
    assert city_user.check_password("a-much-longer-secret-77")


@pytest.mark.django_db
def test_seed_demo_creates_one_user_per_role_and_runs_twice(alesund):
    from django.core.management import call_command
    import io

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    User = get_user_model()
    for username, _, _, role, password in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert password in out.getvalue()
        assert list(user.groups.values_list("name", flat=True)) == [role]
    assert alesund.values.count() == 112
    assert roles.is_secretariat(User.objects.get(username="secretariat"))
