"""Drafts, submitted and signed-off but unpublished data never show on any public page: every URL of
the public pages, with every city, year and data point filled in, for a visitor and for a person
with no business with those cities."""
import itertools
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from submissions import roles
from submissions.models import Submission

from ..security.site_urls import site_urls
from .conftest import BROADBAND, broadband, make_city, make_report, make_submission

# Values only unpublished submissions hold: none may appear anywhere public.
SECRET_PERCENTS = {Submission.VERIFIED: Decimal("87.125"), Submission.SUBMITTED: Decimal("88.375"),
                   Submission.DRAFT: Decimal("89.625")}


@pytest.fixture
def world(db, make_user):
    alesund = make_city("alesund", "Ålesund")
    make_submission(alesund, 2019, broadband_percent=50)
    make_report(Submission.objects.get(city=alesund, year=2019), b"%PDF-1.4 published")
    for year, state in ((2020, Submission.VERIFIED), (2021, Submission.SUBMITTED), (2022, Submission.DRAFT)):
        unpublished = make_submission(alesund, year, state=state, broadband_percent=SECRET_PERCENTS[state])
        make_report(unpublished, b"%PDF-1.4 unpublished")
    for slug, state in (("secretville", Submission.VERIFIED), ("draftburg", Submission.DRAFT)):
        unpublished = make_submission(make_city(slug, slug.title()), 2019, state=state,
                                      broadband_percent=SECRET_PERCENTS[state])
        make_report(unpublished, b"%PDF-1.4 unpublished")
    outsider = make_user("outsider", roles.CITY_STAFF, city=make_city("oslo", "Oslo"))
    return {"visitor": None, "outsider": outsider}


def public_urls():
    """Every public page with every city, year, KPI and data point of the world."""
    data_point = broadband()
    values = {"slug": ["alesund", "secretville", "draftburg"], "year": [2019, 2020, 2021, 2022],
              "pk": None}
    urls = [reverse("robots_txt")]
    for site_url in site_urls():
        if not site_url.name.startswith("public:"):
            continue
        choices = dict(values, pk=[data_point.kpi_id if site_url.name == "public:trend_kpi" else data_point.pk])
        unknown = set(site_url.params) - set(choices)
        assert not unknown, f"{site_url.name}: fill in {unknown} here so the page is checked"
        for combination in itertools.product(*(choices[param] for param in site_url.params)):
            urls.append(reverse(site_url.name, kwargs=dict(zip(site_url.params, combination))))
    pk = data_point.pk
    urls += [reverse("public:compare") + f"?measure=data_point-{pk}&signed_off=on",
             reverse("public:compare") + f"?measure=data_point-{pk}&year=2019&signed_off=on",
             reverse("public:compare") + f"?measure=data_point-{pk}&city=alesund&peers=secretville"]
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["visitor", "outsider"])
def test_no_public_page_shows_unpublished_data(world, person):
    client = Client()
    if world[person] is not None:
        client.force_login(world[person])
    leaks = []
    for url in public_urls():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        # The language switch sends the visitor back to the address they asked for: that echo is theirs.
        text = body.decode(errors="replace").replace(f'name="next" value="{url}"', "")
        found = [word for word in ("Secretville", "Draftburg", "unpublished", "2020", "2021", "2022",
                                   *(str(p) for p in SECRET_PERCENTS.values())) if word in text]
        if found:
            leaks.append(f"{url}: {found}")
    assert leaks == []


@pytest.mark.django_db
def test_the_published_year_is_public_and_the_others_are_not_found(world, client):
    assert client.get(reverse("public:city_year", args=["alesund", 2019])).status_code == 200
    assert client.get(reverse("public:report", args=["alesund", 2019])).status_code == 200
    for year in (2020, 2021, 2022):
        assert client.get(reverse("public:city_year", args=["alesund", year])).status_code == 404
        assert client.get(reverse("public:report", args=["alesund", year])).status_code == 404
    for slug in ("secretville", "draftburg"):
        for name in ("public:city", "public:trends"):
            assert client.get(reverse(name, args=[slug])).status_code == 404
    assert BROADBAND[1] in client.get(reverse("public:city", args=["alesund"])).content.decode()
