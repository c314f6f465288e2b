"""The city's and the verifier's work with the keyboard alone, in Chromium against gunicorn.

The city logs in, opens a category, types a wrong value, lands on the error summary, follows its
link to the field, corrects it and saves; no focused field is ever covered by the sticky Save bar.
The verifier marks one value verified, queries another and finds a third not verified with a reason.
Only Tab, Enter and typing: no click, no focus() from the test.
"""
from decimal import Decimal

import pytest
from django.urls import reverse

from submissions.models import Value
from verification.models import Query, Review

from ..conftest import PASSWORD
from ..security.site_urls import world_build
from . import processes

MAX_TABS = 400

# The focused element, and whether a sticky bar covers all of it (WCAG 2.4.11).
FOCUS = """() => {
  const element = document.activeElement;
  const box = element.getBoundingClientRect();
  const covered = Array.from(document.querySelectorAll('.entry-actions, .review-bulk')).some((bar) => {
    if (bar.contains(element)) { return false; }
    const cover = bar.getBoundingClientRect();
    return box.top >= cover.top && box.bottom <= cover.bottom && box.height > 0;
  });
  return {id: element.id, covered: covered, html: element.outerHTML.slice(0, 120)};
}"""


class Keyboard:
    """Tab until a given element has the focus, counting the presses and the stops a sticky bar covers."""

    def __init__(self, page):
        self.page, self.covered = page, []

    def tab_to(self, selector):
        for presses in range(1, MAX_TABS + 1):
            self.page.keyboard.press("Tab")
            focus = self.page.evaluate(FOCUS)
            if focus["covered"]:
                self.covered.append(focus["html"])
            if self.page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
                return presses
        raise AssertionError(f"{selector} is not reached with {MAX_TABS} Tab presses")

    def focused(self, selector):
        return self.page.evaluate("(selector) => document.activeElement.matches(selector)", selector)


def keyboard_log_in(page, base, username):
    """The password, then (the server runs with debug off) a verifier's second step: the authenticator's code."""
    processes.phone_for(username)
    page.goto(f"{base}/accounts/login/")
    keys = Keyboard(page)
    keys.tab_to("input[name=username]")
    page.keyboard.type(username)
    keys.tab_to("input[name=password]")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if "/people/second-factor/" in page.url:
        keys.tab_to("input[name=code]")
        page.keyboard.type(processes.second_factor_code(username))
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url and "/people/second-factor/" not in page.url


@pytest.fixture
def world(make_user, committed_catalogue):
    return world_build(make_user)


@pytest.mark.services
def test_the_city_corrects_a_wrong_value_with_the_keyboard_alone(server, browsing, world):
    value = world.values[0]  # queried by the verifier: the city may change it
    category = value.data_point.kpi.category
    city = browsing.page()
    keyboard_log_in(city, server.url, world.people["city"].username)
    city.goto(server.url + reverse("submissions:overview", args=[world.submission.pk]))
    keys = Keyboard(city)
    keys.tab_to(f"a[href$='/categories/{category.pk}/']")
    with city.expect_navigation():
        city.keyboard.press("Enter")
    assert city.locator("h1").inner_text().startswith(category.name)

    field = f"[name='v{value.pk}-value']"
    presses = Keyboard(city).tab_to(field)
    assert presses <= 15, f"{presses} Tab presses from the top of the page to the first field"
    city.keyboard.press("Control+A")
    city.keyboard.type("-3")
    with city.expect_navigation():
        city.keyboard.press("Enter")

    summary = city.locator("[data-error-summary]")
    assert summary.get_by_role("heading").inner_text() == "There is a problem"
    assert keys.focused("[data-error-summary]"), "the error summary has the focus after the failed save"
    keys = Keyboard(city)
    keys.tab_to(f"[data-error-summary] a[href='#id_v{value.pk}-value']")
    city.keyboard.press("Enter")
    assert keys.focused(field), "the summary's link puts the focus in the field"
    city.keyboard.press("Control+A")
    city.keyboard.type("42.5")
    keys.tab_to(".entry-actions button[type=submit]:not([name])")  # every field on the way: none under the Save bar
    with city.expect_navigation():
        city.keyboard.press("Enter")
    assert "saved" in city.locator(".alert-success").first.inner_text()
    assert Value.objects.get(pk=value.pk).number == Decimal("42.5")
    assert keys.covered == [], "focused fields covered by the sticky Save bar"
    assert browsing.csp_violations == [] and browsing.page_errors == []


@pytest.mark.services
def test_the_verifier_verifies_queries_and_refuses_with_the_keyboard_alone(server, browsing, world):
    queried, to_verify, to_query = world.values
    verifier = browsing.page()
    keyboard_log_in(verifier, server.url, world.people["verifier"].username)
    verifier.goto(server.url + reverse("verification:review", args=[world.submission.pk]))
    keys = Keyboard(verifier)

    # Verified: open the row's panel, whose first button has the focus, and press it.
    keys.tab_to(f"#value-{to_verify.pk} [data-open]")
    verifier.keyboard.press("Enter")
    assert keys.focused(f"#panel-{to_verify.pk} [data-action=verified]")
    verifier.keyboard.press("Enter")
    verifier.locator(f"#value-{to_verify.pk} .badge", has_text="Verified").wait_for()

    # A question for the city.
    keys.tab_to(f"#value-{to_query.pk} [data-open]")
    verifier.keyboard.press("Enter")
    keys.tab_to(f"#panel-{to_query.pk} textarea[name=message]")
    verifier.keyboard.type("Which survey is this from?")
    keys.tab_to(f"#panel-{to_query.pk} [data-action=query]")
    verifier.keyboard.press("Enter")
    verifier.locator(f"#value-{to_query.pk} .badge", has_text="Queried").wait_for()

    # Not verified, with the reason.
    keys.tab_to(f"#value-{queried.pk} [data-open]")
    verifier.keyboard.press("Enter")
    keys.tab_to(f"#panel-{queried.pk} textarea[name=message]")
    verifier.keyboard.type("The survey covers the region, not the city.")
    keys.tab_to(f"#panel-{queried.pk} [data-action=not_verified]")
    verifier.keyboard.press("Enter")
    verifier.locator(f"#value-{queried.pk} .badge", has_text="Not verified").wait_for()

    reviews = dict(Review.objects.filter(value__in=world.values).values_list("value_id", "status"))
    assert reviews[to_verify.pk] == Review.VERIFIED
    assert reviews[queried.pk] == Review.NOT_VERIFIED
    assert Review.objects.get(value=queried).reason == "The survey covers the region, not the city."
    assert Query.objects.filter(value=to_query, status=Query.OPEN).exists()
    assert browsing.csp_violations == [] and browsing.page_errors == []
