"""The public pages and logging in, in a real browser against gunicorn: CSP obeyed, accessible."""
import pytest

from submissions import roles

from ..conftest import PASSWORD
from .conftest import axe_violations, log_in


@pytest.mark.services
def test_a_visitor_browses_the_catalogue_and_logs_in_without_csp_violations(server, browsing, make_user, city):
    make_user("city", roles.CITY_STAFF, city=city)
    page = browsing.page()
    page.goto(server.url)
    assert page.get_by_role("heading", name="U4SSC KPI platform").is_visible()
    browsing.screenshot(page, "home")
    page.get_by_role("link", name="Browse the catalogue").click()
    page.wait_for_load_state()
    assert "/catalogue/" in page.url
    browsing.screenshot(page, "catalogue")

    log_in(page, server.url, "city", PASSWORD)
    assert page.get_by_role("button", name="Log out").is_visible()
    browsing.screenshot(page, "logged in")

    assert browsing.csp_violations == []
    assert browsing.page_errors == []


@pytest.mark.services
def test_the_login_and_catalogue_pages_have_no_serious_accessibility_violations(server, browsing):
    for path in ("/accounts/login/", "/catalogue/", "/accounts/password/reset/"):
        assert axe_violations(browsing, server.url + path, storage_state=None) == [], path
