"""The review page in a real browser against gunicorn: each action saves in place, no page load, CSP obeyed."""
import shutil
import threading

import pytest
from django.db import connection

from kpis.selectors import edition_current
from submissions.models import Submission
from submissions.services import submission_create, submission_state_change
from submissions import roles
from verification.models import Review
from verification.services import assignment_create

from ..conftest import PASSWORD, require_service
from ..e2e.conftest import (  # noqa: F401  (the shared server fixtures)
    CHROMIUM_ARGS, CSP_MESSAGE, app_env, artifacts, committed_catalogue, log_in, server, static_root,
)
from .conftest import values_fill


def in_browser(steps):
    """Run steps(page) in Chromium on a thread of its own: the browser tests' session Chromium keeps an
    event loop running on the main thread, where a second Playwright cannot start."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        require_service("chromium")
    outcome = {}

    def run():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.set_default_timeout(15_000)
                complaints = []
                page.on("console", lambda m: CSP_MESSAGE.search(m.text) and complaints.append(m.text))
                page.on("pageerror", lambda error: complaints.append(str(error)))
                outcome["result"] = steps(page)
                outcome["complaints"] = complaints
                browser.close()
        except BaseException as error:  # re-raised on the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    if "error" in outcome:
        raise outcome["error"]
    return outcome


@pytest.mark.services
def test_a_verifier_reviews_data_points_in_place_with_buttons_and_keys(server, make_user, city, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # another test's browser loop may run on this thread
    city_user = make_user("city", roles.CITY_STAFF, city=city)
    verifier = make_user("verifier", roles.VERIFIER)
    secretariat = make_user("secretariat", roles.SECRETARIAT)
    submission = submission_create(city=city, year=2024, edition=edition_current(), actor=city_user)
    values = values_fill(submission, city_user, 3)
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    first, second, third = (f"#value-{value.pk}" for value in values)

    def steps(page):
        log_in(page, server.url, "verifier", PASSWORD)
        page.goto(f"{server.url}/verification/submissions/{submission.pk}/")
        page.evaluate("window.stillTheSamePage = true")

        page.click(f"{first} [data-open]")
        page.click(f"#panel-{values[0].pk} [data-action=verified]")
        page.wait_for_selector(f"{first} .badge.text-bg-success")
        progress = page.text_content('[data-progress="verified"]')

        page.click(f"{second} [data-open]")
        page.click(f"#panel-{values[1].pk} [data-action=not_verified]")
        page.wait_for_selector(f"#panel-{values[1].pk} .invalid-feedback")
        refusal = page.text_content(f"#panel-{values[1].pk} .invalid-feedback")
        page.fill(f"#panel-{values[1].pk} textarea[name=message]", "The evidence is from 2015.")
        page.click(f"#panel-{values[1].pk} [data-action=not_verified]")
        page.wait_for_selector(f"{second} .badge.text-bg-danger")

        # Single keys act only inside the table, and not once they are turned off.
        page.focus(".navbar-brand")
        page.keyboard.press("j")
        outside = page.evaluate("document.activeElement.className")
        page.focus(second)
        page.keyboard.press("j")  # the data point without a value between them has no actions
        page.keyboard.press("j")
        page.keyboard.press("v")
        page.wait_for_selector(f"{third} .badge.text-bg-success")
        page.uncheck("[data-keys-toggle]")
        page.focus(third)
        page.keyboard.press("k")
        still = page.evaluate("document.activeElement.id")
        return progress, refusal, page.evaluate("window.stillTheSamePage"), outside, still

    outcome = in_browser(steps)
    progress, refusal, same_page, outside, still = outcome["result"]
    assert outside == "navbar-brand" and still == third[1:]
    assert progress == "1"
    assert "Say why this data point is not verified." in refusal
    assert same_page is True
    assert outcome["complaints"] == []
    try:
        statuses = dict(Review.objects.values_list("value_id", "status"))
    finally:
        connection.close()
    assert statuses == {values[0].pk: "verified", values[1].pk: "not_verified", values[2].pk: "verified"}
