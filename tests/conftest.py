"""Shared test fixtures: the catalogue, users per role, cities, submissions, real services."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from kpis.selectors import edition_current
from submissions.models import Membership
from submissions.services import city_create, submission_create
from submissions import roles
from u4ssc_site.code_version import code_version

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "fixtures" / "catalogue.json"
PASSWORD = "a-long-test-password-42"


def pytest_configure(config):
    # Test-only tweaks: fast password hashing, evidence in a throwaway folder, no lockouts
    # unless a test turns them on.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    # Tests choose where a report renders (in-line, or a real worker); one turns the thread on.
    settings.REPORT_RENDER_THREAD = False
    # The second factor is off, as in the demo, whatever the environment says: the tests that need it on
    # (tests/people/test_second_factor_required.py) turn it on; the browser tests' servers run with it.
    settings.OTP_REQUIRED_FOR = ()
    # This run's cache keys are its own (a Redis shared with the broker, or with another run, keeps its keys),
    # in this process and in the workers and servers the tests start.
    prefix = f"test-{os.getpid()}-{time.time_ns()}"
    os.environ["CACHE_KEY_PREFIX"] = prefix
    settings.CACHES["default"]["KEY_PREFIX"] = f"{prefix}:{code_version(ROOT)}"


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def clear_cache():
    """Empty this run's cache: only its own keys where the cache is a Redis shared with the broker (whose
    queues a FLUSHDB would take)."""
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and rendered fragments: each test starts with an empty cache, and leaves none behind.
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A page read in another language leaves that language active in the test's thread: each test
    starts and ends in English."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the catalogue once into the test database; every test sees it."""
    with django_db_blocker.unblock():
        call_command("loaddata", str(CATALOGUE), verbosity=0)
        roles.ensure_groups()


@pytest.fixture
def catalogue_committed(transactional_db):
    """Tests that commit for real flush the tables afterwards: load the catalogue again if it is gone."""
    from kpis.models import DataPoint

    if not DataPoint.objects.exists():
        call_command("loaddata", str(CATALOGUE), verbosity=0)
    roles.ensure_groups()


def require_service(name):
    """A test that needs a real service fails in CI without it, and is skipped only on a laptop."""
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI but is not configured")
    pytest.skip(f"{name} is not configured (set it to run this test)")


@pytest.fixture
def make_user(db):
    def make(username, role=None, city=None, **extra):
        user = get_user_model().objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.org", **extra
        )
        if role:
            user.groups.add(roles.ensure_groups()[role])
        if city is not None:
            Membership.objects.create(user=user, city=city)
        return user

    return make


@pytest.fixture
def city(db):
    return city_create(slug="alesund", name="Ålesund", country="Norway")


@pytest.fixture
def other_city(db):
    return city_create(slug="bergen", name="Bergen", country="Norway")


@pytest.fixture
def city_user(make_user, city):
    return make_user("city", roles.CITY_STAFF, city=city)


@pytest.fixture
def other_city_user(make_user, other_city):
    return make_user("other-city", roles.CITY_STAFF, city=other_city)


@pytest.fixture
def verifier(make_user):
    return make_user("verifier", roles.VERIFIER)


@pytest.fixture
def secretariat(make_user):
    return make_user("secretariat", roles.SECRETARIAT)


@pytest.fixture
def submission(city, city_user):
    return submission_create(city=city, year=2021, edition=edition_current(), actor=city_user, population=66670)


@pytest.fixture
def other_submission(other_city, other_city_user):
    return submission_create(city=other_city, year=2021, edition=edition_current(), actor=other_city_user)


@pytest.fixture
def alesund(db):
    """The demo: Ålesund 2019, signed off and published, with the demo users (the sample cities left out)."""
    call_command("seed_demo", "--without-samples", stdout=open(os.devnull, "w"))
    from submissions.models import Submission

    return Submission.objects.get(city__slug="alesund", year=2019)


@pytest.fixture
def signed_off_alesund(alesund):
    """The demo's Ålesund 2019 signed off but not published (as before its publication in June 2020)."""
    from submissions.models import Submission

    Submission.objects.filter(pk=alesund.pk).update(state=Submission.VERIFIED, published_at=None, published_by=None)
    alesund.refresh_from_db()
    return alesund


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process for this test, whatever the broker settings."""
    from u4ssc_site.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        require_service("REDIS_URL")
    return url


@pytest.fixture
def celery_worker_process(redis_url, transactional_db, tmp_path):
    """A real Celery worker process on the real Redis and the test database."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        require_service("DATABASE_URL (PostgreSQL)")
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
           "MEDIA_ROOT": str(settings.MEDIA_ROOT), "DJANGO_SETTINGS_MODULE": "u4ssc_site.settings"}
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "u4ssc_site", "worker", "--loglevel=INFO",
         "--concurrency=1", "--without-gossip", "--without-mingle", "--hostname", f"test-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    from u4ssc_site.celery import ping

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert ping.apply_async(args=["ready"]).get(timeout=5) == "ready"
                break
            except Exception:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "worker.log").read_text())
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
