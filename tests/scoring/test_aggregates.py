"""Aggregates of a submission per KPI, category, sub-dimension, dimension and overall, from stored scores."""
from decimal import Decimal

import pytest

from kpis.models import KPI, Category, DataPoint, SubDimension
from kpis.scoring import Aggregate
from submissions.scorecards import submission_scorecard

from .test_target_changes import target_set

# Student ICT Access, School Enrolment, Higher Education Degrees, Adult Literacy: all higher is
# better with a target of 100, once Higher Education Degrees is given one.
EDUCATION = [
    ("SC: EH: ED: 1C", "Student ICT Access"),
    ("SC: EH: ED: 2C", "School Enrolment"),
    ("SC: EH: ED: 3C", "Higher Education Degrees"),
    ("SC: EH: ED: 4C", "Adult Literacy"),
]


@pytest.fixture
def education(submission):
    degrees = DataPoint.objects.get(kpi__code=EDUCATION[2][0], name=EDUCATION[2][1])
    target_set(data_point=degrees, value=Decimal("100"), source="A test target")
    return Category.objects.get(dimension__edition=submission.edition, name="Education")


def test_methodology_example_four_education_kpis_scoring_1_3_4_1(submission, set_value, education):
    for (code, name), number in zip(EDUCATION, ["20", "80", "100", "10"]):
        set_value(submission, code, name, number=number)

    aggregate = submission_scorecard(submission).categories[education.pk]

    assert (aggregate.points, aggregate.max_points) == (9, 16)
    assert aggregate.percent == Decimal("56.25")
    assert aggregate.band == 2


def test_methodology_example_three_reported_scoring_3_4_2(submission, set_value, education):
    for (code, name), number in zip(EDUCATION, ["80", "100", "50"]):
        set_value(submission, code, name, number=number)
    set_value(submission, *EDUCATION[3], not_reported_reason="No survey this year")

    aggregate = submission_scorecard(submission).categories[education.pk]

    assert (aggregate.points, aggregate.max_points, aggregate.percent, aggregate.band) == (9, 12, Decimal("75"), 3)


def test_values_without_a_target_are_left_out_of_both_sums(submission, set_value):
    set_value(submission, "EC: ICT: ICT: 1C", "Household Internet Access", number="96")  # 4 points
    set_value(submission, "EC: ICT: ICT: 3C", "Wireless Broadband Subscriptions", number="116673")  # no target

    card = submission_scorecard(submission)

    ict = Category.objects.get(dimension__edition=submission.edition, dimension__code="EC", name="ICT Infrastructure")
    assert card.categories[ict.pk] == Aggregate(4, 4)
    assert card.overall == Aggregate(4, 4)


def test_every_level_adds_up_from_the_kpis(submission, set_value):
    set_value(submission, "EC: ICT: ICT: 1C", "Household Internet Access", number="50")  # 2 points
    set_value(submission, "EN: EN: AQ: 1C", "Particulate Matter (PM10)", number="0")  # 4 points
    set_value(submission, "EN: EN: AQ: 1C", "Nitrogen Dioxide (NO2)", number="40")  # 25 % -> 1 point

    card = submission_scorecard(submission)

    air = KPI.objects.get(code="EN: EN: AQ: 1C")
    assert card.kpis[air.pk] == Aggregate(5, 8)
    assert card.subdimensions[air.subdimension_id] == Aggregate(5, 8)
    assert card.dimensions[air.category.dimension_id] == Aggregate(5, 8)
    assert card.overall == Aggregate(7, 12)
    assert card.overall.band == 2


def test_an_empty_submission_scores_nothing_anywhere(submission):
    card = submission_scorecard(submission)

    assert card.overall == Aggregate(0, 0)
    assert card.overall.percent is None and card.overall.band is None
    assert len(card.kpis) == 91
    assert len(card.categories) == Category.objects.filter(dimension__edition=submission.edition).count()
    assert len(card.subdimensions) == SubDimension.objects.filter(dimension__edition=submission.edition).count()
    assert len(card.dimensions) == 3
    assert set(card.kpis.values()) == {Aggregate(0, 0)}


def test_alesund_scorecard_adds_up_and_leaves_unscored_categories_empty(alesund):
    card = submission_scorecard(alesund)

    dimensions = list(card.dimensions.values())
    assert sum(a.points for a in dimensions) == card.overall.points
    assert sum(a.max_points for a in dimensions) == card.overall.max_points
    assert card.overall.max_points == 4 * alesund.values.filter(score_status="scored").count()
    culture = Category.objects.get(dimension__edition=alesund.edition, name="Culture")
    assert card.categories[culture.pk] == Aggregate(0, 0)


def test_scorecard_takes_one_query_whatever_the_submission(alesund, other_submission, django_assert_num_queries):
    for submission in (alesund, other_submission):
        with django_assert_num_queries(1):
            submission_scorecard(submission)
