"""The catalogue's stamp changes with every change of the catalogue, so a fragment keyed on it is found
again only while nothing it shows has changed."""
from decimal import Decimal

import pytest
from django.db import transaction

from kpis.models import DataPoint, KPI, Target
from kpis.stamps import catalogue_stamp


def test_the_stamp_holds_while_nothing_changes(db):
    assert catalogue_stamp() == catalogue_stamp()


def _data_point_renamed():
    point = DataPoint.objects.order_by("pk").first()
    point.name_fr = "Un autre nom"
    point.save()


def _target_changed():
    target = Target.objects.order_by("pk").first()
    target.value = (target.value or Decimal(0)) + 1
    target.save()


def _target_removed():
    Target.objects.order_by("pk").first().delete()


def _kpi_defined():
    kpi = KPI.objects.order_by("pk").first()
    kpi.definition = "Measured once a year."
    kpi.save()


@pytest.mark.parametrize("change", [_data_point_renamed, _target_changed, _target_removed, _kpi_defined])
def test_each_change_of_the_catalogue_changes_the_stamp(db, change):
    before = catalogue_stamp()
    change()
    assert catalogue_stamp() != before


def test_the_stamp_changes_again_when_the_change_commits(catalogue_committed):
    point = DataPoint.objects.order_by("pk").first()
    with transaction.atomic():
        point.name_es = "Otro nombre"
        point.save()
        inside = catalogue_stamp()  # what a request reading the old, uncommitted catalogue would key on
    assert catalogue_stamp() != inside
