"""Every open data endpoint and page makes the same number of queries for 1 city and 1 year as for 50 cities × 3 years."""
import pytest
from django.urls import reverse

from opendata import bulk

from .conftest import cities_publish

pytestmark = pytest.mark.django_db

# URL -> queries. Lists: the page and its count (cities: and their published submissions), and for
# published data the time it last changed. Files and the page: the release, once; the SDG page:
# the submission, its KPIs and its scorecard.
QUERIES = {
    "/api/v1/": 0,
    "/api/v1/editions/": 2,
    "/api/v1/dimensions/": 2,
    "/api/v1/categories/": 2,
    "/api/v1/kpis/": 3,
    "/api/v1/data-points/": 2,
    "/api/v1/cities/": 4,
    "/api/v1/submissions/": 3,
    "/api/v1/values/": 3,
    "/api/v1/values/?year=2019&dimension=EC": 3,
    "/api/v1/schema/": 0,
    "/api/v1/docs/": 0,
    "/open-data/": 1,
    f"/open-data/{bulk.CSV_NAME}": 1,
    f"/open-data/{bulk.PACKAGE_NAME}": 1,
}
SDG_PAGE_QUERIES = 3


@pytest.mark.parametrize("cities, years", [(1, (2019,)), (50, (2019, 2020, 2021))])
def test_each_endpoint_and_page_makes_the_same_queries_however_many_cities_and_years(
        client, django_assert_num_queries, cities, years):
    submissions = cities_publish(cities, years)
    bulk.published_data_changed()
    release = bulk.bulk_files_build()
    assert release.rows == cities * len(years) * 112

    for url, queries in QUERIES.items():
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url
    with django_assert_num_queries(SDG_PAGE_QUERIES):
        assert client.get(reverse("reports:sdg", args=[submissions[-1].pk])).status_code == 200
    assert client.get("/api/v1/submissions/").json()["count"] == cities * len(years)
