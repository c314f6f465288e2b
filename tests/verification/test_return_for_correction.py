"""Return one value for correction: only it opens to the city; the correction comes back with old → new, who, why."""
import pytest
from django.urls import reverse

from submissions.models import Value
from verification.models import Notification, Query, Review
from verification.services import value_return


def return_post(client, value, message):
    return client.post(reverse("verification:value_review", args=[value.pk]),
                       {"action": "return", "message": message, "version": value.version, "review_version": 0})


@pytest.mark.django_db
def test_a_returned_value_alone_becomes_editable_by_the_city(login, verifier, city_user, assigned, reported):
    response = return_post(login(verifier), reported[0], "The 2021 survey says 38 %, not 41 %.")
    assert response.status_code == 302
    review = Review.objects.get(value=reported[0])
    assert (review.status, review.get_status_display()) == (Review.RETURNED, "Returned for correction")
    query = Query.objects.get(value=reported[0])
    assert (query.kind, query.status) == (Query.CORRECTION, Query.OPEN)
    assert Notification.objects.filter(kind=Notification.RETURNED, query=query).exists()
    editable = set(Value.objects.editable_by(city_user).filter(submission=assigned).values_list("pk", flat=True))
    assert editable == {reported[0].pk}


@pytest.mark.django_db
def test_a_return_needs_a_message(login, verifier, assigned, reported):
    response = return_post(login(verifier), reported[0], " ")
    assert response.status_code == 400
    assert "Say what the city should correct." in response.content.decode()
    assert not Query.objects.filter(value=reported[0]).exists()


@pytest.mark.django_db
def test_the_citys_correction_comes_back_with_old_new_who_and_why(client, login, verifier, city_user, assigned, reported):
    value = reported[0]
    value_return(value_id=value.pk, actor=verifier, message="Check the survey year.")
    city = login(city_user)
    response = city.post(reverse("submissions:value_edit", args=[value.pk]), {
        f"v{value.pk}-version": value.version, f"v{value.pk}-value": "38", f"v{value.pk}-source": value.source,
        f"v{value.pk}-data_quality": value.data_quality, "why": "The 2021 survey, not 2020.",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    query = Query.objects.get(value=value)
    assert (query.status, query.corrected_from, query.corrected_to) == (Query.ANSWERED, "41 %", "38 %")
    assert (query.corrected_by, query.correction_reason) == (city_user, "The 2021 survey, not 2020.")
    assert Review.objects.get(value=value).status == Review.PENDING
    assert Notification.objects.filter(kind=Notification.CORRECTED, query=query).exists()
    assert not Value.objects.editable_by(city_user).filter(pk=value.pk).exists()  # locked again
    client.logout()
    page = login(verifier).get(reverse("verification:review", args=[assigned.pk])).content.decode()
    assert "Corrected: <del>41 %</del> → <ins>38 %</ins>, city: “The 2021 survey, not 2020.”" in page


@pytest.mark.django_db
def test_a_returned_value_counts_in_the_progress_and_blocks_the_sign_off_until_corrected(verifier, assigned, reported):
    from verification.selectors import progress_by_submission, sign_off_blockers

    value_return(value_id=reported[0].pk, actor=verifier, message="Check the year.")
    progress = progress_by_submission([assigned.pk])[assigned.pk]
    assert (progress.returned, progress.total) == (1, 3)
    assert "1 query thread still open." in sign_off_blockers(assigned)
