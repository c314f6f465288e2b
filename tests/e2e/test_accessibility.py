"""WCAG 2.2 AA on every page of every role: axe-core in Chromium, against gunicorn.

The pages come from the URL × role matrix of the permission tests (every GET route that gives a
person 200), so a page added there is checked here without a word more; then the error states
(a failed log-in, a failed entry save, a failed value edit) and the admin pages the secretariat
works on. Each person browses in one context for the whole sweep, logged in once. What is
asserted: no critical and no serious finding under the tags wcag2a, wcag2aa, wcag21aa, wcag22aa.
"""
import pytest
from django.urls import reverse


from ..conftest import PASSWORD
from ..security.site_urls import ACTORS, world_build
from ..security.test_secretariat_admin import PAGES as ADMIN_PAGES
from ..security.test_url_permissions import FRAGMENTS, MATRIX
from .conftest import AXE, log_in

TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) =>
    `${v.id} (${v.impact}): ${v.help} — ` + v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('; '));
}"""


def pages_of(world, actor):
    """Every page the matrix gives this person with a 200, as (route name, path); a fragment is checked inside
    the page that fetches it (the review page with a row open: Sweep.visit)."""
    index = ACTORS.index(actor)
    return [(name, reverse(name, kwargs=kwargs(world)))
            for name, (method, kwargs, statuses) in MATRIX.items()
            if method == "get" and statuses[index] == 200 and name not in FRAGMENTS]


class Sweep:
    """One browser context per person, axe run on the page each one has open."""

    def __init__(self, browsing, base):
        self.browsing, self.base = browsing, base
        self.found, self.checked = {}, []

    def person(self, username=None):
        page = self.browsing.page(bypass_csp=True)  # axe is injected as a script, which the CSP rightly refuses
        if username:
            log_in(page, self.base, username, PASSWORD)
        return page

    def check(self, page, where):
        page.add_script_tag(path=str(AXE))
        self.checked.append(where)
        found = page.evaluate(AXE_RUN, TAGS)
        if found:
            self.found[where] = found

    def visit(self, page, actor, name, path):
        response = page.request.get(self.base + path)  # files (CSV, PDF, PNG) are not pages
        if "text/html" not in response.headers.get("content-type", ""):
            return
        page.goto(self.base + path)
        if page.locator("#swagger-ui").count():  # the API's documentation draws itself from the schema
            page.locator("#swagger-ui .opblock").first.wait_for()
        self.check(page, f"{actor} {path} ({name})")
        opener = page.locator("[data-value-row] [data-open]").first
        if name == "verification:review" and opener.count():
            # A row opened: its verdict panel, with the evidence and history fetched into it.
            with page.expect_response(lambda answer: "/details/" in answer.url):
                opener.click()
            page.wait_for_load_state("networkidle")
            page.mouse.move(0, 0)  # no button left half-way through its hover transition
            page.wait_for_timeout(300)
            self.check(page, f"{actor} {path} ({name}, a row open)")


@pytest.fixture
def world(make_user, committed_catalogue):
    built = world_build(make_user)
    # The secretariat as seed_demo and the README make one: staff, so the admin opens for it.
    built.people["secretariat"].is_staff = True
    built.people["secretariat"].save(update_fields=["is_staff"])
    return built


def admin_objects(world):
    from kpis.models import KPI, Target

    return {"target": Target.objects.first(), "kpi": KPI.objects.first(), "city": world.city,
            "person": world.people["city"]}


@pytest.mark.services
def test_every_page_of_every_role_passes_axe_core(server, browsing, world):
    sweep = Sweep(browsing, server.url)
    pages = {}
    for actor in ACTORS:
        person = world.people[actor]
        pages[actor] = sweep.person(person.username if person else None)
        for name, path in pages_of(world, actor):
            sweep.visit(pages[actor], actor, name, path)

    # ---- Error states: a failed log-in, a failed entry save, a failed value edit.
    anonymous = sweep.person()
    anonymous.goto(server.url + reverse("login"))
    anonymous.get_by_label("Username").fill(world.people["city"].username)
    anonymous.get_by_label("Password").fill("not the password")
    anonymous.get_by_role("button", name="Log in").click()
    anonymous.locator("[data-error-summary]").wait_for()
    sweep.check(anonymous, "anonymous: a failed log-in")

    city, value = pages["city"], world.values[0]
    city.goto(server.url + reverse("submissions:value_edit", args=[value.pk]))
    city.locator(f"[name='v{value.pk}-value']").fill("-3")
    city.get_by_role("button", name="Save").click()
    city.locator("[data-error-summary]").wait_for()
    sweep.check(city, "city: a failed value edit")

    secretariat = pages["secretariat"]  # the only one who may change a submitted submission's whole category
    secretariat.goto(server.url + reverse("submissions:entry", args=[world.submission.pk,
                                                                     value.data_point.kpi.category_id]))
    secretariat.locator(f"[name='v{value.pk}-value']").fill("-3")
    secretariat.locator(".entry-actions button[type=submit]:not([name])").click()
    secretariat.locator("[data-error-summary]").wait_for()
    sweep.check(secretariat, "secretariat: a failed entry save")

    # ---- The admin pages the secretariat opens: changelists and change forms of the models it manages.
    objects = admin_objects(world)
    for name, needs in ADMIN_PAGES:
        path = reverse(name, args=[objects[needs].pk]) if needs else reverse(name)
        sweep.visit(secretariat, "secretariat", name, path)

    admin = sum(1 for where in sweep.checked if "/admin/" in where)
    errors = sum(1 for where in sweep.checked if ": a failed" in where)
    print(f"\naxe-core ({', '.join(TAGS)}): {len(sweep.checked)} page loads — "
          f"{len(sweep.checked) - admin - errors} pages × roles of the matrix, {errors} error states, {admin} admin pages")
    assert sweep.found == {}
    assert browsing.page_errors == []
