"""The overview kept whole in the cache (submissions.page_cache): whatever changes shows on the next request."""
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from kpis.models import Category
from people.services import person_update
from submissions import roles
from submissions.models import Submission, Value
from submissions.services import ValueInput, city_update, submission_state_change, value_set
from verification.services import assignment_create, query_answer, query_raise


def overview(client, submission):
    response = client.get(reverse("submissions:overview", args=[submission.pk]))
    assert response.status_code == 200
    return response.content.decode()


def first_number_value(submission):
    return (Value.objects.filter(submission=submission, data_point__value_kind="percent")
            .select_related("data_point").order_by("pk").first())


@pytest.mark.django_db
def test_a_value_saved_shows_at_once_in_the_progress(client, city_user, submission):
    client.force_login(city_user)
    assert "<strong>0 / 112</strong>" in overview(client, submission)
    value_set(value_id=first_number_value(submission).pk, actor=city_user,
              data=ValueInput(number=Decimal("12"), source="Survey"))
    assert "<strong>1 / 112</strong>" in overview(client, submission)


@pytest.mark.django_db
def test_a_city_renamed_shows_at_once(client, city, city_user, submission):
    client.force_login(city_user)
    assert "Ålesund 2021" in overview(client, submission)
    city_update(city=city, slug=city.slug, name="Aalesund", country=city.country,
                population_band=city.population_band, currency=city.currency, report_language=city.report_language)
    assert "Aalesund 2021" in overview(client, submission)


@pytest.mark.django_db
def test_a_catalogue_name_and_the_language_show_at_once(client, city_user, submission):
    client.force_login(city_user)
    category = Category.objects.get(name="Transport")
    assert ">Transport</a>" in overview(client, submission)
    category.name = "Mobility"
    category.save()
    assert ">Mobility</a>" in overview(client, submission)
    assert "By dimension and category" in overview(client, submission)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = overview(client, submission)
    assert "Par dimension et par catégorie" in page and "By dimension and category" not in page


@pytest.mark.django_db
def test_a_query_raised_then_answered_shows_at_once(client, city_user, verifier, secretariat, submission):
    value = first_number_value(submission)
    value_set(value_id=value.pk, actor=city_user, data=ValueInput(number=Decimal("12"), source="Survey"))
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    client.force_login(city_user)
    assert "Which survey year?" not in overview(client, submission)
    query = query_raise(value_id=value.pk, actor=verifier, question="Which survey year?")
    assert "Which survey year?" in overview(client, submission)
    query_answer(query_id=query.pk, actor=city_user, body="2021.")
    assert "Which survey year?" not in overview(client, submission)


@pytest.mark.django_db
def test_the_submit_button_follows_the_state_and_the_viewer(client, city_user, verifier, secretariat, submission):
    client.force_login(city_user)
    submit = reverse("submissions:submit", args=[submission.pk])
    assert submit in overview(client, submission)
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assert submit not in overview(client, submission)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    client.force_login(verifier)
    assert "Edit the context figures" not in overview(client, submission)


@pytest.mark.django_db
def test_a_person_moved_to_another_city_gets_no_cached_overview(client, city_user, other_city, secretariat, submission):
    client.force_login(city_user)
    overview(client, submission)
    person_update(actor=secretariat, person=city_user, role=roles.CITY_STAFF, cities=[other_city])
    assert client.get(reverse("submissions:overview", args=[submission.pk])).status_code == 404
