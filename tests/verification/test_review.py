"""A verifier reviews each data point: verified, not verified with a reason, or a query."""
import pytest
from django.urls import reverse

from submissions.models import Event
from verification.models import Query, Review
from verification.services import review_bulk_verify

JSON = {"HTTP_ACCEPT": "application/json"}
# The review page's queries: with its rows rendered, and the whole page from the cache (submissions.page_cache).
RENDERED, CACHED = 17, 8


def review_post(client, value, action, **fields):
    review = Review.objects.filter(value=value).first()
    data = {"action": action, "version": value.version, "review_version": review.version if review else 0, **fields}
    return client.post(reverse("verification:value_review", args=[value.pk]), data, **fields.pop("headers", {}))


@pytest.mark.django_db
def test_review_page_groups_data_points_and_shows_value_source_and_band(login, verifier, assigned, reported):
    response = login(verifier).get(reverse("verification:review", args=[assigned.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(">Economy</h2>") < page.index(">Environment</h2>")
    assert "Household Internet Access" in page
    assert "41 %" in page and "City statistics office" in page and "Accurate measurement" in page
    assert page.count('name="selected"') == 3  # only data points the city answered can be selected
    assert page.count('name="message"') == 1  # one verdict form, the page's template, not one per row
    assert 'data-progress="pending">3<' in page


@pytest.mark.django_db
def test_without_the_script_a_rows_review_link_opens_its_form_under_it(login, verifier, assigned, reported):
    url = reverse("verification:review", args=[assigned.pk])
    page = login(verifier).get(f"{url}?open={reported[0].pk}").content.decode()
    assert f'id="panel-{reported[0].pk}"' in page
    assert f'action="{reverse("verification:value_review", args=[reported[0].pk])}"' in page


@pytest.mark.django_db
def test_verified_is_recorded_with_who_and_when_and_the_page_says_so(login, verifier, assigned, reported):
    client = login(verifier)
    response = review_post(client, reported[0], "verified")
    assert response.status_code == 302
    review = Review.objects.get(value=reported[0])
    assert (review.status, review.reviewed_by) == (Review.VERIFIED, verifier)
    event = Event.objects.get(value=reported[0], action="reviewed")
    assert (event.actor, event.from_state, event.to_state) == (verifier, "pending", "verified")
    page = client.get(response.url).content.decode()
    assert "verified." in page and 'data-progress="verified">1<' in page


@pytest.mark.django_db
def test_not_verified_without_a_reason_is_refused_beside_the_field_keeping_the_question(login, verifier, assigned, reported):
    response = review_post(login(verifier), reported[0], "not_verified", message="  ")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Say why this data point is not verified." in page and 'class="invalid-feedback"' in page
    assert f'id="panel-{reported[0].pk}"' in page  # the form stays open under its row
    assert not Review.objects.filter(value=reported[0]).exists()


@pytest.mark.django_db
def test_not_verified_keeps_the_reason(login, verifier, assigned, reported):
    review_post(login(verifier), reported[0], "not_verified", message="The evidence is from 2015.")
    review = Review.objects.get(value=reported[0])
    assert (review.status, review.reason) == (Review.NOT_VERIFIED, "The evidence is from 2015.")


@pytest.mark.django_db
def test_a_query_needs_a_question_and_opens_a_thread(login, verifier, assigned, reported):
    client = login(verifier)
    assert review_post(client, reported[1], "query", message="").status_code == 400
    review_post(client, reported[1], "query", message="Which survey is this from?")
    query = Query.objects.get(value=reported[1])
    assert query.status == Query.OPEN
    assert [m.body for m in query.messages.all()] == ["Which survey is this from?"]
    assert Review.objects.get(value=reported[1]).status == Review.QUERIED


@pytest.mark.django_db
def test_with_the_script_the_answer_is_json_with_the_new_row_and_progress(login, verifier, assigned, reported):
    client = login(verifier)
    value = reported[2]
    response = client.post(reverse("verification:value_review", args=[value.pk]),
                           {"action": "verified", "version": value.version, "review_version": 0}, **JSON)
    data = response.json()
    assert response.status_code == 200 and data["ok"]
    assert data["progress"] == {"pending": 2, "verified": 1, "not_verified": 0, "queried": 0, "returned": 0}
    assert f'id="value-{value.pk}"' in data["row"] and "Verified</span>" in data["row"]
    refused = client.post(reverse("verification:value_review", args=[value.pk]),
                          {"action": "not_verified", "message": "", "version": value.version, "review_version": 1}, **JSON)
    assert refused.status_code == 400
    assert refused.json()["field"] == "message" and "is-invalid" in refused.json()["row"]


@pytest.mark.django_db
def test_the_page_posts_with_the_csrf_token_of_its_forms(verifier, assigned, reported):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(verifier)
    page = client.get(reverse("verification:review", args=[assigned.pk])).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    value = reported[0]
    data = {"action": "verified", "version": value.version, "review_version": 0}
    assert client.post(reverse("verification:value_review", args=[value.pk]), data, **JSON).status_code == 403
    response = client.post(reverse("verification:value_review", args=[value.pk]),
                           {**data, "csrfmiddlewaretoken": token}, **JSON)
    assert response.status_code == 200


@pytest.mark.django_db
def test_mark_the_selected_as_verified(login, verifier, assigned, reported):
    client = login(verifier)
    selected = [f"{v.pk}:{v.version}" for v in reported[:2]]
    response = client.post(reverse("verification:bulk_verify", args=[assigned.pk]), {"selected": selected}, follow=True)
    assert "2 data points marked as verified." in response.content.decode()
    statuses = dict(Review.objects.filter(value__in=reported).values_list("value_id", "status"))
    assert statuses == {reported[0].pk: "verified", reported[1].pk: "verified"}


@pytest.mark.django_db
def test_bulk_leaves_alone_a_value_changed_since_the_page_loaded_and_one_waiting_for_the_city(
        verifier, assigned, reported, city_user):
    from verification.services import query_raise

    from .conftest import values_fill  # noqa: F401
    query_raise(value_id=reported[2].pk, actor=verifier, question="Source?")
    stale = [(reported[0].pk, reported[0].version - 1)]
    result = review_bulk_verify(submission_id=assigned.pk, actor=verifier,
                                items=stale + [(v.pk, v.version) for v in reported[1:]])
    assert [v.pk for v in result.verified] == [reported[1].pk]
    assert [v.pk for v in result.stale] == [reported[0].pk]
    assert [v.pk for v in result.skipped] == [reported[2].pk]


@pytest.mark.django_db
def test_the_review_page_makes_the_same_number_of_queries_with_one_or_three_reviews(
        login, verifier, city_user, assigned, reported, django_assert_num_queries):
    from verification.services import query_answer, query_raise, review_record

    client = login(verifier)
    url = reverse("verification:review", args=[assigned.pk])
    query = query_raise(value_id=reported[0].pk, actor=verifier, question="Which year?")
    with django_assert_num_queries(RENDERED):  # every row rendered
        client.get(url)
    with django_assert_num_queries(CACHED):  # every row from the cache
        client.get(url)
    query_answer(query_id=query.pk, actor=city_user, body="2021.")
    query_raise(value_id=reported[0].pk, actor=verifier, question="And the source?")
    review_record(value_id=reported[1].pk, actor=verifier, status="verified")
    review_record(value_id=reported[2].pk, actor=verifier, status="not_verified", reason="No evidence.")
    with django_assert_num_queries(RENDERED - 1):  # the changed rows rendered again, the names from the cache
        client.get(url)
    with django_assert_num_queries(CACHED):
        client.get(url)
