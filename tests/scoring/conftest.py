"""Fixtures for the scoring tests: set a value of a submission the way every entry path does."""
from decimal import Decimal

import pytest

from submissions.models import Value
from submissions.services import ValueInput, value_set
from submissions import roles


@pytest.fixture
def set_value(make_user):
    """Save a value of a submission through value_set, found by KPI code and data point name."""

    actor = make_user("scorer", roles.SECRETARIAT)  # the secretariat may change any value not signed off

    def save(submission, code, data_point, number=None, yes_no=None, not_reported_reason=""):
        value = Value.objects.get(submission=submission, data_point__kpi__code=code, data_point__name=data_point)
        data = ValueInput(
            number=None if number is None else Decimal(str(number)), yes_no=yes_no,
            not_reported=bool(not_reported_reason), not_reported_reason=not_reported_reason,
        )
        value_set(value_id=value.pk, actor=actor, data=data)
        value.refresh_from_db()
        return value

    return save


@pytest.fixture
def superuser(make_user):
    return make_user("admin", is_staff=True, is_superuser=True)
