"""Public city profiles: the cities with published reports, each city's published years, scorecard,
sunburst, values and PDF report, without logging in; robots.txt lets search engines index them."""
import re

import pytest
from django.urls import reverse

from submissions.models import Submission
from verification.models import Review

from .conftest import broadband, make_city, make_report, make_submission


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def published_city(db):
    city = make_city("alesund", "Ålesund")
    make_submission(city, 2019, broadband_percent=50)
    make_submission(city, 2020, broadband_percent=70)
    return city


@pytest.mark.django_db
def test_the_list_shows_cities_with_published_reports_and_their_years_only(client, published_city):
    make_submission(make_city("bergen", "Bergen"), 2020, state=Submission.VERIFIED)
    make_submission(make_city("utopia", "Utopia", country="Nowhere", is_sample=True), 2021)
    response = client.get(reverse("public:cities"))
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("public:city_year", args=["alesund", 2019]) in page
    assert reverse("public:city_year", args=["alesund", 2020]) in page
    assert "Bergen" not in page
    assert re.search(r"Utopia</a> <span[^>]*sample-data[^>]*>Sample data</span>", page)


@pytest.mark.django_db
def test_a_visitor_sees_a_citys_latest_published_year_with_scorecard_sunburst_and_values(client, published_city):
    response = client.get(reverse("public:city", args=["alesund"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h2 class=\"h4\" id=\"years-title\">2020" in page
    assert "Scores against the benchmark targets" in page
    assert 'class="sunburst"' in page
    rows = re.findall(r"<tr class=\"value-(?:core|advanced)\">(.*?)</tr>", page.split('id="values-title"')[1], re.S)
    assert len(rows) == 112
    broadband_row = next(row for row in rows if "Fixed Broadband Subscriptions" in row)
    cells = [re.sub(r"<[^>]+>", " ", cell).split() for cell in re.findall(r"<td[^>]*>(.*?)</td>", broadband_row, re.S)]
    assert cells[2] == ["70"] and cells[3] == ["%"]  # value and unit, apart
    assert " ".join(cells[4]) == "95+ % of target"  # 70 % against a target of 60 %: the band in words
    assert cells[5] == ["no"]  # not verified


@pytest.mark.django_db
def test_verified_values_say_so(client, published_city):
    value = Submission.objects.get(city=published_city, year=2020).values.get(data_point=broadband())
    Review.objects.create(value=value, status=Review.VERIFIED)
    page = client.get(reverse("public:city", args=["alesund"])).content.decode()
    row = re.search(r"Fixed Broadband Subscriptions</a></td>(.*?)</tr>", page, re.S).group(1)
    assert row.rstrip().endswith("<td>yes</td>")


@pytest.mark.django_db
def test_the_profile_shows_each_score_since_the_last_published_year(client, published_city):
    page = client.get(reverse("public:city", args=["alesund"])).content.decode()
    assert '<th scope="col">Since 2019</th>' in page
    assert "since-up" in page  # every number went from 19 to 20, broadband from 50 to 70
    older = client.get(reverse("public:city_year", args=["alesund", 2019])).content.decode()
    assert "Since " not in older


@pytest.mark.django_db
def test_a_year_or_a_city_without_a_publication_is_not_found(client, published_city):
    make_submission(published_city, 2021, state=Submission.VERIFIED)
    make_submission(make_city("bergen", "Bergen"), 2021, state=Submission.DRAFT)
    assert client.get(reverse("public:city_year", args=["alesund", 2021])).status_code == 404
    assert client.get(reverse("public:city", args=["bergen"])).status_code == 404
    assert client.get(reverse("public:city", args=["nowhere"])).status_code == 404
    assert "2021" not in text(client.get(reverse("public:city", args=["alesund"])))


@pytest.mark.django_db
def test_the_pdf_report_of_a_published_year_downloads_without_logging_in(client, published_city):
    submission = Submission.objects.get(city=published_city, year=2020)
    make_report(submission, b"%PDF-1.4 the 2020 report")
    page = client.get(reverse("public:city", args=["alesund"])).content.decode()
    url = reverse("public:report", args=["alesund", 2020])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the 2020 report"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_the_report_of_an_unpublished_submission_is_not_found(client, published_city):
    signed_off = make_submission(published_city, 2021, state=Submission.VERIFIED)
    make_report(signed_off)
    assert client.get(reverse("public:report", args=["alesund", 2021])).status_code == 404
    assert client.get(reverse("public:report", args=["alesund", 2019])).status_code == 404  # none rendered


@pytest.mark.django_db
def test_robots_txt_lets_search_engines_index_the_public_pages_only(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Allow: {reverse('public:cities')}" in lines
    assert lines[-1] == "Disallow: /"


@pytest.mark.django_db
def test_public_pages_may_be_indexed_and_the_others_say_noindex(client, published_city, city_user):
    noindex = '<meta name="robots" content="noindex">'
    for url in (reverse("public:cities"), reverse("public:city", args=["alesund"]), reverse("home")):
        assert noindex not in client.get(url).content.decode(), url
    assert noindex in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_everyone_finds_the_cities_in_the_navigation(client, city_user):
    link = f'<a class="nav-link" href="{reverse("public:cities")}">Cities</a>'
    assert link in client.get(reverse("home")).content.decode()
    client.force_login(city_user)
    assert link in client.get(reverse("home")).content.decode()
