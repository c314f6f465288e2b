"""The secretariat manages the catalogue, targets, cities and users in the admin without being a superuser,
and can give nobody more rights than a role."""
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from kpis.models import KPI, DataPoint, Target
from kpis.selectors import edition_current
from submissions.models import City
from submissions import roles

from ..conftest import PASSWORD

# Every admin page the secretariat works on (README: catalogue, targets, cities, users, report texts).
PAGES = [
    ("admin:index", None),
    ("admin:kpis_target_changelist", None),
    ("admin:kpis_target_change", "target"),  # read-only: targets change on the targets page
    ("admin:kpis_edition_changelist", None),
    ("admin:kpis_dimension_changelist", None),
    ("admin:kpis_subdimension_changelist", None),
    ("admin:kpis_category_changelist", None),
    ("admin:kpis_kpi_changelist", None),
    ("admin:kpis_kpi_change", "kpi"),
    ("admin:kpis_datapoint_changelist", None),
    ("admin:submissions_city_changelist", None),
    ("admin:submissions_city_add", None),
    ("admin:submissions_city_change", "city"),
    ("admin:submissions_membership_changelist", None),
    ("admin:reports_reporttext_changelist", None),
    ("admin:reports_reporttext_add", None),
    ("admin:auth_user_changelist", None),
    ("admin:auth_user_add", None),
    ("admin:auth_user_change", "person"),
    ("admin:auth_user_password_change", "person"),
]


@pytest.fixture
def staff_secretariat(make_user):
    """A secretariat member as seed_demo and the README make one: staff, in the group, not a superuser."""
    return make_user("amina", roles.SECRETARIAT, is_staff=True)


@pytest.fixture
def superuser(make_user):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def objects(city, city_user):
    return {"target": Target.objects.first(), "kpi": KPI.objects.first(), "city": city, "person": city_user}


def page_url(name, needs, objects):
    return reverse(name, args=[objects[needs].pk]) if needs else reverse(name)


def admin_form(user, **changes):
    """What the admin's change form for `user` posts, with some fields changed."""
    data = {"username": user.username, "first_name": user.first_name, "last_name": user.last_name,
            "email": user.email, "is_active": "on", "date_joined_0": "2026-01-05", "date_joined_1": "09:00:00",
            "groups": [group.pk for group in user.groups.all()]}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
