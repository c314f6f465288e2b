"""The entry page's cached pieces (submissions.entry_fragments): whatever changes shows on the next request."""
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kpis.models import DataPoint
from people.services import person_update
from submissions.evidence import check_upload
from submissions.models import Submission, Value
from submissions import roles
from submissions.page_cache import CSRF_SLOT
from submissions.services import ValueInput, evidence_add, submission_context_set, submission_state_change, value_set
from verification.services import assignment_create, query_raise

from ..verification.workbench import signed_off
from .conftest import category_post, entry_url, pdf_bytes


def _value(submission, transport):
    return (Value.objects.filter(submission=submission, data_point__kpi__category=transport)
            .exclude(data_point__value_kind=DataPoint.YES_NO)
            .select_related("data_point").order_by("pk").first())


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_value_saved_by_someone_else_shows_at_once_with_its_new_version(
        client, make_user, city, city_user, submission, transport):
    value = _value(submission, transport)
    colleague = make_user("colleague", roles.CITY_STAFF, city=city)
    client.force_login(city_user)
    url = entry_url(submission, transport)
    first = _page(client, url)
    assert f'name="v{value.pk}-version" value="0"' in first
    value_set(value_id=value.pk, actor=colleague, data=ValueInput(number=Decimal("12"), source="Ministry survey"))
    page = _page(client, url)
    assert f'name="v{value.pk}-version" value="1"' in page  # a save from the cached page is not refused as stale
    assert 'value="Ministry survey"' in page
    assert "Last saved by colleague" in page


