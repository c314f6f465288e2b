"""The programme dashboard: every city × year with its figures, filtered, sorted, as CSV; constant queries."""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kpis.models import DataPoint
from programme.selectors import PAGE_ROWS
from kpis.selectors import edition_current
from submissions.models import City, Submission, Value
from submissions.services import ValueInput, city_create, submission_create, submission_state_change, value_set
from verification.services import assignment_create, query_raise

URL = reverse("programme:dashboard")


def shown(response):
    """The counts, the filters and the table, without the page's layout (whose form tokens differ)."""
    page = response.content.decode()
    return page[page.index('class="list-inline programme-counts"'):page.index("</main>")]


def rows_of(response):
    return [(row.city.name, row.year) for row in response.context["board"].rows]


@pytest.fixture
def programme(db, cycle, city, other_city, city_user, other_city_user, verifier, secretariat):
    """Ålesund 2025 submitted with five answers, assigned, one open query; Bergen 2025 a draft; Ålesund 2024 outside any cycle."""
    edition = edition_current()
    alesund = submission_create(city=city, year=2025, edition=edition, cycle=cycle, actor=city_user)
    values = list(alesund.values.order_by("data_point__kpi__category__dimension__order", "pk")[:5])
    for value in values:
        data = ValueInput(yes_no=True) if value.data_point.is_yes_no else ValueInput(number=Decimal(1))
        value_set(value_id=value.pk, actor=city_user, data=data)
    Submission.objects.filter(pk=alesund.pk).update(state=Submission.SUBMITTED)
    assignment_create(submission_id=alesund.pk, verifier_id=verifier.pk, actor=secretariat)
    query_raise(value_id=values[0].pk, actor=verifier, question="Where does this come from?")
    bergen = submission_create(city=other_city, year=2025, edition=edition, cycle=cycle, actor=other_city_user)
    older = submission_create(city=city, year=2024, edition=edition, actor=city_user)
    return alesund, bergen, older


def test_the_secretariat_sees_every_submission_with_its_figures(client, programme, secretariat, verifier):
    alesund, bergen, older = programme
    client.force_login(secretariat)
    response = client.get(URL)
    assert response.status_code == 200
    rows = {(row.city.name, row.year): row for row in response.context["board"].rows}
    assert set(rows) == {("Ålesund", 2025), ("Bergen", 2025), ("Ålesund", 2024)}
    row = rows[("Ålesund", 2025)]
    assert (row.answered, row.total, row.open_queries, row.verifier_name) == (5, 112, 1, "verifier")
    assert sum(answered for _, answered, _ in row.by_dimension) == 5
    assert [total for _, _, total in row.by_dimension] == [55, 28, 29]
    assert row.deadline == alesund.cycle.verification_deadline and row.days_left == 40
    assert rows[("Bergen", 2025)].deadline == alesund.cycle.submission_deadline
    assert rows[("Ålesund", 2024)].deadline is None
    page = response.content.decode()
    assert "5 / 112" in page and "40 days left" in page and "7 days left" in page
    assert response.context["board"].counts == {"draft": 2, "submitted": 1, "verified": 0, "published": 0}


def test_filters_narrow_the_table_and_the_csv_holds_the_same_rows(client, programme, secretariat, verifier, cycle):
    client.force_login(secretariat)
    assert rows_of(client.get(URL, {"state": "draft"})) == [("Bergen", 2025), ("Ålesund", 2024)]
    assert rows_of(client.get(URL, {"cycle": cycle.pk, "sort": "-progress"})) == [("Ålesund", 2025), ("Bergen", 2025)]
    assert rows_of(client.get(URL, {"verifier": verifier.pk})) == [("Ålesund", 2025)]
    city_create(slug="lyon", name="Lyon", country="France")
    assert rows_of(client.get(URL, {"country": "Norway", "sort": "year"})) == [
        ("Ålesund", 2024), ("Bergen", 2025), ("Ålesund", 2025)]
    response = client.get(reverse("programme:dashboard_csv"), {"cycle": cycle.pk, "sort": "-progress"})
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["city"], row["year"], row["answered"], row["open_queries"], row["verifier"]) for row in table] == [
        ("Ålesund", "2025", "5", "1", "verifier"), ("Bergen", "2025", "0", "0", "")]


