"""Targets replaced or extended from a file in the reference format, by command or on the targets page."""
import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from kpis.models import Target
from submissions.models import Value

from .test_target_changes import DEGREES, INTERNET, data_point, stored

REFERENCE_TARGETS = Path(__file__).resolve().parents[2] / "fixtures" / "reference" / "targets.csv"
HEADER = "code,data_point,direction,target,source\n"


def targets_file(tmp_path, *rows):
    path = tmp_path / "targets.csv"
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def test_the_reference_file_loads_every_target_with_its_source_and_scores_the_values(submission, set_value, tmp_path):
    reference = list(csv.DictReader(REFERENCE_TARGETS.open(encoding="utf-8")))
    Target.objects.all().delete()
    set_value(submission, *INTERNET, number="96")
    assert stored(submission, *INTERNET).score_status == Value.NO_TARGET

    out = tmp_path / "out.txt"
    call_command("import_targets", str(REFERENCE_TARGETS), stdout=out.open("w"))

    assert f"{len(reference)} target(s) added, 0 changed, 0 unchanged; 1 value(s) rescored." in out.read_text()
    assert Target.objects.count() == len(reference)
    for row in reference:
        target = Target.objects.get(data_point__kpi__code=row["code"], data_point__name=row["data_point"])
        assert (target.direction, target.source) == (row["direction"], row["source"])
        if row["direction"] == "yes":
            assert target.yes_no is (row["target"] == "yes") and target.value is None
        else:
            assert target.value == Decimal(row["target"])
    value = stored(submission, *INTERNET)
    assert (value.percent_of_target, value.band) == (Decimal("96"), 4)


def test_a_file_replaces_the_targets_it_names_and_leaves_the_others(submission, set_value, tmp_path):
    set_value(submission, *INTERNET, number="50")
    set_value(submission, *DEGREES, number="20000")
    untouched = Target.objects.exclude(data_point=data_point(*INTERNET)).count()
    path = targets_file(
        tmp_path,
        "EC: ICT: ICT: 1C,Household Internet Access,higher,50,Revised by the secretariat",
        "SC: EH: ED: 3C,Higher Education Degrees,higher,25000,A new national commitment",
    )

    call_command("import_targets", str(path), stdout=(tmp_path / "out.txt").open("w"))

    assert stored(submission, *INTERNET).band == 4
    assert (stored(submission, *DEGREES).percent_of_target, stored(submission, *DEGREES).band) == (Decimal("80"), 3)
    assert Target.objects.get(data_point=data_point(*INTERNET)).source == "Revised by the secretariat"
    assert Target.objects.count() == untouched + 2


def test_a_file_with_bad_rows_lists_each_one_and_saves_nothing(submission, set_value, tmp_path):
    set_value(submission, *INTERNET, number="80")
    before = list(Target.objects.order_by("pk").values())
    path = targets_file(
        tmp_path,
        "SC: EH: ED: 3C,Higher Education Degrees,higher,25000,Good row",
        "EC: ICT: ICT: 1C,Household Internet Access,higher,lots,Bad number",
        "EC: XX: XX: 9C,Nothing Like It,higher,5,Unknown code",
        "EC: ICT: ICT: 1C,Household Internet Access,sideways,5,Bad direction",
        "EN: EN: AQ: 2C,GHG Emissions,lower,-1,Negative",
        "SC: EH: ED: 1C,Student ICT Access,higher,90,",
        "EN: EN: EQ: 1C,EMF Exposure,higher,120,A percentage over 100",
    )
    errors = tmp_path / "err.txt"

    with pytest.raises(CommandError, match="6 row"):
        call_command("import_targets", str(path), stdout=(tmp_path / "out.txt").open("w"), stderr=errors.open("w"))

    assert errors.read_text().splitlines() == [
        "row 3: EC: ICT: ICT: 1C / Household Internet Access: the target must be a number with a dot for decimals, not 'lots'",
        "row 4: EC: XX: XX: 9C / Nothing Like It: no such data point in U4SSC KPIs (Y.4903, 2017)",
        "row 5: EC: ICT: ICT: 1C / Household Internet Access: this data point is given twice (also row 3)",
        "row 6: EN: EN: AQ: 2C / GHG Emissions: the target must be a number of zero or more",
        "row 7: SC: EH: ED: 1C / Student ICT Access: give the source of the target",
        "row 8: EN: EN: EQ: 1C / EMF Exposure: the target cannot be over 100",
    ]
    assert list(Target.objects.order_by("pk").values()) == before
    assert stored(submission, *INTERNET).band == 3


def test_a_yes_no_target_takes_the_direction_yes_and_a_yes_or_no(submission, tmp_path):
    dp = Target.objects.filter(data_point__value_kind="yes_no").first().data_point
    path = targets_file(
        tmp_path,
        f"{dp.kpi.code},{dp.name},higher,100,Wrong kind",
        f"{dp.kpi.code},{dp.name},yes,maybe,Wrong answer",
    )
    errors = tmp_path / "err.txt"
    with pytest.raises(CommandError):
        call_command("import_targets", str(path), stdout=(tmp_path / "out.txt").open("w"), stderr=errors.open("w"))
    assert "a yes/no data point takes the direction yes" in errors.read_text()

    path = targets_file(tmp_path, f"{dp.kpi.code},{dp.name},yes,no,Not having it is the goal")
    call_command("import_targets", str(path), stdout=(tmp_path / "out.txt").open("w"))
    assert Target.objects.get(data_point=dp).yes_no is False


def test_the_secretariat_uploads_a_targets_file_on_the_targets_page(client, superuser, submission, set_value):
    set_value(submission, *INTERNET, number="50")
    client.force_login(superuser)
    assert reverse("kpis:targets_import") in client.get(reverse("kpis:targets")).content.decode()
    assert client.get(reverse("kpis:targets_import")).status_code == 200

    bad = SimpleUploadedFile("targets.csv", (HEADER + "EC: ICT: ICT: 1C,Household Internet Access,higher,x,S\n").encode())
    response = client.post(reverse("kpis:targets_import"),
                           {"edition": submission.edition_id, "file": bad, "reason": "Revised"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in html and "the target must be a number" in html
    assert stored(submission, *INTERNET).band == 2

    good = SimpleUploadedFile("targets.csv", (HEADER + "EC: ICT: ICT: 1C,Household Internet Access,higher,50,S\n").encode())
    response = client.post(reverse("kpis:targets_import"),
                           {"edition": submission.edition_id, "file": good, "reason": "Revised"}, follow=True)
    assert "Targets imported: 0 added, 1 changed, 0 unchanged; 1 value rescored. Targets edition 2." in (
        response.content.decode())
    assert stored(submission, *INTERNET).band == 4


def test_the_targets_page_refuses_a_file_that_is_not_a_table(client, superuser, submission):
    client.force_login(superuser)
    upload = SimpleUploadedFile("targets.pdf", b"%PDF-1.4")
    response = client.post(reverse("kpis:targets_import"), {"edition": submission.edition_id, "file": upload, "reason": "R"})
    assert response.status_code == 400
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    upload = SimpleUploadedFile("targets.csv", b"code,data_point\n")
    response = client.post(reverse("kpis:targets_import"), {"edition": submission.edition_id, "file": upload, "reason": "R"})
    assert "The header lacks the column(s): direction, target, source." in response.content.decode()
