"""Spreadsheet uploads that would take the server's memory or time are refused with a clear message."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from benchmarks import bomb_files
from submissions.models import Value

TOO_MANY_ROWS = "The file has more than 1,000 rows (blank rows count too); the template has one per data point."


def xlsx(chunks, dimension=None):
    handle = io.BytesIO()
    bomb_files.write_xlsx(handle, chunks, dimension=dimension)
    return handle.getvalue()


def upload(client, user, submission, name, content):
    client.force_login(user)
    response = client.post(reverse("submissions:import", args=[submission.pk]),
                           {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    return response.content.decode()


def nothing_saved():
    return not Value.objects.exclude(number=None).exists()


@pytest.mark.django_db
def test_a_workbook_whose_cell_expands_far_beyond_the_upload_limit_is_refused_unopened(client, city_user, submission):
    content = xlsx(bomb_files.one_huge_cell(40))
    assert len(content) < 200_000

    html = upload(client, city_user, submission, "values.xlsx", content)

    assert "The workbook would expand to more than 20 MB when opened" in html
    assert nothing_saved()


@pytest.mark.django_db
def test_a_workbook_of_a_million_blank_rows_is_refused(client, city_user, submission):
    html = upload(client, city_user, submission, "values.xlsx", xlsx(bomb_files.blank_rows_then_a_value(1_000_000)))

    assert TOO_MANY_ROWS in html
    assert nothing_saved()


@pytest.mark.django_db
def test_blank_rows_count_toward_the_row_limit_of_a_workbook(client, city_user, submission):
    html = upload(client, city_user, submission, "values.xlsx", xlsx(bomb_files.blank_rows_then_a_value(1_500)))

    assert TOO_MANY_ROWS in html
    assert nothing_saved()


@pytest.mark.django_db
def test_a_workbook_declaring_a_million_rows_is_refused_before_they_are_read(client, city_user, submission):
    content = xlsx(bomb_files.blank_rows_then_a_value(1), dimension="A1:G1048576")

    html = upload(client, city_user, submission, "values.xlsx", content)

    assert TOO_MANY_ROWS in html
    assert nothing_saved()


@pytest.mark.django_db
def test_blank_lines_count_toward_the_row_limit_of_a_csv_file(client, city_user, submission):
    handle = io.BytesIO()
    bomb_files.write_csv_with_blank_lines(handle, 1_000_000)

    html = upload(client, city_user, submission, "values.csv", handle.getvalue())

    assert TOO_MANY_ROWS in html
    assert nothing_saved()


@pytest.mark.django_db
@pytest.mark.parametrize("length", [20_000, 200_000])
def test_a_csv_cell_longer_than_any_field_allows_is_refused(client, city_user, submission, length):
    content = ("code,data_point,value,remarks\n"
               f"EC: ICT: ICT: 1C,Household Internet Access,96,{'x' * length}\n").encode()

    html = upload(client, city_user, submission, "values.csv", content)

    assert "no cell may be longer than 10,000" in html or "a cell longer than 10,000 characters" in html
    assert nothing_saved()


@pytest.mark.django_db
def test_a_workbook_cell_longer_than_any_field_allows_is_refused(client, city_user, submission):
    content = xlsx([bomb_files.row(1, bomb_files.HEADER + ["remarks"]),
                    bomb_files.row(2, ["EC: ICT: ICT: 1C", "Household Internet Access", "96", "", "", "", "",
                                       "x" * 20_000])])

    html = upload(client, city_user, submission, "values.xlsx", content)

    assert "Row 2 has a cell of 20,000 characters; no cell may be longer than 10,000." in html
    assert nothing_saved()


@pytest.mark.django_db
def test_import_values_refuses_a_file_over_the_upload_limit(city, tmp_path):
    path = tmp_path / "values.csv"
    with open(path, "wb") as handle:
        bomb_files.write_csv_with_blank_lines(handle, 6 * 1024 * 1024)

    with pytest.raises(CommandError, match="The file is larger than 5 MB"):
        call_command("import_values", "--city", "alesund", "--year", "2022", str(path), stdout=io.StringIO())
    assert nothing_saved()
