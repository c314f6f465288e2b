"""The catalogue as loaded matches DESIGN.md's counts and the reference files."""
import csv
import json
import re
import subprocess
import sys
from collections import Counter

import pytest

from kpis.models import KPI, DataPoint, Target
from tests.conftest import CATALOGUE, ROOT

REFERENCE = ROOT / "fixtures" / "reference"
CODE = re.compile(r"^(EC|EN|SC): [A-Z]+: [A-Z]+: \d+[CA]$")

EXPECTED = {
    # dimension: (core KPIs, advanced KPIs, core data points, advanced data points)
    "Economy": (23, 22, 24, 31),
    "Environment": (12, 5, 23, 5),
    "Society and Culture": (19, 10, 19, 10),
}


@pytest.mark.django_db
def test_counts_per_dimension_match_the_design():
    for dimension, (core, advanced, core_dp, advanced_dp) in EXPECTED.items():
        kpis = KPI.objects.filter(category__dimension__name=dimension)
        points = DataPoint.objects.filter(kpi__category__dimension__name=dimension)
        assert kpis.filter(type="core").count() == core, dimension
        assert kpis.filter(type="advanced").count() == advanced, dimension
        assert points.filter(kpi__type="core").count() == core_dp, dimension
        assert points.filter(kpi__type="advanced").count() == advanced_dp, dimension
    assert KPI.objects.count() == 91
    assert DataPoint.objects.count() == 112


@pytest.mark.django_db
def test_every_code_is_unique_and_well_formed():
    codes = list(KPI.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    for kpi in KPI.objects.select_related("category__dimension"):
        assert CODE.match(kpi.code), kpi.code
        assert kpi.code.startswith(kpi.category.dimension.code)
        assert kpi.code.endswith("C" if kpi.type == "core" else "A")
    names = Counter(DataPoint.objects.values_list("kpi__code", "name"))
    assert max(names.values()) == 1


@pytest.mark.django_db
def test_every_alesund_value_maps_to_exactly_one_data_point():
    with open(REFERENCE / "alesund_2019.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 112
    matched = set()
    for row in rows:
        found = DataPoint.objects.filter(kpi__code=row["code"], name=row["data_point"])
        assert found.count() == 1, row
        matched.add(found.get().pk)
    assert len(matched) == 112


@pytest.mark.django_db
def test_targets_carry_their_source_and_match_the_reference():
    with open(REFERENCE / "targets.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert Target.objects.count() == len(rows)
    for row in rows:
        target = Target.objects.get(data_point__kpi__code=row["code"], data_point__name=row["data_point"])
        assert target.source == row["source"]
        assert target.direction == row["direction"]


@pytest.mark.django_db
def test_a_category_name_under_two_dimensions_is_its_own_row():
    from kpis.models import Category

    assert Category.objects.filter(name="Water and Sanitation").count() == 2
    assert Category.objects.filter(name="Waste").count() == 2
    assert len(set(Category.objects.values_list("name", flat=True))) == 22


def test_committed_fixture_is_what_the_generator_builds(tmp_path):
    output = tmp_path / "catalogue.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_catalogue_fixture.py"), "--output", str(output)], check=True, capture_output=True)
    assert json.loads(output.read_text()) == json.loads(CATALOGUE.read_text())


def test_reference_copies_match_the_shared_reference_when_present():
    shared = ROOT.parent / "shared" / "reference"
    if not shared.exists():
        pytest.skip("no shared reference folder beside this checkout")
    for name in ("u4ssc_kpis.csv", "alesund_2019.csv", "targets.csv"):
        assert (REFERENCE / name).read_bytes() == (shared / name).read_bytes(), name