def test_an_overdue_submission_is_flagged_and_filtered(client, programme, secretariat, cycle):
    cycle.submission_deadline = timezone.localdate() - datetime.timedelta(days=3)
    cycle.opens_on = cycle.submission_deadline - datetime.timedelta(days=30)
    cycle.save()
    client.force_login(secretariat)
    response = client.get(URL, {"overdue": "on"})
    assert rows_of(response) == [("Bergen", 2025)]
    assert "Overdue by 3 days" in response.content.decode()


def test_a_filter_that_is_not_a_choice_is_said_and_ignored(client, programme, secretariat):
    client.force_login(secretariat)
    response = client.get(URL, {"state": "lost", "country": "Norway"})
    assert response.status_code == 200
    assert len(response.context["board"].rows) == 3
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("role", ["city_user", "verifier"])
def test_nobody_but_the_secretariat_opens_the_dashboard(client, programme, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("programme:dashboard_csv")).status_code == 403


def _submissions(count, cycle, verifier, secretariat):
    """count cities with a draft each in the cycle, a few values answered, and an assignment on every one."""
    edition = edition_current()
    cities = City.objects.bulk_create(City(slug=f"city-{n}", name=f"City {n}", country=f"Country {n % 7}")
                                      for n in range(count))
    submissions = Submission.objects.bulk_create(
        Submission(city=city, year=2025, edition=edition, cycle=cycle, state=Submission.SUBMITTED) for city in cities)
    data_points = list(DataPoint.objects.filter(value_kind=DataPoint.NUMBER)[:3])
    Value.objects.bulk_create(Value(submission=s, data_point=dp, number=1) for s in submissions for dp in data_points)
    from verification.models import Assignment

    Assignment.objects.bulk_create(Assignment(submission=s, verifier=verifier, assigned_by=secretariat)
                                   for s in submissions)


@pytest.mark.parametrize("count", [1, 200])
def test_the_dashboard_makes_the_same_queries_for_1_and_200_submissions(
        client, django_assert_num_queries, cycle, verifier, secretariat, count):
    _submissions(count, cycle, verifier, secretariat)
    client.force_login(secretariat)
    with django_assert_num_queries(14):
        response = client.get(URL, {"sort": "verifier"})
    assert len(response.context["board"].rows) == min(count, PAGE_ROWS)
    # Asked again, the filters, the counts and the rows are the ones kept: only the session, the person and the
    # report requests' progress are read.
    with django_assert_num_queries(7):
        again = client.get(URL, {"sort": "verifier"})
    assert shown(again) == shown(response)
    with django_assert_num_queries(12):
        response = client.get(reverse("programme:dashboard_csv"), {"cycle": cycle.pk})
    assert response.content.decode().count("\r\n") == count + 1


def test_the_table_is_shown_a_page_at_a_time_sorted_and_filtered_across_pages_and_the_csv_has_every_row(
        client, cycle, verifier, secretariat):
    _submissions(PAGE_ROWS * 2 + 5, cycle, verifier, secretariat)
    every = sorted((f"City {n}" for n in range(PAGE_ROWS * 2 + 5)), reverse=True)
    client.force_login(secretariat)

    first = client.get(URL, {"sort": "-city", "cycle": cycle.pk})
    second = client.get(URL, {"sort": "-city", "cycle": cycle.pk, "page": 2})
    last = client.get(URL, {"sort": "-city", "cycle": cycle.pk, "page": 99})

    assert [name for name, _ in rows_of(first)] == every[:PAGE_ROWS]
    assert [name for name, _ in rows_of(second)] == every[PAGE_ROWS:PAGE_ROWS * 2]
    assert [name for name, _ in rows_of(last)] == every[PAGE_ROWS * 2:]
    page = second.content.decode()
    assert f"Rows {PAGE_ROWS + 1}–{PAGE_ROWS * 2} of {PAGE_ROWS * 2 + 5}" in page
    assert f'href="?sort=-city&amp;cycle={cycle.pk}&amp;page=3"' in page
    assert f'rel="prev" href="?sort=-city&amp;cycle={cycle.pk}&amp;page=1"' in page
    assert 'aria-current="page"><span class="page-link">2</span>' in page
    assert f"?cycle={cycle.pk}&amp;sort=city" in page  # a new sort starts at the first page
    csv_rows = client.get(reverse("programme:dashboard_csv"), {"sort": "-city", "cycle": cycle.pk, "page": 2})
    assert [row["city"] for row in csv.DictReader(io.StringIO(csv_rows.content.decode()))] == every
