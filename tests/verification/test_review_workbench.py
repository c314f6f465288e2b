"""The verifier's workbench: each row beside last cycle's value, the peers and the next band; size and query budgets."""
import re

import pytest
from django.urls import reverse

from submissions.models import Submission, Value
from submissions.services import submission_state_change
from verification.services import assignment_create

from .workbench import peer_cities, signed_off, values_fill_all

TRANSPORT_AND_ICT = ["EC: I: T: 4A", "EC: ICT: ICT: 1C", "EC: ICT: ICT: 3C"]


def under_review(submission, *, city_user, verifier, secretariat, base, only=None):
    values_fill_all(submission, city_user, base, only)
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    return submission


def row_html(page, value):
    return re.search(rf'<tr id="value-{value.pk}".*?</tr>', page, re.S).group(0)


@pytest.mark.django_db
def test_a_row_shows_last_cycle_the_peer_range_the_next_band_and_its_flags(
        login, make_user, city, city_user, verifier, secretariat, submission):
    signed_off(city=city, year=2020, actor=city_user, verifier=verifier, secretariat=secretariat, base=40,
               only=TRANSPORT_AND_ICT)
    peer_cities(3, verifier=verifier, secretariat=secretariat, make_user=make_user, only=TRANSPORT_AND_ICT)
    under_review(submission, city_user=city_user, verifier=verifier, secretariat=secretariat, base=70,
                 only=TRANSPORT_AND_ICT)
    page = login(verifier).get(reverse("verification:review", args=[submission.pk])).content.decode()
    internet = Value.objects.get(submission=submission, data_point__kpi__code="EC: ICT: ICT: 1C")
    row = row_html(page, internet)
    # 2020 was 45 %, now 75 %: +67 %, up; peers 25, 35, 45 (median 35); band 3 at 75 % of 100: next band at 95.
    assert "2020: 45 %" in row and "↑" in row and "+67 %" in row
    assert "Peers (3): 25 · 35 · 45, above the peers" in row
    assert "next band at 95" in row
    assert "+67 % from last cycle&#x27;s verified value 45." in row  # the change flag
    assert "Peer 0" not in page  # the peers are never named
    # The transport shares of 75 % each add up to 375 %: a flag on each of them, counted at the top.
    assert "The transportation mode shares (EC: I: T: 4A) add up to 375 %" in page
    assert re.search(r"<strong data-flagged>\d+</strong> data points flagged", page)


def review_page_fixture(count_peers, *, make_user, city, city_user, verifier, secretariat, submission, only):
    signed_off(city=city, year=2020, actor=city_user, verifier=verifier, secretariat=secretariat, base=40, only=only)
    peer_cities(count_peers, verifier=verifier, secretariat=secretariat, make_user=make_user, only=only)
    return under_review(submission, city_user=city_user, verifier=verifier, secretariat=secretariat, base=70,
                        only=only)


@pytest.mark.django_db
def test_the_page_for_112_data_points_with_last_year_and_three_peers_is_under_150_kb(
        login, make_user, city, city_user, verifier, secretariat, submission):
    review_page_fixture(3, make_user=make_user, city=city, city_user=city_user, verifier=verifier,
                        secretariat=secretariat, submission=submission, only=None)
    response = login(verifier).get(reverse("verification:review", args=[submission.pk]))
    page = response.content.decode()
    assert page.count('data-value-row="') == 112
    assert page.count("Peers (3)") > 100
    rows = re.findall(r'<tr id="value-.*?</tr>', page, re.S)
    print("review page bytes:", len(response.content), "rows:", sum(len(r) for r in rows))
    assert len(response.content) < 150_000


@pytest.mark.django_db
@pytest.mark.parametrize("peers", [1, 3])
def test_the_review_page_makes_a_fixed_number_of_queries_with_one_or_three_peers(
        peers, login, make_user, city, city_user, verifier, secretariat, submission, django_assert_num_queries):
    review_page_fixture(peers, make_user=make_user, city=city, city_user=city_user, verifier=verifier,
                        secretariat=secretariat, submission=submission, only=TRANSPORT_AND_ICT)
    client = login(verifier)
    url = reverse("verification:review", args=[submission.pk])
    client.get(url)
    with django_assert_num_queries(8):
        client.get(url)

