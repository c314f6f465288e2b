"""The pages of the budgets (issue 16, item 1), measured inside one Django process; shared by bench_pages and
bench_programme_scale.

Run in a process whose DATABASE_URL holds the demo (seed_demo):
  python -m benchmarks.pages measure          each page's median of 30 warm requests, its ratio to /healthz
                                              for the same signed-in client, and its query count (JSON)
  python -m benchmarks.pages sessions N       N signed-in sessions per role, for a load script (JSON)

Each role is signed in as the demo account of seed_demo; the verifier and the secretariat with a
second factor (a TOTP device of their own, verified in the session) as production asks of them.
"""
import json
import os
import statistics
import sys
import time

REQUESTS = 30
WARM_UP = 3
BUDGET = 5.0
ROLES = ("city", "verifier", "secretariat")
API_LISTS = ("editions", "dimensions", "categories", "kpis", "data-points", "cities", "submissions", "values")


def setup():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "u4ssc_site.settings")
    django.setup()


def demo_pages():
    """[(name, role, url)]: the pages of the budgets on the demo; role None is a visitor without an account."""
    from django.urls import reverse

    from kpis.models import Category
    from submissions.models import Submission

    # A draft with most of its values in (Lakemere 2025), and a submission under review (Valdoria 2025).
    draft = (Submission.objects.filter(state=Submission.DRAFT, city__slug="lakemere").order_by("-year").first()
             or Submission.objects.filter(state=Submission.DRAFT).order_by("-year", "pk").first())
    review = (Submission.objects.filter(state=Submission.SUBMITTED, city__slug="valdoria").order_by("-year").first()
              or Submission.objects.filter(state=Submission.SUBMITTED).order_by("-year", "pk").first())
    transport = Category.objects.get(name="Transport", dimension__edition=draft.edition)
    pages = [
        ("overview (draft)", "city", reverse("submissions:overview", args=[draft.pk])),
        ("entry, Transport (draft)", "city", reverse("submissions:entry", args=[draft.pk, transport.pk])),
        ("review (verifier)", "verifier", reverse("verification:review", args=[review.pk])),
        ("programme dashboard", "secretariat", reverse("programme:dashboard")),
        ("comparison (Transport)", "city", reverse("public:compare") + f"?measure=category-{transport.pk}"),
    ]
    pages += [(f"API /api/v1/{name}/", None, f"/api/v1/{name}/") for name in API_LISTS]
    return pages


def _user(role):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=role)


def session_key(role):
    """A new signed-in session of the role's demo account (second factor verified where one is asked)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = _user(role)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if role in ("verifier", "secretariat"):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="benchmark", defaults={"confirmed": True})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


def clients():
    """{role: a test client signed in as that role}, None for a visitor."""
    from django.conf import settings
    from django.test import Client

    made = {None: Client()}
    for role in ROLES:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key(role)
        made[role] = client
    return made


def _get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return seconds, len(response.content)


def measure(pages=None, requests=REQUESTS):
    """Per page: the median of `requests` warm requests, beside /healthz's for the same client measured in
    turn with it (so a machine busy with other work weighs on both alike), and the queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = pages or demo_pages()
    made = clients()
    results = []
    for name, role, url in pages:
        client = made[role]
        for _ in range(WARM_UP):
            _get(client, "/healthz")
            _get(client, url)
        with CaptureQueriesContext(connection) as queries:
            _, size = _get(client, url)
        query_count = len(queries)
        health, page = [], []
        for _ in range(requests):
            health.append(_get(client, "/healthz")[0])
            page.append(_get(client, url)[0])
        healthz_ms, page_ms = statistics.median(health) * 1000, statistics.median(page) * 1000
        results.append({"page": name, "role": role or "visitor", "url": url, "ms": page_ms, "healthz_ms": healthz_ms,
                        "ratio": page_ms / healthz_ms, "queries": query_count, "bytes": size})
    return results


def print_ratios(results, title):
    print(title)
    print(f"  {'page':<30} {'role':<11} {'median':>9} {'/healthz':>9} {'ratio':>7} {'queries':>7} {'KB':>6}")
    for row in results:
        mark = "  over 5x" if row["ratio"] > BUDGET else ""
        print(f"  {row['page']:<30} {row['role']:<11} {row['ms']:7.1f}ms {row['healthz_ms']:7.2f}ms "
              f"{row['ratio']:6.1f}x {row['queries']:7d} {row['bytes'] / 1024:6.0f}{mark}")
    over = [row["page"] for row in results if row["ratio"] > BUDGET]
    print(f"  {len(results) - len(over)} of {len(results)} pages within {BUDGET:.0f}x /healthz"
          + (f"; over: {', '.join(over)}" if over else ""))


def database_description():
    from django.db import connection

    vendor = connection.vendor
    return "PostgreSQL" if vendor == "postgresql" else ("SQLite (no DATABASE_URL set)" if vendor == "sqlite" else vendor)


if __name__ == "__main__":
    setup()
    if sys.argv[1] == "measure":
        print(json.dumps({"database": database_description(), "results": measure()}))
    elif sys.argv[1] == "sessions":
        count = int(sys.argv[2])
        print(json.dumps({role: [session_key(role) for _ in range(count)] for role in ROLES}))
    elif sys.argv[1] == "pages":
        print(json.dumps(demo_pages()))
