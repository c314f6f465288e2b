"""The review page in a real browser: each action saves in place, without a page load."""
import os
import shutil
import threading

import pytest
from django.db import connection

from kpis.selectors import edition_current
from submissions.models import Submission
from submissions.services import submission_create, submission_state_change
from u4ssc_site import roles
from verification.models import Review
from verification.services import assignment_create

from ..conftest import PASSWORD, require_service
from .conftest import values_fill


@pytest.fixture
def browser_page():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        require_service("chromium")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's loop runs in the test thread
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page()
        yield page
        browser.close()


@pytest.fixture
def site_url(transactional_db):
    """The site on a local port, static files included (pytest-django's live_server cannot serve
    with MEDIA_URL unset, which our settings do on purpose: evidence is never served statically)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.daemon_threads = False  # server_close() waits for the request threads (and their connections)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.mark.services
def test_a_verifier_reviews_data_points_in_place_with_buttons_and_keys(site_url, catalogue_committed, make_user,
                                                                      city, browser_page):
    city_user = make_user("city", roles.CITY_STAFF, city=city)
    verifier = make_user("verifier", roles.VERIFIER)
    secretariat = make_user("secretariat", roles.SECRETARIAT)
    submission = submission_create(city=city, year=2024, edition=edition_current(), actor=city_user)
    values = values_fill(submission, city_user, 3)
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)

    page = browser_page
    page.goto(f"{site_url}/accounts/login/")
    page.fill("input[name=username]", "verifier")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.goto(f"{site_url}/verification/submissions/{submission.pk}/")
    page.evaluate("window.stillTheSamePage = true")

    first = f"#value-{values[0].pk}"
    page.click(f"{first} [data-action=verified]")
    page.wait_for_selector(f"{first} .badge.text-bg-success")
    assert page.text_content('[data-progress="verified"]') == "1"

    second = f"#value-{values[1].pk}"
    page.click(f"{second} [data-action=not_verified]")
    page.wait_for_selector(f"{second} .invalid-feedback")
    assert "Say why this data point is not verified." in page.text_content(f"{second} .invalid-feedback")
    page.fill(f"{second} textarea[name=reason]", "The evidence is from 2015.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f"{second} .badge.text-bg-danger")

    third = f"#value-{values[2].pk}"
    page.focus(second)
    page.keyboard.press("j")  # the data point without a value between them has no actions
    page.keyboard.press("j")
    page.keyboard.press("v")
    page.wait_for_selector(f"{third} .badge.text-bg-success")

    assert page.evaluate("window.stillTheSamePage") is True
    try:
        statuses = dict(Review.objects.values_list("value_id", "status"))
    finally:
        # Inside playwright's loop this test's queries run on a connection of their own: close it.
        connection.close()
    assert statuses == {values[0].pk: "verified", values[1].pk: "not_verified", values[2].pk: "verified"}

