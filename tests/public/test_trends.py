"""A city over the years: scores per year from the one scorecard selector, a page per KPI and data
point with a server-drawn chart and its table, and "since last cycle" arrows on the scorecard."""
import re

import pytest
from django.urls import reverse

from kpis.models import KPI, Category, DataPoint, Dimension, Edition, SubDimension
from submissions import roles
from submissions.models import Submission
from submissions.scorecards import submission_scorecard, submissions_scorecards

from .conftest import broadband, make_city, make_submission


@pytest.fixture
def three_years(db):
    city = make_city("utopia", "Utopia", country="Nowhere", is_sample=True)
    return [make_submission(city, year, broadband_percent=percent)
            for year, percent in ((2019, 10), (2020, 30), (2021, 70))]


def table_rows(page, caption):
    table = re.search(rf"<caption>{re.escape(caption)}.*?</caption>(.*?)</table>", page, re.S).group(1)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]


@pytest.mark.django_db
def test_the_scorecards_of_many_submissions_are_each_submissions_scorecard(three_years):
    cards = submissions_scorecards([submission.pk for submission in three_years])
    for submission in three_years:
        assert cards[submission.pk] == submission_scorecard(submission)


@pytest.mark.django_db
def test_the_trend_page_shows_three_years_of_scores_with_a_chart_and_a_table(client, three_years):
    response = client.get(reverse("public:trends", args=["utopia"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sample data" in page
    assert page.count('class="public-chart"') == 1 and "<script" not in page.split("<main")[1].split("</main>")[0]
    rows = table_rows(page, "Overall, dimension and category scores per year")
    assert rows[0] == "Score 2019 2020 2021"
    overall = [submission_scorecard(s).overall.percent for s in three_years]
    assert rows[1].startswith("Overall") and len(re.findall(r"\d+\.\d\d %", rows[1])) == 3
    assert rows[1].split()[1] == f"{overall[0]:.2f}"
    assert any(row.startswith("ICT Infrastructure ") for row in rows)


@pytest.mark.django_db
def test_a_data_points_page_shows_its_value_and_band_per_year(client, three_years):
    page = client.get(reverse("public:trend_data_point", args=["utopia", broadband().pk])).content.decode()
    rows = table_rows(page, "Fixed Broadband Subscriptions: value and band per year")
    assert rows[1:] == ["2019 10 Less than 33 % of target", "2020 30 33 - 66 % of target",
                        "2021 70 95+ % of target"]
    chart = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert chart.count("<circle") == 3 and "Target 60" in chart  # the target as a line across
    assert 'fill="#d7263d"' in chart and 'fill="#1e7b3c"' in chart  # the bands' colours


@pytest.mark.django_db
def test_a_kpis_page_shows_its_score_and_each_data_point_over_the_years(client, three_years):
    kpi = KPI.objects.get(code="EN: EN: AQ: 1C", category__dimension__edition=three_years[0].edition)
    page = client.get(reverse("public:trend_kpi", args=["utopia", kpi.pk])).content.decode()
    assert len(table_rows(page, f"{kpi.name}: score per year")) == 4
    assert page.count('class="public-chart"') == 1 + kpi.data_points.count()


@pytest.mark.django_db
def test_a_data_point_of_another_edition_is_shown_only_where_it_is_the_same(client, three_years):
    """A 2022 edition in which fixed broadband is counted per 100 000 inhabitants is another data point."""
    current = broadband()
    edition = Edition.objects.create(name="U4SSC KPIs 2022", year=2022)
    dimension = Dimension.objects.create(edition=edition, code="EC", name="Economy", order=1)
    category = Category.objects.create(dimension=dimension, name="ICT Infrastructure", order=1)
    subdimension = SubDimension.objects.create(dimension=dimension, code="ICT", name="ICT", order=1)
    kpi = KPI.objects.create(subdimension=subdimension, category=category, code=current.kpi.code,
                             name=current.kpi.name, type=KPI.CORE, order=1)
    DataPoint.objects.create(kpi=kpi, name=current.name, unit="per 100 000 inhabitants",
                             value_kind=DataPoint.NUMBER, direction=DataPoint.HIGHER, order=1)
    make_submission(three_years[0].city, 2022, edition=edition)
    page = client.get(reverse("public:trend_data_point", args=["utopia", current.pk])).content.decode()
    rows = table_rows(page, "Fixed Broadband Subscriptions: value and band per year")
    assert rows[-1] == "2022 not in this edition not in the U4SSC KPIs 2022 catalogue"
    assert rows[1:4] == ["2019 10 Less than 33 % of target", "2020 30 33 - 66 % of target",
                         "2021 70 95+ % of target"]


@pytest.mark.django_db
def test_the_public_sees_published_years_and_the_city_also_its_own_draft(client, make_user, three_years):
    city = three_years[0].city
    make_submission(city, 2022, state=Submission.DRAFT, broadband_percent=33)
    url = reverse("public:trend_data_point", args=["utopia", broadband().pk])
    assert "2022" not in client.get(url).content.decode()
    client.force_login(make_user("staff", roles.CITY_STAFF, city=city))
    rows = table_rows(client.get(url).content.decode(), "Fixed Broadband Subscriptions: value and band per year")
    assert rows[-1] == "2022 Draft, not public 33 33 - 66 % of target"


@pytest.mark.django_db
def test_a_city_with_nothing_published_has_no_trends_for_the_public(client, make_user):
    city = make_city("bergen", "Bergen")
    make_submission(city, 2021, state=Submission.VERIFIED)
    assert client.get(reverse("public:trends", args=["bergen"])).status_code == 404
    client.force_login(make_user("other", roles.CITY_STAFF, city=make_city("oslo", "Oslo")))
    assert client.get(reverse("public:trends", args=["bergen"])).status_code == 404
    client.force_login(make_user("boss", roles.SECRETARIAT))
    assert client.get(reverse("public:trends", args=["bergen"])).status_code == 200


@pytest.mark.django_db
def test_the_scores_page_shows_each_score_since_last_cycle(client, make_user, three_years):
    client.force_login(make_user("boss", roles.SECRETARIAT))
    page = client.get(reverse("submissions:scores", args=[three_years[2].pk])).content.decode()
    assert '<th scope="col">Since 2020</th>' in page
    row = re.search(r'<tr class="scorecard-category">\s*<th scope="row">ICT Infrastructure</th>(.*?)</tr>', page, re.S)
    assert re.search(r'class="since since-(up|down|same)"', row.group(1))
    assert "from " in row.group(1)  # in words for screen readers
    first = client.get(reverse("submissions:scores", args=[three_years[0].pk])).content.decode()
    assert "Since " not in first
