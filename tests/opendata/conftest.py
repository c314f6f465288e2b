"""Fixtures of the open data tests: Ålesund 2019 published, a world of many published cities, a clean cache."""
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from kpis.models import DataPoint
from kpis.selectors import edition_current
from submissions.models import City, Submission, Value
from submissions.services import submission_state_change


@pytest.fixture
def published_alesund(alesund, eager_tasks):
    """The demo's Ålesund 2019, published by the secretariat as seed_demo leaves it (the bulk files are
    built as the publication commits, or before they are served)."""
    if alesund.state != Submission.PUBLISHED:
        secretariat = get_user_model().objects.get(username="secretariat")
        submission_state_change(submission_id=alesund.pk, actor=secretariat, to_state=Submission.PUBLISHED)
        alesund.refresh_from_db()
    return alesund


def cities_publish(count, years=(2019, 2020, 2021), *, sample=True, prefix="sample"):
    """count cities with a published submission per year and a scored value per data point, made in bulk."""
    edition = edition_current()
    data_points = list(DataPoint.objects.filter(kpi__category__dimension__edition=edition).order_by("pk"))
    cities = City.objects.bulk_create([
        City(slug=f"{prefix}-{n}", name=f"Samplecity {prefix} {n}", country="Sampleland", is_sample=sample)
        for n in range(count)
    ])
    submissions = Submission.objects.bulk_create([
        Submission(city=city, year=year, edition=edition, state=Submission.PUBLISHED, population=50000)
        for city in cities for year in years
    ])
    Value.objects.bulk_create([
        Value(submission=submission, data_point=point, number=Decimal(10 + n % 90), source="Sample",
              data_quality="accurate", score_status=Value.SCORED, percent_of_target=Decimal(20 + n % 80),
              band=1 + n % 4, scored_target=Decimal(100), scored_direction="higher")
        for submission in submissions for n, point in enumerate(data_points)
    ], batch_size=5000)
    return submissions
