"""No open data endpoint, file or public page ever shows a submission that is not published: drafts,
submitted, signed-off and withdrawn ones stay out, for every URL of the API and of /open-data/."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from kpis.models import KPI
from submissions.models import Submission, Value
from submissions.services import submission_state_change

from ..security.site_urls import site_urls
from .conftest import cities_publish

pytestmark = pytest.mark.django_db

OPEN_DATA = ("opendata:", "open_data:")


@pytest.fixture
def hidden(published_alesund, django_capture_on_commit_callbacks):
    """A city with a draft, a submitted and a signed-off year, and one whose publication was withdrawn."""
    draft, submitted, verified = cities_publish(1, prefix="hidden")
    for submission, state in ((draft, Submission.DRAFT), (submitted, Submission.SUBMITTED),
                              (verified, Submission.VERIFIED)):
        Submission.objects.filter(pk=submission.pk).update(state=state)
    Value.objects.filter(submission__city=draft.city).update(source="Unpublished office")
    withdrawn = cities_publish(1, years=(2018,), prefix="withdrawn")[0]
    secretariat = get_user_model().objects.get(username="secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        submission_state_change(submission_id=withdrawn.pk, actor=secretariat, to_state=Submission.SUBMITTED,
                                reason="Withdrawn")
    return [draft, submitted, verified, withdrawn]


def url_arguments(name, params, hidden_submission, hidden_value):
    """Detail URLs are asked for the hidden objects; catalogue details for a real KPI."""
    catalogue = {"opendata:kpi-detail": KPI.objects.first().pk}
    if "slug" in params:
        return {"slug": hidden_submission.city.slug}
    if "pk" in params:
        if name in catalogue:
            return {"pk": catalogue[name]}
        return {"pk": hidden_value.pk if name == "opendata:value-detail" else hidden_submission.pk}
    return {}


def body_of(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


def test_no_open_data_url_shows_an_unpublished_submission(hidden):
    urls = [url for url in site_urls() if url.name.startswith(OPEN_DATA)]
    assert len(urls) >= 20
    client = Client()
    seen_alesund = 0
    for submission in hidden:
        value = submission.values.first()
        for url in urls:
            address = reverse(url.name, kwargs=url_arguments(url.name, url.params, submission, value))
            response = client.get(address)
            body = body_of(response)
            assert response.status_code in (200, 404), address
            leaks = ("Samplecity", "hidden-0", "withdrawn-0", "Unpublished office")
            assert not [leak for leak in leaks if leak in body], address
            if url.name in ("opendata:city-detail", "opendata:submission-detail", "opendata:value-detail"):
                assert response.status_code == 404, address
            seen_alesund += "alesund" in body
    assert seen_alesund > 0  # the published Ålesund is there: the check looks at real answers


def test_the_sdg_page_of_an_unpublished_submission_is_not_public(client, hidden, published_alesund):
    for submission in hidden:
        assert client.get(reverse("reports:sdg", args=[submission.pk])).status_code == 404
    assert client.get(reverse("reports:sdg", args=[published_alesund.pk])).status_code == 200


def test_the_api_lists_only_published_cities_and_submissions(client, hidden):
    cities = client.get("/api/v1/cities/").json()["results"]
    submissions = client.get("/api/v1/submissions/").json()["results"]

    assert [city["slug"] for city in cities] == ["alesund"]
    assert cities[0]["published_years"] == [2019]
    assert [(s["city"], s["year"]) for s in submissions] == [("alesund", 2019)]
    assert client.get("/api/v1/values/").json()["count"] == 112
