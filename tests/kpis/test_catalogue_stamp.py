"""The catalogue's stamp changes with every change of the catalogue, so a fragment keyed on it is found
again only while nothing it shows has changed."""
from decimal import Decimal

from django.db import transaction

from kpis.models import DataPoint, KPI, Target
from kpis.stamps import catalogue_stamp


def test_the_stamp_holds_while_nothing_changes(db):
    assert catalogue_stamp() == catalogue_stamp()


def test_a_renamed_data_point_changes_the_stamp(db):
    before = catalogue_stamp()
    point = DataPoint.objects.order_by("pk").first()
    point.name_fr = "Un autre nom"
    point.save()
    assert catalogue_stamp() != before


def test_a_changed_target_and_a_deleted_one_change_the_stamp(db):
    target = Target.objects.order_by("pk").first()
    before = catalogue_stamp()
    target.value = (target.value or Decimal(0)) + 1
    target.save()
    middle = catalogue_stamp()
    assert middle != before
    target.delete()
    assert catalogue_stamp() != middle


def test_a_kpi_definition_changes_the_stamp(db):
    before = catalogue_stamp()
    kpi = KPI.objects.order_by("pk").first()
    kpi.definition = "Measured once a year."
    kpi.save()
    assert catalogue_stamp() != before


def test_the_stamp_changes_again_when_the_change_commits(catalogue_committed):
    point = DataPoint.objects.order_by("pk").first()
    with transaction.atomic():
        point.name_es = "Otro nombre"
        point.save()
        inside = catalogue_stamp()  # what a request reading the old, uncommitted catalogue would key on
    assert catalogue_stamp() != inside
