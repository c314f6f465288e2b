"""Factories of the public pages' tests: cities with submissions over the years, in any state.

Values are stored and scored the way value_set scores them (submissions.scores.value_score),
in bulk, so that fifty cities over three years are built in seconds.
"""
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from kpis.models import DataPoint
from kpis.selectors import edition_current
from reports.models import ReportRequest
from submissions.models import City, Submission, Value
from submissions.scores import SCORE_FIELDS, value_score
from submissions.services import city_create, submission_create

BROADBAND = ("EC: ICT: ICT: 2C", "Fixed Broadband Subscriptions")


def broadband():
    return DataPoint.objects.get(kpi__code=BROADBAND[0], name=BROADBAND[1],
                                 kpi__category__dimension__edition=edition_current())


def make_city(slug, name=None, country="Norway", is_sample=False, population_band=None):
    city = city_create(slug=slug, name=name or slug.title(), country=country, population_band=population_band)
    if is_sample:
        City.objects.filter(pk=city.pk).update(is_sample=True)
        city.refresh_from_db()
    return city


def make_submission(city, year, **options):
    return make_submissions([city], year, **options)[0]


def make_submissions(cities, year, *, state=Submission.PUBLISHED, population=50_000, broadband_percent=50,
                     edition=None):
    """A submission of each city for the year with every data point answered (yes, or a number),
    the fixed broadband subscriptions at broadband_percent, scored as on save, in the given state.
    One update per data point, whatever the number of cities."""
    edition = edition or edition_current()
    submissions = [submission_create(city=city, year=year, edition=edition, population=population) for city in cities]
    ids = [submission.pk for submission in submissions]
    for data_point in DataPoint.objects.filter(kpi__category__dimension__edition=edition).select_related(
            "kpi", "target"):
        value = Value(data_point=data_point)
        if (data_point.kpi.code, data_point.name) == BROADBAND:
            value.number = Decimal(broadband_percent)
        elif data_point.is_yes_no:
            value.yes_no = True
        else:
            value.number = Decimal(year % 100)
        value_score(value)
        Value.objects.filter(submission_id__in=ids, data_point=data_point).update(
            **{name: getattr(value, name) for name in ("number", "yes_no", *SCORE_FIELDS)})
    Submission.objects.filter(pk__in=ids).update(state=state)
    return list(Submission.objects.filter(pk__in=ids).select_related("city").order_by("city__name"))


def make_report(submission, content=b"%PDF-1.4 the published report"):
    report = ReportRequest.objects.create(submission=submission, state=ReportRequest.READY)
    report.pdf.save("report.pdf", ContentFile(content))
    return report


@pytest.fixture
def many_cities(db):
    """Fifty cities, each published in 2019, 2020 and 2021: what a query count must not depend on."""
    cities = [make_city(f"city-{n:02d}", f"City {n:02d}", country="Norway" if n % 2 else "Kenya") for n in range(50)]
    for year in (2019, 2020, 2021):
        make_submissions(cities, year, broadband_percent=year - 1990)
    return cities
