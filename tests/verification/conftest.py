"""Fixtures of the verification tests: a submitted submission with a few values, assigned."""
from decimal import Decimal

import pytest

from submissions.models import Submission
from submissions.services import ValueInput, submission_state_change, value_set
from submissions import roles
from verification.services import assignment_create

from ..conftest import PASSWORD


def values_fill(submission, actor, count):
    """Give the first `count` percentage data points a value, as the city would."""
    values = list(
        submission.values.filter(data_point__value_kind="percent")
        .in_catalogue_order()[:count]
    )
    for number, value in enumerate(values, start=1):
        value_set(value_id=value.pk, actor=actor,
                  data=ValueInput(number=Decimal(40 + number), source="City statistics office", data_quality="accurate"))
    return [type(value).objects.get(pk=value.pk) for value in values]


@pytest.fixture
def other_verifier(make_user):
    return make_user("other-verifier", roles.VERIFIER)


@pytest.fixture
def submitted(submission, city_user):
    """The city's 2021 submission with three reported values, submitted for verification."""
    values_fill(submission, city_user, 3)
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    submission.refresh_from_db()
    return submission


@pytest.fixture
def assigned(submitted, verifier, secretariat):
    assignment_create(submission_id=submitted.pk, verifier_id=verifier.pk, actor=secretariat)
    return submitted


@pytest.fixture
def reported(assigned):
    return list(assigned.values.filter(number__isnull=False).order_by("pk"))


@pytest.fixture
def login(client):
    def log_in(user):
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return log_in
