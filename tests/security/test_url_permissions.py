"""Every URL of the site, as every kind of person: the status the permission rules give, and nothing leaked.

The URLs come from the URL configuration itself, so a new URL without an entry in
MATRIX fails here until someone writes down who may open it.
"""
import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from submissions.models import Cycle

from .site_urls import ACTORS, admin_url, site_urls, world_build

# Who gets what: anonymous, city staff (of the submission's city), staff of another city,
# the assigned verifier, a verifier not assigned to it, the secretariat.
# Pages are opened with GET; actions that only take POST are posted empty (a forged or
# incomplete post). The world: the city's 2021 submission, submitted, assigned to the
# verifier, three values reported, a query open on the first, two evidence files, a
# rendered report and an issued version of it; the other city has a draft.
ALL = (200,) * 6
SIGNED_IN = (302, 200, 200, 200, 200, 200)


def world_cycle(world):
    """A reporting cycle of the world's year (made on first use)."""
    cycle, _ = Cycle.objects.get_or_create(name="2021", defaults={
        "year": 2021, "edition": world.submission.edition, "opens_on": datetime.date(2021, 1, 1),
        "submission_deadline": datetime.date(2021, 6, 30), "verification_deadline": datetime.date(2021, 9, 30)})
    return cycle


def none(world):
    return {}


def submission(world):
    return {"pk": world.submission.pk}


def value(world):
    return {"pk": world.values[0].pk}


def spare_person(world):
    return {"pk": world.people["other_verifier"].pk}


def data_point(world):
    return {"pk": world.kpi.data_points.order_by("pk").first().pk}


SECRETARIAT_ONLY = (302, 403, 403, 403, 403, 200)
SECRETARIAT_ONLY_POST = (302, 403, 403, 403, 403, 302)


