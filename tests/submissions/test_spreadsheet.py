"""The spreadsheet round trip: download the template, fill it in, upload it; the same code backs the commands."""
import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from submissions.models import Submission, Value

HEADER = ["code", "data_point", "value", "not_reported_reason", "source", "data_quality", "note"]


def export(client, submission, extension):
    response = client.get(reverse("submissions:export", args=[submission.pk, extension]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def rows_of_csv(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def csv_file(rows, name="filled.csv"):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=HEADER + ["kpi", "unit", "type"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8"), content_type="text/csv")


def upload(client, submission, file):
    return client.post(reverse("submissions:import", args=[submission.pk]), {"file": file})


@pytest.mark.django_db
def test_the_template_has_one_row_per_data_point_with_the_contract_columns(login, city_user, submission):
    client = login(city_user)
    rows = rows_of_csv(export(client, submission, "csv"))
    assert len(rows) == 112
    assert list(rows[0])[:7] == HEADER and list(rows[0])[7:] == ["kpi", "unit", "type"]
    assert rows[0]["code"] == "EC: ICT: ICT: 1C" and rows[0]["unit"] == "%"
    book = load_workbook(io.BytesIO(export(client, submission, "xlsx")))
    sheet = book.active
    assert [cell.value for cell in sheet[1]][:7] == HEADER
    assert sheet.max_row == 113


@pytest.mark.django_db
def test_a_filled_in_csv_template_is_imported(login, city_user, submission):
    client = login(city_user)
    rows = rows_of_csv(export(client, submission, "csv"))
    for row in rows:
        if row["unit"] == "yes/no":
            row["value"] = "yes"
        elif row["code"] == "EC: ICT: ICT: 5A":
            row["not_reported_reason"] = "Hotspots are not counted."
        else:
            row["value"] = "1" if row["unit"] != "%" else "50.5"
        row.update(source="Statistics Norway", data_quality="survey")
    response = upload(client, submission, csv_file(rows))
    assert response.status_code == 302
    assert submission.values.answered().count() == 112
    internet = submission.values.get(data_point__kpi__code="EC: ICT: ICT: 1C")
    assert (internet.number, internet.source, internet.data_quality) == (Decimal("50.5"), "Statistics Norway", "survey")
    wifi = submission.values.get(data_point__kpi__code="EC: ICT: ICT: 5A")
    assert wifi.not_reported and wifi.not_reported_reason == "Hotspots are not counted."


@pytest.mark.django_db
def test_an_xlsx_round_trip_keeps_every_value(client, city_user, alesund, submission):
    """Ålesund 2019 downloaded and uploaded into the 2021 draft gives the same values."""
    city_user.refresh_from_db()  # the demo seed resets the password of the user "city"
    client.force_login(city_user)
    book = export(client, alesund, "xlsx")
    response = upload(client, submission, SimpleUploadedFile("alesund.xlsx", book))
    assert response.status_code == 302

    def shown(s):
        return sorted((v.data_point_id, v.number, v.yes_no, v.not_reported, v.not_reported_reason, v.note)
                      for v in s.values.all())

    assert shown(submission) == shown(alesund)


@pytest.mark.django_db
def test_every_bad_row_is_listed_by_code_and_reason_and_nothing_is_saved(login, city_user, submission):
    client = login(city_user)
    rows = rows_of_csv(export(client, submission, "csv"))
    rows[0]["value"] = "96"                                   # good
    rows[1]["value"] = "-3"                                   # a negative percentage
    rows[2]["value"] = "abc"                                  # not a number
    rows[3].update(value="40", not_reported_reason="none")    # both
    rows[4]["data_quality"] = "guesswork"
    rows.append({**rows[5], "code": "XX: 9Z", "data_point": "Invented"})
    response = upload(client, submission, csv_file(rows))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved: 5 rows need fixing" in html
    for code, reason in [
        ("EC: ICT: ICT: 2C", "This value cannot be negative."),
        ("EC: ICT: ICT: 3C", "Enter a number, with a dot for decimals"),
        ("EC: ICT: ICT: 4C", "Give either a value or a not reported reason, not both."),
        ("XX: 9Z / Invented", "No such data point in this submission"),
        ("data_quality must be one of", ""),
    ]:
        assert code in html and reason in html
    assert not submission.values.answered().exists()


@pytest.mark.django_db
def test_an_unreadable_file_gets_a_clear_message(login, city_user, submission):
    response = upload(login(city_user), submission, SimpleUploadedFile("values.xlsx", b"not a workbook"))
    assert response.status_code == 400
    assert "The file is not a readable .xlsx workbook." in response.content.decode()
    response = upload(login(city_user), submission, SimpleUploadedFile("values.pdf", b"%PDF-1.4"))
    assert "Upload the template as .xlsx or .csv." in response.content.decode()


@pytest.mark.django_db
def test_a_semicolon_csv_from_a_european_spreadsheet_program_is_read(login, city_user, submission):
    content = "code;data_point;value\nEC: ICT: ICT: 1C;Household Internet Access;96\n".encode()
    response = upload(login(city_user), submission, SimpleUploadedFile("values.csv", content))
    assert response.status_code == 302
    assert submission.values.get(data_point__kpi__code="EC: ICT: ICT: 1C").number == 96


# ---- the commands

@pytest.mark.django_db
def test_import_values_creates_the_draft_and_export_values_writes_the_same_format(city, tmp_path, alesund):
    source = tmp_path / "alesund.csv"
    call_command("export_values", "--city", "alesund", "--year", "2019", str(source), stdout=io.StringIO())
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    assert len(rows) == 112 and list(rows[0])[:7] == HEADER
    out = io.StringIO()
    call_command("import_values", "--city", "alesund", "--year", "2022", str(source), stdout=out)
    assert "112 data point(s) changed" in out.getvalue()
    draft = Submission.objects.get(city__slug="alesund", year=2022)
    assert draft.state == Submission.DRAFT and draft.values.answered().count() == 112
    book = tmp_path / "draft.xlsx"
    call_command("export_values", "--city", "alesund", "--year", "2022", str(book), stdout=io.StringIO())
    sheet = load_workbook(book).active
    assert [cell.value for cell in sheet[1]][:7] == HEADER and sheet.max_row == 113


@pytest.mark.django_db
def test_import_values_lists_bad_rows_and_saves_nothing(city, tmp_path):
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["EC: ICT: ICT: 1C", "Household Internet Access", 96])
    book.active.append(["EC: ICT: ICT: 2C", "Fixed Broadband Subscriptions", 120])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 row"):
        call_command("import_values", "--city", "alesund", "--year", "2022", str(path), stderr=errors)
    assert "row 3: EC: ICT: ICT: 2C / Fixed Broadband Subscriptions: A percentage must be between 0 and 100." in errors.getvalue()
    assert not Value.objects.exclude(number=None).exists()


@pytest.mark.django_db
def test_import_values_refuses_a_submission_past_draft(alesund, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(",".join(HEADER) + "\n")
    with pytest.raises(CommandError, match="only a draft"):
        call_command("import_values", "--city", "alesund", "--year", "2019", str(path))


@pytest.mark.django_db
def test_seed_demo_loads_alesund_through_the_import_with_its_notes(alesund):
    assert alesund.values.answered().count() == 112
    assert alesund.values.filter(not_reported=True).count() == 5
    para = alesund.values.get(data_point__name="Para Transport")
    assert para.not_reported and para.not_reported_reason.startswith("Ålesund can count the people")
    assert sorted(alesund.values.exclude(note="").values_list("data_point__kpi__code", flat=True)) == [
        "SC: EH: C: 1C", "SC: SH: SA: 3A"]


# ---- how figures are read

@pytest.mark.django_db
def test_a_percent_formatted_cell_is_read_as_the_percentage_typed(login, city_user, submission):
    """Typing 50% in a spreadsheet program stores 0.5 shown as 50 %: that is 50, not 0.5."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["EC: ICT: ICT: 1C", "Household Internet Access", 0.5])
    sheet.append(["EC: ICT: ICT: 2C", "Fixed Broadband Subscriptions", 0.825])
    sheet.append(["EC: ICT: ICT: 5A", "Availability of Wi-Fi in Public Areas", 50])
    sheet["C2"].number_format = "0%"
    sheet["C3"].number_format = "0.0%"
    sheet["C4"].number_format = '0" %"'  # a percent sign as text: the number is shown as it is
    content = io.BytesIO()
    book.save(content)

    response = upload(login(city_user), submission, SimpleUploadedFile("values.xlsx", content.getvalue()))

    assert response.status_code == 302
    numbers = dict(submission.values.exclude(number=None).values_list("data_point__kpi__code", "number"))
    assert numbers == {"EC: ICT: ICT: 1C": Decimal("50"), "EC: ICT: ICT: 2C": Decimal("82.5"),
                       "EC: ICT: ICT: 5A": Decimal("50")}


@pytest.mark.django_db
def test_a_decimal_comma_in_a_csv_file_is_read_and_each_reading_is_listed(login, city_user, submission):
    content = ("code;data_point;value\n"
               "EC: ICT: ICT: 1C;Household Internet Access;85,5\n"
               "EC: ICT: ICT: 2C;Fixed Broadband Subscriptions;abc\n").encode()

    html = upload(login(city_user), submission, SimpleUploadedFile("values.csv", content)).content.decode()

    assert "85,5 was read as 85.5" in html
    content = "code;data_point;value\nEC: ICT: ICT: 1C;Household Internet Access;85,5\n".encode()
    response = upload(login(city_user), submission, SimpleUploadedFile("values.csv", content))
    assert response.status_code == 302
    assert submission.values.get(data_point__kpi__code="EC: ICT: ICT: 1C").number == Decimal("85.5")
    overview = login(city_user).get(response.url).content.decode()
    assert "Row 2, EC: ICT: ICT: 1C / Household Internet Access: 85,5 was read as 85.5." in overview


@pytest.mark.django_db
def test_a_comma_that_could_separate_thousands_is_refused_with_how_to_write_it(login, city_user, submission):
    services = submission.values.get(data_point__kpi__code="EC: ICT: PS: 2A").data_point  # a count
    rows = [{"code": "EC: ICT: PS: 2A", "data_point": services.name, "value": "1,234"}]

    response = upload(login(city_user), submission, csv_file(rows))

    assert response.status_code == 400
    assert ("“1,234” could be read two ways: write 1234 if the comma separates thousands, "
            "or 1.234 if it is a decimal comma.") in response.content.decode()
    assert not submission.values.answered().exists()


# ---- free-text limits

@pytest.mark.django_db
def test_an_over_long_note_source_or_reason_is_refused_on_its_row_and_nothing_is_cut(login, city_user, submission):
    rows = rows_of_csv(export(login(city_user), submission, "csv"))[:4]
    rows[0].update(value="50", note="n" * 2345)
    rows[1].update(value="50", source="s" * 345)
    rows[2].update(not_reported_reason="r" * 1234)
    rows[3].update(value="50", note="n" * 2000, source="s" * 300)  # at the limits: accepted

    response = upload(login(city_user), submission, csv_file(rows))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved: 3 rows need fixing" in html
    assert "note is 2,345 characters; at most 2,000." in html
    assert "source is 345 characters; at most 300." in html
    assert "not_reported_reason is 1,234 characters; at most 1,000." in html
    assert not submission.values.answered().exists()


@pytest.mark.django_db
def test_import_values_refuses_an_over_long_source_instead_of_cutting_it(city, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(",".join(HEADER) + "\n" + f"EC: ICT: ICT: 1C,Household Internet Access,96,,{'s' * 301},,\n")
    errors = io.StringIO()

    with pytest.raises(CommandError, match="1 row"):
        call_command("import_values", "--city", "alesund", "--year", "2022", str(path), stderr=errors)

    assert "row 2: EC: ICT: ICT: 1C / Household Internet Access: source is 301 characters; at most 300." in errors.getvalue()
    assert not Value.objects.exclude(source="").exists()
