"""Query threads between the verifier and the city: ask, answer, edit, ask again, close."""
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from submissions.models import Event
from submissions.services import ValueInput, value_set
from verification.models import Query, Review
from verification.services import query_answer, query_raise, review_record


@pytest.fixture
def query(verifier, reported):
    return query_raise(value_id=reported[0].pk, actor=verifier, question="Which survey gives 41 %?")


def open_queries_html(user, submission):
    """The box of the verifier's questions on this person's overview of the submission; "" when none shows."""
    client = Client()
    client.force_login(user)
    response = client.get(reverse("submissions:overview", args=[submission.pk]))
    if response.status_code == 404:
        return ""
    html = response.content.decode()
    start = html.find('aria-labelledby="open-queries-title"')
    return "" if start == -1 else html[start:html.index("</ul>", start)]


@pytest.mark.django_db
def test_the_city_sees_its_open_queries_on_its_overview(city_user, other_city_user, verifier, assigned, query):
    html = open_queries_html(city_user, assigned)
    assert "Which survey gives 41 %?" in html
    assert reverse("verification:query", args=[query.pk]) in html
    assert open_queries_html(other_city_user, assigned).strip() == ""
    assert open_queries_html(verifier, assigned).strip() == ""


@pytest.mark.django_db
def test_the_city_answers_on_the_thread_and_the_data_point_is_pending_again(login, city_user, assigned, query):
    client = login(city_user)
    url = reverse("verification:query", args=[query.pk])
    page = client.get(url).content.decode()
    assert "Which survey gives 41 %?" in page and "Send the answer" in page
    response = client.post(url, {"body": "The 2021 household survey, attached."}, follow=True)
    assert "Your answer was sent to the verifier." in response.content.decode()
    query.refresh_from_db()
    assert query.status == Query.ANSWERED
    assert [m.body for m in query.messages.all()][-1] == "The 2021 household survey, attached."
    assert Review.objects.get(value=query.value).status == Review.PENDING
    assert Event.objects.filter(value=query.value, action="query_answered", from_state="queried",
                                to_state="pending").exists()
    assert open_queries_html(city_user, assigned).strip() == ""


@pytest.mark.django_db
def test_an_empty_answer_is_refused_beside_the_field(login, city_user, assigned, query):
    response = login(city_user).post(reverse("verification:query", args=[query.pk]), {"body": " "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert query.messages.count() == 1


@pytest.mark.django_db
def test_a_city_edit_of_a_queried_value_sends_it_back_to_pending(city_user, assigned, query):
    value = query.value
    value_set(value_id=value.pk, actor=city_user, expected_version=value.version,
              data=ValueInput(number=Decimal("38.5"), source="Household survey 2021", data_quality="survey"))
    assert Review.objects.get(value=value).status == Review.PENDING
    assert Event.objects.filter(value=value, action="review_reset", from_state="queried").exists()


@pytest.mark.django_db
def test_changing_a_verified_value_resets_its_review(verifier, secretariat, assigned, reported):
    review_record(value_id=reported[1].pk, actor=verifier, status="verified")
    value_set(value_id=reported[1].pk, actor=secretariat, data=ValueInput(number=Decimal("12")))
    review = Review.objects.get(value=reported[1])
    assert (review.status, review.reviewed_by) == (Review.PENDING, None)


@pytest.mark.django_db
def test_the_verifier_asks_again_on_the_thread_and_a_verdict_closes_it(login, verifier, city_user, assigned, query):
    query_answer(query_id=query.pk, actor=city_user, body="Our own count.")
    value = query.value
    client = login(verifier)
    url = reverse("verification:query", args=[query.pk])
    client.post(url, {"question": "Please attach it.", "version": value.version, "review_version": 2})
    query.refresh_from_db()
    assert query.status == Query.OPEN and query.messages.count() == 3
    assert Review.objects.get(value=value).status == Review.QUERIED
    review_record(value_id=value.pk, actor=verifier, status="verified")
    query.refresh_from_db()
    assert query.status == Query.CLOSED
    assert Event.objects.filter(value=value, action="query_closed", from_state="open").exists()


@pytest.mark.django_db
def test_the_city_cannot_answer_a_closed_query_and_cannot_review(login, city_user, verifier, assigned, query):
    review_record(value_id=query.value_id, actor=verifier, status="not_verified", reason="No source.")
    client = login(city_user)
    page = client.get(reverse("verification:query", args=[query.pk])).content.decode()
    assert "Send the answer" not in page
    response = client.post(reverse("verification:query", args=[query.pk]), {"question": "forged"})
    assert response.status_code == 403