MATRIX = {
    "home": ("get", none, ALL),
    "healthz": ("get", none, ALL),
    # The test client asks from 127.0.0.1, the operator's network by default; from anywhere else only
    # the token opens it, whoever is signed in (tests/production/test_metrics.py).
    "metrics": ("get", none, ALL),
    "kpis:catalogue": ("get", none, ALL),
    "kpis:kpi": ("get", lambda world: {"pk": world.kpi.pk}, ALL),
    # Targets: read by everyone signed in, changed by the secretariat (an empty post lacks its reason).
    "kpis:targets": ("get", none, SIGNED_IN),
    "kpis:targets_history": ("get", none, SIGNED_IN),
    "kpis:targets_import": ("get", none, SECRETARIAT_ONLY),
    "kpis:target_edit": ("get", data_point, SECRETARIAT_ONLY),
    "kpis:target_remove": ("post", data_point, (302, 403, 403, 403, 403, 400)),
    "kpis:translations": ("get", none, SECRETARIAT_ONLY),
    "kpis:translation_edit": ("get", lambda world: {"kind": "kpi", "pk": world.kpi.pk, "language": "fr"},
                              SECRETARIAT_ONLY),
    "login": ("get", none, ALL),
    "logout": ("post", none, (302,) * 6),
    "password_change": ("get", none, SIGNED_IN),
    "password_change_done": ("get", none, SIGNED_IN),
    "password_reset": ("get", none, ALL),
    "password_reset_done": ("get", none, ALL),
    "password_reset_confirm": ("get", lambda world: {"uidb64": "MQ", "token": "no-such-token"}, ALL),
    "password_reset_complete": ("get", none, ALL),
    "verification:worklist": ("get", none, (302, 403, 403, 200, 200, 200)),
    "verification:review": ("get", submission, (302, 403, 404, 200, 404, 200)),
    "verification:assign": ("get", submission, (302, 403, 404, 403, 404, 200)),
    "verification:bulk_verify": ("post", submission, (302, 403, 404, 302, 404, 403)),
    "verification:sign_off": ("get", submission, (302, 403, 404, 200, 404, 403)),
    "verification:reopen": ("get", submission, (302, 403, 404, 403, 404, 200)),
    "verification:publish": ("post", submission, (302, 403, 404, 403, 404, 302)),
    "verification:withdraw": ("get", submission, (302, 403, 404, 403, 404, 200)),
    "verification:history": ("get", submission, (302, 200, 404, 200, 404, 200)),
    "verification:verify_all": ("get", submission, (302, 403, 404, 200, 404, 403)),
    "verification:summary": ("get", submission, (302, 403, 404, 200, 404, 200)),
    "verification:checks": ("get", none, SIGNED_IN),
    "verification:value_review": ("post", value, (302, 403, 404, 400, 404, 403)),
    "verification:value_history": ("get", value, (302, 200, 404, 200, 404, 200)),
    "verification:value_details": ("get", value, (302, 403, 404, 200, 404, 200)),
    "verification:query": ("get", lambda world: {"pk": world.query.pk}, (302, 200, 404, 200, 404, 200)),
    "submissions:list": ("get", none, SIGNED_IN),
    "submissions:overview": ("get", submission, (302, 200, 404, 200, 404, 200)),
    "submissions:scores": ("get", submission, (302, 200, 404, 200, 404, 200)),
    "submissions:context": ("get", submission, (302, 403, 404, 403, 404, 200)),
    "submissions:entry": ("get", lambda world: {"pk": world.submission.pk,
                                                "category_pk": world.values[0].data_point.kpi.category_id},
                          (302, 200, 404, 200, 404, 200)),
    "submissions:evidence": ("get", submission, (302, 200, 404, 200, 404, 200)),
    "submissions:export": ("get", lambda world: {"pk": world.submission.pk, "extension": "csv"},
                           (302, 200, 404, 200, 404, 200)),
    # Submitted: the city changes only the value the verifier queried, the secretariat anything.
    "submissions:import": ("get", submission, (302, 200, 404, 403, 404, 200)),
    "submissions:submit": ("get", submission, (302, 403, 404, 403, 404, 403)),
    "submissions:value_edit": ("get", value, (302, 200, 404, 403, 404, 200)),
    "submissions:evidence_download": ("get", lambda world: {"pk": world.evidence.pk}, (302, 200, 404, 200, 404, 200)),
    "submissions:evidence_preview": ("get", lambda world: {"pk": world.image_evidence.pk},
                                     (302, 200, 404, 200, 404, 200)),
    "submissions:evidence_remove": ("post", lambda world: {"pk": world.spare_evidence.pk},
                                    (302, 403, 404, 403, 404, 302)),
    "reports:index": ("get", none, SIGNED_IN),
    "reports:submission": ("get", submission, (302, 200, 404, 200, 404, 200)),
    "reports:request": ("post", submission, (302, 403, 404, 403, 404, 302)),
    "reports:status": ("get", submission, (302, 200, 404, 200, 404, 200)),
    # The city downloads its report once the submission is published; this one is not yet.
    "reports:download": ("get", lambda world: {"pk": world.report.pk}, (302, 404, 404, 200, 404, 200)),
    # The public pages: published data for everyone; the world's submission is not published, so
    # its city has no profile or public report, and its trends show only to those who may see it.
    "robots_txt": ("get", none, ALL),
    "favicon": ("get", none, (301,) * 6),
    "public:cities": ("get", none, ALL),
    "public:compare": ("get", none, ALL),
    "public:city": ("get", lambda world: {"slug": world.city.slug}, (404,) * 6),
    "public:city_year": ("get", lambda world: {"slug": world.city.slug, "year": 2021}, (404,) * 6),
    "public:report": ("get", lambda world: {"slug": world.city.slug, "year": 2021}, (404,) * 6),
    "public:trends": ("get", lambda world: {"slug": world.city.slug}, (404, 200, 404, 200, 404, 200)),
    "public:trend_kpi": ("get", lambda world: {"slug": world.city.slug, "pk": world.kpi.pk},
                         (404, 200, 404, 200, 404, 200)),
    "public:trend_data_point": ("get", lambda world: {"slug": world.city.slug, "pk": world.values[0].data_point_id},
                                (404, 200, 404, 200, 404, 200)),
    # Public once published; the world's submission is not, so it is seen only by who may see it.
    "reports:sdg": ("get", submission, (404, 200, 404, 200, 404, 200)),
    "kpis:sdg_mapping": ("get", none, (302, 403, 403, 403, 403, 200)),
    "kpis:sdg_mapping_edit": ("get", lambda world: {"pk": world.kpi.pk}, (302, 403, 403, 403, 403, 200)),
    # The open data: published data only, the same for everyone. Nothing of the world is published,
    # so its city, submission and values are not found by anyone.
    "opendata:api-root": ("get", none, ALL),
    "opendata:schema": ("get", none, ALL),
    "opendata:docs": ("get", none, ALL),
    **{f"opendata:{name}-list": ("get", none, ALL) for name in (
        "edition", "dimension", "category", "kpi", "data-point", "city", "submission", "value")},
    "opendata:edition-detail": ("get", lambda world: {"pk": world.kpi.category.dimension.edition_id}, ALL),
    "opendata:dimension-detail": ("get", lambda world: {"pk": world.kpi.category.dimension_id}, ALL),
    "opendata:category-detail": ("get", lambda world: {"pk": world.kpi.category_id}, ALL),
    "opendata:kpi-detail": ("get", lambda world: {"pk": world.kpi.pk}, ALL),
    "opendata:data-point-detail": ("get", lambda world: {"pk": world.values[0].data_point_id}, ALL),
    "opendata:city-detail": ("get", lambda world: {"slug": world.city.slug}, (404,) * 6),
    "opendata:submission-detail": ("get", submission, (404,) * 6),
    "opendata:value-detail": ("get", value, (404,) * 6),
    "open_data:index": ("get", none, ALL),
    "open_data:values_csv": ("get", none, ALL),
    "open_data:datapackage": ("get", none, ALL),
    # Issued versions: all of them for the secretariat and the assigned verifier, the city's published ones.
    "reports:versions": ("get", submission, (302, 200, 404, 200, 404, 200)),
    "reports:versions_compare": ("get", submission, (302, 403, 404, 200, 404, 200)),
    "reports:version_download": ("get", lambda world: {"pk": world.version.pk}, (302, 404, 404, 200, 404, 200)),
    "programme:dashboard": ("get", none, SECRETARIAT_ONLY),
    "programme:dashboard_csv": ("get", none, SECRETARIAT_ONLY),
    "programme:cycles": ("get", none, SECRETARIAT_ONLY),
    "programme:cycle_create": ("get", none, SECRETARIAT_ONLY),
    "programme:cycle_edit": ("get", lambda world: {"pk": world_cycle(world).pk}, SECRETARIAT_ONLY),
    "programme:cycle_invite": ("get", lambda world: {"pk": world_cycle(world).pk}, SECRETARIAT_ONLY),
    # The people console: the secretariat only (never the admin's staff status). Its empty posts act on the
    # verifier not assigned to anything, whom nobody uses after the secretariat's turn.
    "people:people_list": ("get", none, SECRETARIAT_ONLY),
    "people:invite": ("get", none, SECRETARIAT_ONLY),
    "people:person": ("get", lambda world: {"pk": world.people["city"].pk}, SECRETARIAT_ONLY),
    "people:deactivate": ("post", spare_person, SECRETARIAT_ONLY_POST),
    "people:reactivate": ("post", spare_person, SECRETARIAT_ONLY_POST),
    "people:invitation_resend": ("post", spare_person, SECRETARIAT_ONLY_POST),
    "people:second_factor_reset": ("post", spare_person, SECRETARIAT_ONLY_POST),
    "people:city_list": ("get", none, SECRETARIAT_ONLY),
    "people:city_create": ("get", none, SECRETARIAT_ONLY),
    "people:city_edit": ("get", lambda world: {"pk": world.city.pk}, SECRETARIAT_ONLY),
    "people:audit": ("get", none, SECRETARIAT_ONLY),
    "people:invitation_accept": ("get", lambda world: {"uidb64": "MQ", "token": "no-such-token"}, ALL),
    "people:account": ("get", none, SIGNED_IN),
    "people:second_factor_setup": ("get", none, SIGNED_IN),
    # With no device and the requirement off (debug on in tests), the second step lets everyone through.
    "people:second_factor_verify": ("get", none, (302,) * 6),
    # The language switch: anyone may choose (an empty post goes back to where it came from).
    "set_language": ("post", none, (302,) * 6),
    "javascript_catalog": ("get", none, ALL),
}
# The read-only API takes no POST at all (405), with or without a token: nothing there to forge.
READ_ONLY = {name for name in MATRIX if name.startswith("opendata:")}
# Parts of a page, fetched into a page that carries its language, title and landmarks: no document of their own.
FRAGMENTS = {"verification:value_details"}
PUBLIC = {name for name, (_, _, statuses) in MATRIX.items() if statuses[0] != 302} | {"logout", "set_language"}
# People with no business with the world's city: its name must not appear on anything they get.
OUTSIDERS = ("anonymous", "other_city", "other_verifier")

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
POST_FORM = re.compile(r"<form\b[^>]*method=[\"']?post[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)


def app_urls():
    return [url for url in site_urls() if not url.name.startswith("admin")]


def response_body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def page_problems(html):
    """What would break the CSP or CSRF protection in a page as served."""
    problems = []
    if INLINE_SCRIPT.search(html):
        problems.append("an inline <script>")
    if EVENT_HANDLER.search(html):
        problems.append("an inline event handler")
    if STYLE_ATTRIBUTE.search(html):
        problems.append("a style attribute")
    for form in POST_FORM.findall(html):
        if "csrfmiddlewaretoken" not in form:
            problems.append("a POST form without a CSRF token")
    return problems


def test_every_url_of_the_site_has_an_entry_in_the_matrix():
    names = {url.name for url in app_urls()}
    unnamed = sorted(url.name for url in app_urls() if not url.named)
    assert not unnamed, f"name these URL patterns so the matrix can refer to them: {unnamed}"
    assert sorted(names - set(MATRIX)) == [], "URLs nobody has said who may open: add them to MATRIX"
    assert sorted(set(MATRIX) - names) == [], "MATRIX names URLs that no longer exist"


@pytest.mark.django_db
def test_every_url_answers_each_person_as_the_permission_rules_say(make_user):
    world = world_build(make_user)
    failures = []
    # Secretariat last: an empty post it is allowed to make must not change what the others see.
    for actor in ACTORS:
        for site_url in app_urls():
            if site_url.name not in MATRIX:
                continue
            method, kwargs, statuses = MATRIX[site_url.name]
            url = reverse(site_url.name, kwargs=kwargs(world))
            client = Client()
            if world.people[actor] is not None:
                client.force_login(world.people[actor])
            response = getattr(client, method)(url)
            expected = statuses[ACTORS.index(actor)]
            where = f"{actor} {method.upper()} {url} ({site_url.name})"
            if response.status_code != expected:
                failures.append(f"{where}: {response.status_code}, expected {expected}")
                continue
            body = response_body(response)
            if actor == "anonymous" and response.status_code == 302 and site_url.name not in PUBLIC:
                if not response["Location"].startswith(reverse("login")):
                    failures.append(f"{where}: sent to {response['Location']}, not to log in")
            if actor in OUTSIDERS and world.city.name in body:
                failures.append(f"{where}: shows the other city's name")
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                failures += [f"{where}: {problem}" for problem in page_problems(body)]
    assert failures == []


@pytest.mark.django_db
def test_the_admin_sends_everyone_who_is_not_staff_to_its_login(make_user):
    world = world_build(make_user)
    failures = []
    for actor in ACTORS:
        person = world.people[actor]
        assert person is None or not person.is_staff, "the roles are not admin staff"
        for site_url in site_urls():
            if not site_url.name.startswith("admin"):
                continue
            url = admin_url(site_url)
            client = Client()
            if person is not None:
                client.force_login(person)
            response = client.get(url)
            if site_url.name == "admin:login":
                ok = response.status_code in (200, 302)
            elif site_url.name == "admin:logout":
                ok = response.status_code in (302, 405)  # logging out takes a POST
            else:
                ok = response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
            if not ok:
                failures.append(f"{actor} GET {url}: {response.status_code} {response.get('Location', '')}")
    assert failures == []


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["anonymous", "city", "secretariat"])
def test_every_url_refuses_a_post_without_a_csrf_token(make_user, actor):
    world = world_build(make_user)
    client = Client(enforce_csrf_checks=True)
    if world.people[actor] is not None:
        client.force_login(world.people[actor])
    accepted = []
    for site_url in site_urls():
        if site_url.name.startswith("admin"):
            url = admin_url(site_url)
        else:
            url = reverse(site_url.name, kwargs=MATRIX[site_url.name][1](world)) if site_url.name in MATRIX else None
        if url is None:
            continue
        response = client.post(url, {"anything": "at all"})
        if site_url.name in READ_ONLY and response.status_code == 405:
            continue
        if response.status_code != 403 or "CSRF verification failed" not in response_body(response):
            accepted.append(f"{url}: {response.status_code}")
    assert accepted == []


@pytest.mark.django_db
def test_a_form_posted_with_its_token_passes_the_csrf_check(client, city_user):
    from ..conftest import PASSWORD

    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("login"), {"csrfmiddlewaretoken": token, "username": "city", "password": PASSWORD})
    assert response.status_code == 302
