"""The demo's sample programme: fictional cities in every state, said to be sample data everywhere, seeded once."""
import os
import subprocess
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from kpis.models import DataPoint
from programme.models import Reminder
from reports.services import report_pdf
from submissions.models import City, Cycle, Event, Submission, Value
from verification.models import Assignment, Notification, Query, Review, SignOff

SAMPLE = "Sample data"
MODELS = (City, Cycle, Submission, Value, Value.history.model, Event, Assignment, Review, Query, SignOff,
          Notification, Reminder)


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded(db):
    seed()


def test_seeding_twice_changes_nothing_and_every_state_is_there(db):
    seed()
    first = counts()
    stored = list(Submission.objects.order_by("pk").values_list("pk", "state", "population", "updated_at"))
    seed()
    assert counts() == first
    assert list(Submission.objects.order_by("pk").values_list("pk", "state", "population", "updated_at")) == stored

    alesund = Submission.objects.get(city__slug="alesund", year=2019)
    assert (alesund.state, alesund.city.is_sample) == (Submission.PUBLISHED, False)
    samples = Submission.objects.filter(city__is_sample=True)
    assert set(samples.values_list("state", flat=True)) == {"draft", "submitted", "verified", "published"}
    assert City.objects.filter(is_sample=True).count() == 5
    assert Query.objects.filter(value__submission__in=samples, status=Query.OPEN).count() == 2
    assert not Notification.objects.exists()  # the demo replays past work without mailing anyone
    assert set(Assignment.objects.values_list("verifier__username", flat=True)) == {"verifier"}
    assert sorted(Cycle.objects.values_list("name", flat=True)) == ["2024", "2025"]


def test_sample_values_keep_to_what_each_data_point_allows_and_peers_can_be_compared(seeded):
    values = Value.objects.filter(submission__city__is_sample=True).select_related("data_point")
    for value in values.filter(number__isnull=False):
        point = value.data_point
        assert point.min_value is None or value.number >= point.min_value, value
        assert point.max_value is None or value.number <= point.max_value, value
        if point.value_kind == DataPoint.COUNT:
            assert value.number == value.number.to_integral_value(), value
    assert not values.filter(data_point__value_kind=DataPoint.YES_NO, number__isnull=False).exists()
    signed_off = (values.filter(submission__state__in=("verified", "published"), submission__year=2024).reported()
                  .values("data_point").annotate(cities=Count("submission__city", distinct=True)))
    # Peer ranges need three cities: a few data points a sample city did not report may have fewer.
    assert sum(row["cities"] >= 3 for row in signed_off) >= 100
    # Derived, not copied: the cities differ from one another.
    first = dict(values.filter(submission__city__slug="valdoria", submission__year=2024)
                 .values_list("data_point", "number"))
    second = dict(values.filter(submission__city__slug="nordhavik", submission__year=2024)
                  .values_list("data_point", "number"))
    assert sum(first[key] != second[key] for key in first) > 50


def test_the_dashboard_shows_the_programme_with_an_overdue_draft(seeded, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="secretariat"))
    response = client.get(reverse("programme:dashboard"))
    rows = {(row.city.name, row.year): row for row in response.context["board"].rows}
    assert len(rows) == 15  # Ålesund 2019 and the 14 sample submissions
    assert rows[("Santa Brisa", 2024)].overdue
    assert rows[("Valdoria", 2025)].open_queries == 2
    assert rows[("Lakemere", 2025)].context_from_year == 2024
    assert response.content.decode().count(SAMPLE) >= 13
    assert Counter(row.state for row in rows.values())["published"] >= 6


def test_every_page_of_a_sample_city_and_its_pdf_say_sample_data(seeded, client, tmp_path):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="secretariat"))
    submission = Submission.objects.get(city__slug="valdoria", year=2025)
    category = submission.values.first().data_point.kpi.category_id
    pages = [reverse("submissions:overview", args=[submission.pk]),
             reverse("submissions:entry", args=[submission.pk, category]),
             reverse("verification:review", args=[submission.pk]),
             reverse("reports:submission", args=[submission.pk]),
             reverse("submissions:list"), reverse("verification:worklist"), reverse("reports:index")]
    for url in pages:
        assert SAMPLE in client.get(url).content.decode(), url
    alesund = Submission.objects.get(city__slug="alesund")
    assert SAMPLE not in client.get(reverse("submissions:overview", args=[alesund.pk])).content.decode()

    path = tmp_path / "sample.pdf"
    path.write_bytes(report_pdf(Submission.objects.get(city__slug="valdoria", year=2024)))
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")[:-1]
    assert "Sample data — fictional city" in pages[0]
    assert all("Sample data — fictional city" in page for page in pages[2:])
