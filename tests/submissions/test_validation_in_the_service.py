"""What the entry form refuses, value_set refuses itself: so do the admin and import_values, with the same words."""
import csv
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from kpis import limits
from submissions.forms import ValueForm
from submissions.models import Submission, Value
from submissions.services import ValueInput, submission_context_set, value_set

from .conftest import form_data, value_of
from .test_admin import admin_client, admin_form  # noqa: F401

TOO_LONG_NOTE = "n" * (limits.NOTE + 1)
TOO_LONG = f"Ensure this value has at most {limits.NOTE} characters (it has {limits.NOTE + 1})."

# (KPI code, what the form posts, what the admin posts, what a caller gives value_set, the field, the message)
REFUSED = {
    "a percentage of 140": (
        "EC: ICT: ICT: 1C", {"value": "140"}, {"number": "140"}, ValueInput(number=Decimal("140")),
        "value", "A percentage must be between 0 and 100."),
    "a count of 2.5": (
        "EC: ICT: ICT: 5A", {"value": "2.5"}, {"number": "2.5"}, ValueInput(number=Decimal("2.5")),
        "value", "A count is a whole number."),
    "a yes/no value of 7": (
        "SC: SH: SA: 3A", {"value": "7"}, {"number": "7"}, ValueInput(number=Decimal("7")),
        "value", "Answer yes or no."),
    "not reported without a reason": (
        "EC: ICT: ICT: 1C", {"not_reported": "on"}, {"not_reported": "on"}, ValueInput(not_reported=True),
        "not_reported_reason", "Say why this data point is not reported."),
    "an over-long note": (
        "EC: ICT: ICT: 1C", {"value": "40", "note": TOO_LONG_NOTE}, {"number": "40", "note": TOO_LONG_NOTE},
        ValueInput(number=Decimal("40"), note=TOO_LONG_NOTE),
        "note", TOO_LONG),
}
# A spreadsheet row holds a reason or not, so "not reported without a reason" cannot be written in one.
IN_A_FILE = {
    "a percentage of 140": ({"value": "140"}, "A percentage must be between 0 and 100."),
    "a count of 2.5": ({"value": "2.5"}, "A count is a whole number."),
    "a yes/no value of 7": ({"value": "7"}, "Answer yes or no."),
    "an over-long note": ({"value": "40", "note": TOO_LONG_NOTE},
                          f"note is {limits.NOTE + 1:,} characters; at most {limits.NOTE:,}."),
}


def nothing_stored(value):
    stored = Value.objects.get(pk=value.pk)
    return (stored.number, stored.yes_no, stored.not_reported, stored.note, stored.version) == (None, None, False, "", 0)


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED)
def test_the_entry_form_refuses_it_beside_the_field(submission, case):
    code, posted, _, _, field, message = REFUSED[case]
    value = value_of(submission, code)
    form = ValueForm(form_data(value, **posted), value=value, population=submission.population)
    assert not form.is_valid()
    assert message in form.errors[field]


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED)
def test_value_set_refuses_it_keyed_by_field_and_stores_nothing(submission, city_user, case):
    code, _, _, data, field, message = REFUSED[case]
    value = value_of(submission, code)
    with pytest.raises(ValidationError) as refusal:
        value_set(value_id=value.pk, actor=city_user, data=data)
    assert message in refusal.value.message_dict[field]
    assert nothing_stored(value)


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED)
def test_the_admin_refuses_it_with_the_same_message(admin_client, submission, case):  # noqa: F811
    code, _, posted, _, _, message = REFUSED[case]
    value = value_of(submission, code)
    response = admin_client.post(reverse("admin:submissions_value_change", args=[value.pk]), admin_form(value, **posted))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_stored(value)


@pytest.mark.django_db
@pytest.mark.parametrize("case", IN_A_FILE)
def test_import_values_refuses_it_with_the_same_message(submission, tmp_path, capsys, case):
    cells, message = IN_A_FILE[case]
    value = value_of(submission, REFUSED[case][0])
    path = tmp_path / "values.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["code", "data_point", "value", "not_reported_reason", "note"])
        writer.writeheader()
        writer.writerow({"code": value.data_point.kpi.code, "data_point": value.data_point.name, **cells})
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_values", "--city", submission.city.slug, "--year", str(submission.year), str(path))
    assert f"{value.data_point.kpi.code} / {value.data_point.name}: {message}" in capsys.readouterr().err
    assert nothing_stored(value)


@pytest.mark.django_db
@pytest.mark.parametrize("figures, field, message", [
    ({"land_area_km2": Decimal("-1")}, "land_area_km2", "This cannot be negative."),
    ({"gdp": Decimal("1000"), "gdp_currency": ""}, "gdp_currency", "Give the currency of the GDP."),
    ({"gdp_currency": "krone"}, "gdp_currency", "Give the three-letter currency code, e.g. NOK."),
])
def test_submission_context_set_refuses_what_the_context_form_refuses(submission, city_user, figures, field, message):
    with pytest.raises(ValidationError) as refusal:
        submission_context_set(submission_id=submission.pk, actor=city_user, **figures)
    assert message in refusal.value.message_dict[field]
    stored = Submission.objects.get(pk=submission.pk)
    assert (stored.land_area_km2, stored.gdp, stored.gdp_currency) == (None, None, "")
