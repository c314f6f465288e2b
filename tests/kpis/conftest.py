"""Fixtures of the targets tests: data points by code and name."""
import pytest

from kpis.models import DataPoint

INTERNET = ("EC: ICT: ICT: 1C", "Household Internet Access")  # higher is better, target 100
DEGREES = ("SC: EH: ED: 3C", "Higher Education Degrees")  # no target


def data_point(code, name):
    return DataPoint.objects.select_related("kpi").get(kpi__code=code, name=name)


@pytest.fixture
def internet(db):
    return data_point(*INTERNET)


@pytest.fixture
def degrees(db):
    return data_point(*DEGREES)


@pytest.fixture
def yes_no_point(db):
    return DataPoint.objects.select_related("kpi", "target").filter(value_kind="yes_no", target__isnull=False).first()