@pytest.mark.parametrize("name, needs", PAGES)
def test_the_secretariat_opens_each_admin_page_it_works_on(client, staff_secretariat, objects, name, needs):
    client.force_login(staff_secretariat)
    assert client.get(page_url(name, needs, objects)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name, needs", PAGES)
def test_city_staff_and_verifiers_are_sent_to_the_admin_log_in(client, verifier, objects, name, needs):
    for person in (objects["person"], verifier):
        client.force_login(person)
        response = client.get(page_url(name, needs, objects))
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("name, needs", [page for page in PAGES if page[0] != "admin:index"])
def test_staff_status_without_the_secretariat_role_opens_none_of_them(client, make_user, objects, name, needs):
    client.force_login(make_user("staff-only", roles.VERIFIER, is_staff=True))
    assert client.get(page_url(name, needs, objects)).status_code == 403


@pytest.mark.django_db
def test_the_secretariat_imports_targets_from_a_file(client, staff_secretariat):
    data_point = DataPoint.objects.filter(target__direction="higher").select_related("kpi").first()
    row = f"{data_point.kpi.code},{data_point.name},higher,77,Secretariat decision\n"
    upload = SimpleUploadedFile("targets.csv", ("code,data_point,direction,target,source\n" + row).encode())
    client.force_login(staff_secretariat)
    response = client.post(reverse("kpis:targets_import"),
                           {"edition": edition_current().pk, "file": upload, "reason": "Secretariat decision"})
    assert response.status_code == 302, response.content.decode()
    assert Target.objects.get(data_point=data_point).value == 77


@pytest.mark.django_db
def test_the_secretariat_adds_a_city_and_a_person_with_a_role(client, staff_secretariat, django_user_model):
    client.force_login(staff_secretariat)
    response = client.post(reverse("admin:submissions_city_add"), {
        "name": "Biel/Bienne", "country": "Switzerland", "slug": "biel-bienne", "report_language": "fr",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()
    assert City.objects.get(slug="biel-bienne").report_language == "fr"

    response = client.post(reverse("admin:auth_user_add"), {
        "username": "lea", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    lea = django_user_model.objects.get(username="lea")
    response = client.post(reverse("admin:auth_user_change", args=[lea.pk]),
                           admin_form(lea, email="lea@biel.example", groups=[Group.objects.get(name=roles.CITY_STAFF).pk]))
    assert response.status_code == 302, response.content.decode()
    lea.refresh_from_db()
    assert lea.email == "lea@biel.example" and roles.is_city_staff(lea)


@pytest.mark.django_db
def test_the_secretariat_cannot_make_anyone_a_superuser(client, staff_secretariat, city_user):
    client.force_login(staff_secretariat)
    response = client.post(reverse("admin:auth_user_change", args=[city_user.pk]),
                           admin_form(city_user, is_superuser="on"))
    assert response.status_code == 302
    city_user.refresh_from_db()
    assert not city_user.is_superuser
    assert "is_superuser" not in client.get(reverse("admin:auth_user_change", args=[city_user.pk])).content.decode()


@pytest.mark.django_db
def test_the_secretariat_cannot_grant_single_permissions(client, staff_secretariat, city_user):
    client.force_login(staff_secretariat)
    permission = Permission.objects.get(codename="delete_user")
    response = client.post(reverse("admin:auth_user_change", args=[city_user.pk]),
                           admin_form(city_user, user_permissions=[permission.pk]))
    assert response.status_code == 302
    assert not city_user.user_permissions.exists()


@pytest.mark.django_db
def test_the_secretariat_gives_only_the_three_roles_and_keeps_other_groups(client, staff_secretariat, city_user):
    auditors = Group.objects.create(name="Auditors")
    auditors.permissions.add(Permission.objects.get(codename="delete_user"))
    client.force_login(staff_secretariat)
    response = client.post(reverse("admin:auth_user_change", args=[city_user.pk]),
                           admin_form(city_user, groups=[auditors.pk]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(city_user.groups.values_list("name", flat=True)) == [roles.CITY_STAFF]

    city_user.groups.add(auditors)  # given by a superuser
    verifier_group = Group.objects.get(name=roles.VERIFIER)
    response = client.post(reverse("admin:auth_user_change", args=[city_user.pk]),
                           admin_form(city_user, groups=[verifier_group.pk]))
    assert response.status_code == 302
    assert sorted(city_user.groups.values_list("name", flat=True)) == ["Auditors", roles.VERIFIER]


@pytest.mark.django_db
def test_the_secretariat_cannot_change_a_superuser(client, staff_secretariat, superuser):
    client.force_login(staff_secretariat)
    response = client.post(reverse("admin:auth_user_change", args=[superuser.pk]),
                           admin_form(superuser, email="taken@example.org", is_superuser="on"))
    assert response.status_code == 403
    response = client.post(reverse("admin:auth_user_password_change", args=[superuser.pk]),
                           {"password1": "a-takeover-secret-99", "password2": "a-takeover-secret-99"})
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "root@example.org" and superuser.check_password(PASSWORD)


@pytest.mark.django_db
def test_the_secretariat_deletes_no_account(client, staff_secretariat, city_user):
    client.force_login(staff_secretariat)
    assert client.post(reverse("admin:auth_user_delete", args=[city_user.pk]), {"post": "yes"}).status_code == 403
    assert type(city_user).objects.filter(pk=city_user.pk).exists()


@pytest.mark.django_db
def test_a_superuser_still_has_the_whole_user_form(client, superuser, city_user):
    client.force_login(superuser)
    page = client.get(reverse("admin:auth_user_change", args=[city_user.pk])).content.decode()
    assert 'name="is_superuser"' in page and 'name="user_permissions"' in page


@pytest.mark.django_db
def test_an_existing_database_gets_the_secretariat_permissions_on_migrate():
    secretariat = Group.objects.get(name=roles.SECRETARIAT)
    secretariat.permissions.clear()  # as a database migrated before the permissions were granted
    call_command("migrate", verbosity=0)
    granted = set(secretariat.permissions.values_list("content_type__app_label", "codename"))
    catalogue = ("edition", "dimension", "subdimension", "category", "kpi", "datapoint", "target")
    assert granted == {("kpis", f"{action}_{model}") for model in catalogue for action in ("view", "add", "change", "delete")} | {
        ("auth", "view_user"), ("auth", "add_user"), ("auth", "change_user")}
