"""Every public page runs the same number of queries for one city with one year as for fifty
cities with three years each: no page's work grows with the cities or the years."""
import pytest
from django.urls import reverse

from kpis.models import KPI, Category
from kpis.selectors import edition_current
from submissions.models import Submission

from .conftest import broadband, make_city, make_report, make_submission

# The literal number of queries of each page, anonymous.
QUERIES = {
    "cities": 1,
    "profile": 9,
    "report": 2,
    "trends": 4,
    "kpi trend": 10,
    "data point trend": 3,
    "compare a data point": 7,
    # The measure's choices were read by the comparison before (kept in the cache until the catalogue changes).
    "compare a category": 7,
}


def pages():
    edition = edition_current()
    air = KPI.objects.get(code="EN: EN: AQ: 1C", category__dimension__edition=edition)
    ict = Category.objects.get(name="ICT Infrastructure", dimension__edition=edition)
    return {
        "cities": reverse("public:cities"),
        "profile": reverse("public:city", args=["city-00"]),
        "report": reverse("public:report", args=["city-00", 2019]),
        "trends": reverse("public:trends", args=["city-00"]),
        "kpi trend": reverse("public:trend_kpi", args=["city-00", air.pk]),
        "data point trend": reverse("public:trend_data_point", args=["city-00", broadband().pk]),
        "compare a data point": reverse("public:compare") + f"?measure=data_point-{broadband().pk}&sort=city",
        "compare a category": reverse("public:compare") + f"?measure=category-{ict.pk}",
    }


def assert_counts(client, django_assert_num_queries):
    make_report(Submission.objects.get(city__slug="city-00", year=2019))
    for name, url in pages().items():
        with django_assert_num_queries(QUERIES[name]):
            response = client.get(url)
            assert response.status_code == 200, name
            if response.streaming:
                b"".join(response.streaming_content)


@pytest.mark.django_db
def test_one_city_with_one_year(client, django_assert_num_queries):
    make_submission(make_city("city-00", "City 00"), 2019)
    assert_counts(client, django_assert_num_queries)


@pytest.mark.django_db
def test_fifty_cities_with_three_years(client, django_assert_num_queries, many_cities):
    assert_counts(client, django_assert_num_queries)
