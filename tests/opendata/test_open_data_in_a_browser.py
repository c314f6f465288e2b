"""The open data pages in a real browser against gunicorn: the CSP obeyed (Swagger UI from our own files), accessible."""
import pytest

from ..e2e.conftest import (  # noqa: F401  (the shared server and browser fixtures)
    app_env, artifacts, axe_violations, browsing, chromium, committed_catalogue, server, static_root,
)
from .conftest import cities_publish


@pytest.mark.services
def test_a_visitor_reads_the_open_data_the_api_docs_and_a_city_sdg_view(server, browsing):
    submission = cities_publish(1, years=(2021,))[0]
    page = browsing.page()

    page.goto(f"{server.url}/open-data/")
    assert page.get_by_role("heading", name="Open data", exact=True).is_visible()
    assert page.get_by_text("112 rows").is_visible()
    browsing.screenshot(page, "open data")
    page.goto(f"{server.url}/api/v1/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    browsing.screenshot(page, "api docs")
    page.goto(f"{server.url}/reports/submissions/{submission.pk}/sdg/")
    assert page.get_by_text("Sample data").first.is_visible()
    browsing.screenshot(page, "sdg view")

    assert browsing.csp_violations == []
    assert browsing.page_errors == []
    for path in ("/open-data/", f"/reports/submissions/{submission.pk}/sdg/"):
        assert axe_violations(browsing, server.url + path, storage_state=None) == [], path