@pytest.mark.django_db
def test_a_catalogue_name_changed_shows_at_once_in_its_language(client, city_user, submission, transport):
    value = _value(submission, transport)
    client.force_login(city_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    url = entry_url(submission, transport)
    assert "Nom corrigé du point de données" not in _page(client, url)
    data_point = DataPoint.objects.get(pk=value.data_point_id)
    data_point.name_fr = "Nom corrigé du point de données"
    data_point.save()
    assert "Nom corrigé du point de données" in _page(client, url)


@pytest.mark.django_db
def test_evidence_attached_shows_at_once(client, city_user, submission, transport):
    value = _value(submission, transport)
    client.force_login(city_user)
    url = entry_url(submission, transport)
    assert "traffic-count.pdf" not in _page(client, url)
    upload = check_upload(SimpleUploadedFile("traffic-count.pdf", pdf_bytes()))
    evidence_add(submission_id=submission.pk, value_id=value.pk, upload=upload, actor=city_user)
    assert "traffic-count.pdf" in _page(client, url)


@pytest.mark.django_db
def test_the_language_switch_shows_at_once(client, city_user, submission, transport):
    client.force_login(city_user)
    url = entry_url(submission, transport)
    assert "Source of the data" in _page(client, url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = _page(client, url)
    assert "Source of the data" not in page
    assert "Source des données" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Source of the data" in _page(client, url)


@pytest.mark.django_db
@pytest.mark.parametrize("first", ["editor", "reader"])
def test_a_reader_never_gets_the_editors_forms_nor_the_editor_the_readers_page(
        client, city_user, verifier, secretariat, submission, transport, first):
    """Submitted: the secretariat may still change the values, the assigned verifier only reads them."""
    value = _value(submission, transport)
    value_set(value_id=value.pk, actor=city_user, data=ValueInput(number=Decimal("7"), source="Survey"))
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    url = entry_url(submission, transport)
    people = {"editor": secretariat, "reader": verifier}
    pages = {}
    for who in (["editor", "reader"] if first == "editor" else ["reader", "editor"]):
        client.force_login(people[who])
        pages[who] = _page(client, url)
    assert f'name="v{value.pk}-version"' in pages["editor"]
    assert f'name="v{value.pk}-version"' not in pages["reader"]
    assert "You can read these values; they cannot be changed now." in pages["reader"]
    assert "Survey" in pages["reader"]


@pytest.mark.django_db
def test_the_secretariat_reads_what_the_city_can_no_longer_change_after_submitting(
        client, city_user, secretariat, submission, transport):
    """The same values, a form for one person and read-only for another, never mixed up by the cache."""
    value = _value(submission, transport)
    value_set(value_id=value.pk, actor=city_user, data=ValueInput(number=Decimal("7"), source="Survey"))
    url = entry_url(submission, transport)
    client.force_login(city_user)
    assert f'name="v{value.pk}-version"' in _page(client, url)
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    city_page = _page(client, url)
    assert f'name="v{value.pk}-version"' not in city_page
    assert "You can read these values; they cannot be changed now." in city_page
    client.force_login(secretariat)
    assert f'name="v{value.pk}-version"' in _page(client, url)
    client.force_login(city_user)
    assert f'name="v{value.pk}-version"' not in _page(client, url)


@pytest.mark.django_db
def test_a_query_raised_shows_at_once_and_opens_the_value_to_the_city(
        client, city_user, verifier, secretariat, submission, transport):
    value = _value(submission, transport)
    value_set(value_id=value.pk, actor=city_user, data=ValueInput(number=Decimal("7"), source="Survey"))
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    client.force_login(city_user)
    url = entry_url(submission, transport)
    page = _page(client, url)
    assert "The verifier has a question about this value." not in page
    assert f'name="v{value.pk}-version"' not in page
    query_raise(value_id=value.pk, actor=verifier, question="Which year?")
    page = _page(client, url)
    assert "The verifier has a question about this value." in page
    assert f'name="v{value.pk}-version"' in page


@pytest.mark.django_db
def test_last_cycle_signed_off_shows_at_once(client, city, city_user, verifier, secretariat, submission, transport):
    value = _value(submission, transport)
    client.force_login(city_user)
    url = entry_url(submission, transport)
    assert "Last cycle (2020, verified)" not in _page(client, url)
    signed_off(city=city, year=2020, actor=city_user, verifier=verifier, secretariat=secretariat, base=40,
               only=[value.data_point.kpi.code])
    assert "Last cycle (2020, verified)" in _page(client, url)


# ---- the whole page body, kept under the stamps of what it shows (submissions.page_cache)

@pytest.mark.django_db
def test_each_request_gets_its_own_csrf_token_in_the_cached_page(city_user, submission, transport):
    url = entry_url(submission, transport)
    clients = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    tokens = []
    for each in clients:
        each.force_login(city_user)
        page = _page(each, url)
        assert CSRF_SLOT not in page
        form = page[page.index('class="entry-form">'):]
        tokens.append(form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0])
    assert all(tokens) and tokens[0] != tokens[1]
    value = _value(submission, transport)
    data = category_post(submission, transport, {value.pk: {"number": "9", "source": "Survey"}})
    assert clients[0].post(url, {**data, "csrfmiddlewaretoken": tokens[0]}).status_code == 302
    assert f'name="v{value.pk}-version" value="1"' in _page(clients[1], url)


@pytest.mark.django_db
def test_a_person_who_loses_the_citys_membership_gets_no_cached_page(
        client, city, other_city, city_user, secretariat, submission, transport):
    url = entry_url(submission, transport)
    client.force_login(city_user)
    assert f'name="v{_value(submission, transport).pk}-version"' in _page(client, url)
    person_update(actor=secretariat, person=city_user, role=roles.CITY_STAFF, cities=[other_city])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_role_taken_away_leaves_no_editable_page(client, city, city_user, secretariat, submission, transport):
    """Still a member of the city, but no longer city staff: the values are no longer theirs to change."""
    url = entry_url(submission, transport)
    value = _value(submission, transport)
    client.force_login(secretariat)
    assert f'name="v{value.pk}-version"' in _page(client, url)
    secretariat.groups.clear()
    response = client.get(url)
    assert response.status_code == 404 or f'name="v{value.pk}-version"' not in response.content.decode()


@pytest.mark.django_db
def test_the_population_changed_shows_at_once(client, city_user, submission, transport):
    url = reverse("submissions:overview", args=[submission.pk])
    client.force_login(city_user)
    assert "987,654" not in _page(client, url) and "987654" not in _page(client, url)
    submission_context_set(submission_id=submission.pk, actor=city_user, population=987654)
    page = _page(client, url)
    assert "987,654" in page or "987 654" in page or "987654" in page


@pytest.mark.django_db
def test_a_page_saved_then_read_again_shows_the_new_value_and_version(client, city_user, submission, transport):
    value = _value(submission, transport)
    url = entry_url(submission, transport)
    client.force_login(city_user)
    assert f'name="v{value.pk}-version" value="0"' in _page(client, url)
    response = client.post(url, category_post(submission, transport, {value.pk: {"number": "9", "source": "Survey"}}))
    assert response.status_code == 302
    page = _page(client, url)
    assert f'name="v{value.pk}-version" value="1"' in page and 'value="Survey"' in page
