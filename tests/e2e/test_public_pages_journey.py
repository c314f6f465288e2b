"""A visitor explores the published cities in Chromium against gunicorn: the list, a profile and its
PDF, the trends over three years, and a comparison sorted by a column, with no script of ours
needed; every page obeys the CSP and passes axe-core with no serious or critical finding."""
import pytest

from submissions.models import Submission

from ..public.conftest import broadband, make_city, make_report, make_submission
from .conftest import axe_violations


@pytest.fixture
def published_cities(committed_catalogue):
    utopia = make_city("utopia", "Utopia", country="Nowhere", is_sample=True)
    for year, percent in ((2019, 10), (2020, 30), (2021, 70)):
        make_submission(utopia, year, broadband_percent=percent)
    make_report(Submission.objects.get(city=utopia, year=2021), b"%PDF-1.4 Utopia 2021")
    make_submission(make_city("erewhon", "Erewhon", country="Nowhere", is_sample=True), 2021, broadband_percent=45)
    make_submission(make_city("bergen", "Bergen"), 2021, state=Submission.VERIFIED, broadband_percent=99)
    return utopia


@pytest.mark.services
def test_a_visitor_explores_profiles_trends_and_a_comparison(server, browsing, published_cities, tmp_path):
    page = browsing.page()
    page.goto(server.url)
    page.get_by_role("link", name="Cities", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Cities").is_visible()
    assert "Bergen" not in page.content()
    browsing.screenshot(page, "cities")

    page.get_by_role("link", name="Utopia").click()
    page.wait_for_load_state()
    assert page.locator("svg.sunburst").is_visible()
    assert page.locator("table.public-values tbody tr").count() == 112
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the 2021 verification report (PDF)").click()
    download.value.save_as(tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes() == b"%PDF-1.4 Utopia 2021"
    browsing.screenshot(page, "profile")

    page.get_by_role("link", name="Over the years").click()
    page.wait_for_load_state()
    assert page.locator("svg.public-chart circle").count() >= 3
    header = page.locator("table.public-trend-table thead tr").inner_text()
    assert "2019" in header and "2020" in header and "2021" in header
    browsing.screenshot(page, "trends")

    page.get_by_role("link", name="Compare with other cities").click()
    page.wait_for_load_state()
    page.get_by_label("Data point or score").select_option(f"data_point-{broadband().pk}")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    cities = page.locator("table.public-compare-table tbody th")
    assert [name.split()[0] for name in cities.all_inner_texts()] == ["Utopia", "Erewhon"]
    page.get_by_role("link", name="Value", exact=True).click()
    page.wait_for_load_state()
    assert [name.split()[0] for name in cities.all_inner_texts()] == ["Erewhon", "Utopia"]
    browsing.screenshot(page, "comparison sorted")
    comparison = page.url

    assert browsing.csp_violations == []
    assert browsing.page_errors == []
    paths = ["/explore/", "/explore/cities/utopia/", "/explore/cities/utopia/trends/",
             f"/explore/cities/utopia/trends/data-points/{broadband().pk}/"]
    for url in [server.url + path for path in paths] + [comparison]:
        assert axe_violations(browsing, url, storage_state=None) == [], url
