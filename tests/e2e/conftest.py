"""Fixtures of the browser tests: the site served by gunicorn, a real worker, headless Chromium."""
import os
import re
import shutil
import time

import pytest
from django.core.management import call_command
from django.db import connections

from submissions import roles

from ..conftest import CATALOGUE, require_service
from . import processes

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = processes.ROOT / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
# What Chromium prints when a page breaks the Content-Security-Policy.
CSP_MESSAGE = re.compile(r"Content[- ]Security[- ]Policy", re.IGNORECASE)


@pytest.fixture
def artifacts(request):
    """A folder of this test's screenshots and process logs (artifacts/ is not committed)."""
    folder = processes.ARTIFACTS / request.node.module.__name__.rsplit(".", 1)[-1] / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def committed_catalogue(transactional_db, settings):
    """The catalogue in a database the server processes can see (tests that commit flush it afterwards).

    Passwords are hashed with Django's production hasher: the server processes check them
    with their own (production) settings, not the fast hasher of the in-process tests.
    """
    from kpis.models import DataPoint

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    if not DataPoint.objects.exists():
        call_command("loaddata", str(CATALOGUE), verbosity=0)
    roles.ensure_groups()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once, as the production image does before gunicorn starts."""
    folder = tmp_path_factory.mktemp("staticfiles")
    processes.collectstatic(folder)
    return folder


def _postgres_or_fail():
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        require_service("DATABASE_URL (PostgreSQL)")


@pytest.fixture
def app_env(committed_catalogue, redis_url, static_root, settings):
    """The environment of the test's server and worker processes. Torn down after every process started
    with it has stopped: then it waits until they have all left the test database, so it can be flushed."""
    _postgres_or_fail()
    yield processes.app_env(redis_url=redis_url, media_root=settings.MEDIA_ROOT, static_root=static_root)
    processes.database_released()


@pytest.fixture
def server(app_env, artifacts):
    """The site served by gunicorn on a free port, on the test database."""
    process = processes.gunicorn(env=app_env, log_dir=artifacts)
    try:
        yield process.start()
    finally:
        process.stop()


@pytest.fixture
def worker(app_env, artifacts):
    """A Celery worker process, as docker-compose.yml runs it, on the test database and Redis."""
    process = processes.celery_worker(env=app_env, log_dir=artifacts)
    try:
        yield process.start()
    finally:
        process.stop()


@pytest.fixture
def chromium():
    """Headless Chromium for one test. Playwright's event loop runs in the test's thread while it is
    open, so the ORM is told that is fine for that long, and no longer: other tests (and the
    processes they start, which copy the environment) must not inherit the flag."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        require_service("chromium")
    if not AXE.exists():
        require_service(f"axe-core ({AXE}: run `npm ci` in tests/e2e)")
    from playwright.sync_api import sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            # What the test read or wrote while the loop ran went through connections of that
            # context: close them, or they outlive the test and keep the test database open.
            connections.close_all()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


class Browsing:
    """Pages of one test: one browser context per person, every CSP complaint collected, screenshots numbered."""

    def __init__(self, chromium, folder):
        self.chromium, self.folder = chromium, folder
        self.contexts, self.csp_violations, self.page_errors = [], [], []
        self.shots = 0

    def page(self, **options):
        context = self.chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, **options)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        return page

    def _console(self, page, message):
        if CSP_MESSAGE.search(message.text):
            self.csp_violations.append(f"{page.url}: {message.text}")

    def screenshot(self, page, step):
        self.shots += 1
        name = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        page.screenshot(path=str(self.folder / f"{self.shots:02d}-{name}.png"), full_page=True)

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def browsing(chromium, artifacts, request):
    session = Browsing(chromium, artifacts)
    yield session
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        for context in session.contexts:  # what each person saw when it went wrong
            for page in context.pages:
                try:
                    session.screenshot(page, f"failed {page.url.split('/', 3)[-1]}")
                except Exception:
                    pass
    session.close()


def log_in(page, base_url, username, password):
    """The password, then (the server runs with debug off) the secretariat's and verifiers' second step: the code
    of their authenticator app, computed as the app would."""
    processes.phone_for(username)
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/people/second-factor/" in page.url:
        page.get_by_label("Code").fill(processes.second_factor_code(username))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    assert "/accounts/login/" not in page.url and "/people/second-factor/" not in page.url, page.content()[:2000]


def axe_violations(browsing, url, storage_state):
    """Serious and critical axe-core findings on one page.

    axe is injected as a script, which the site's CSP rightly refuses: the check runs in a
    context of its own that bypasses CSP, logged in as the same person.
    """
    page = browsing.page(bypass_csp=True, storage_state=storage_state)
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    page.context.close()
    browsing.contexts.remove(page.context)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                    for node in violation["nodes"][:5])
        for violation in result["violations"] if violation["impact"] in ("serious", "critical")
    ]


INVITATION_LINK = re.compile(r"https?://\S+(/people/invitation/[^/\s]+/[^/\s]+/)")


def invitation_link(worker, timeout=60):
    """The path of the newest invitation the worker printed on its console (the console mail backend)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = INVITATION_LINK.search(worker.log_tail(20000))
        if found:
            return found.group(1)
        time.sleep(0.5)
    raise AssertionError(f"no invitation on the worker's console:\n{worker.log_tail()}")


def invitation_accepted(page, base, worker, password):
    """The invitee opens the invitation's link, chooses a password and is signed in."""
    page.goto(base + invitation_link(worker))
    page.fill("#id_new_password1", password)
    page.fill("#id_new_password2", password)
    page.get_by_role("button", name="Set my password").click()
    page.wait_for_load_state()
