"""Data entry in French, Spanish and Arabic: the pages translated, typed figures read by the language's convention."""
import csv
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kpis.models import Category
from submissions.forms import value_initial
from submissions.models import Profile, Value
from submissions.services import ValueInput, value_set
from kpis.numbers import read_number

from .conftest import category_post, entry_url, value_of

PERCENT = "EC: ICT: ICT: 1C"  # Household Internet Access, a percentage
COUNT = "EC: ICT: ICT: 5A"  # Availability of Wi-Fi in Public Areas, a count (the same category)


def speaking(client, user, language):
    """The client logged in as user, the pages in language (the cookie and the person's own choice)."""
    Profile.objects.update_or_create(user=user, defaults={"language": language})
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


# ---- reading a typed figure


@pytest.mark.parametrize("language, typed, number, reading", [
    # English and Arabic: a dot for decimals, a decimal comma read too and said so.
    ("en", "82.85", "82.85", ""),
    ("en", "85,5", "85.5", "85,5 was read as 85.5"),
    ("ar", "85,5", "85.5", "85,5 was read as 85.5"),
    ("en", "1 234.5", "1234.5", ""),
    ("ar", "١٢٣٫٥", "123.5", ""),  # Arabic-Indic digits and the Arabic decimal separator
    # French: the comma is the decimal separator, spaces (also narrow no-break) group thousands.
    ("fr", "85,5", "85.5", ""),
    ("fr", "1,234", "1.234", "1,234 was read as 1,234 (whole part 1, decimals 234)"),
    ("fr", "1\u202f234,5", "1234.5", "1\u202f234,5 was read as 1\u202f234,5 (whole part 1234, decimals 5)"),
    ("fr", "1 234 567", "1234567", ""),
    ("fr", "82.85", "82.85", "82.85 was read as 82,85 (whole part 82, decimals 85)"),  # an English source's dot
    ("fr", "1.234", "1.234", "1.234 was read as 1,234 (whole part 1, decimals 234)"),
    # Spanish: the comma is the decimal separator, dots (or spaces) group thousands.
    ("es", "85,5", "85.5", ""),
    ("es", "1,234", "1.234", "1,234 was read as 1,234 (whole part 1, decimals 234)"),
    ("es", "1.234,5", "1234.5", "1.234,5 was read as 1.234,5 (whole part 1234, decimals 5)"),
    ("es", "1.234.567", "1234567", "1.234.567 was read as 1.234.567 (a whole number: 1234567)"),
    ("es", "0.5", "0.5", "0.5 was read as 0,5 (whole part 0, decimals 5)"),
])
def test_a_typed_figure_is_read_by_the_languages_convention(language, typed, number, reading):
    with translation.override("en"):  # the reading's words in English; the convention is the language given
        assert read_number(typed, language) == (Decimal(number), reading)


@pytest.mark.parametrize("language, typed, message", [
    ("en", "1,234", "“1,234” could be read two ways: write 1234 if the comma separates thousands, "
                    "or 1.234 if it is a decimal comma."),
    ("ar", "1,234", "“1,234” could be read two ways: write 1234 if the comma separates thousands, "
                    "or 1.234 if it is a decimal comma."),
    ("es", "1.234", "“1.234” could be read two ways: write 1234 if the dot separates thousands, "
                    "or 1,234 if it is a decimal point."),
    ("fr", "1,234.5", "Enter a number, with a comma for decimals (for example 1\u202f234,5); "
                      "thousands may be separated by a space."),
    ("es", "1,234,567", "Enter a number, with a comma for decimals (for example 1.234,5); "
                        "thousands may be separated by a space."),
    ("fr", "abc", "Enter a number, with a comma for decimals (for example 82,85)."),
])
def test_a_figure_that_cannot_be_read_for_sure_is_refused_with_how_to_write_it(language, typed, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refusal:
            read_number(typed, language)
        assert refusal.value.messages == [message]


def test_the_reading_is_said_in_the_language_itself():
    with translation.override("fr"):
        assert read_number("1,234")[1] == "1,234 a été lu comme 1,234 (partie entière 1, décimales 234)"
    with translation.override("es"):
        assert read_number("1.234,5")[1] == "1.234,5 se leyó como 1.234,5 (parte entera 1234, decimales 5)"
        with pytest.raises(ValidationError) as refusal:
            read_number("1.234")
        assert refusal.value.messages == [
            "«1.234» puede leerse de dos maneras: escriba 1234 si el punto separa los miles, "
            "o 1,234 si es un punto decimal."]


def test_numbers_held_as_numbers_are_unaffected_by_the_language():
    for language in ("en", "fr", "es", "ar"):
        assert read_number(1.234, language) == (Decimal("1.234"), "")
        assert read_number(Decimal("1234.5"), language) == (Decimal("1234.5"), "")


# ---- the entry form


@pytest.mark.django_db
def test_in_french_a_decimal_comma_is_saved_and_the_field_shows_one(client, city_user, submission):
    percent = value_of(submission, PERCENT)
    category = percent.data_point.kpi.category
    client = speaking(client, city_user, "fr")
    with translation.override("fr"):
        post = category_post(submission, category, {percent.pk: {"value": "12,345"}})
    response = client.post(entry_url(submission, category), post, follow=True)
    assert response.status_code == 200
    assert Value.objects.get(pk=percent.pk).number == Decimal("12.345")
    page = response.content.decode()
    assert "Accès des ménages à l&#x27;Internet : 12,345 a été lu comme 12,345 (partie entière 12, décimales 345)." in page
    assert f'name="v{percent.pk}-value" value="12,345"' in page, "the stored value shown with a decimal comma"


@pytest.mark.django_db
def test_in_spanish_an_ambiguous_dot_is_refused_in_spanish_and_what_was_typed_is_kept(client, city_user, submission):
    count = value_of(submission, COUNT)
    category = count.data_point.kpi.category
    client = speaking(client, city_user, "es")
    with translation.override("es"):
        post = category_post(submission, category, {count.pk: {"value": "1.234"}})
    response = client.post(entry_url(submission, category), post)
    assert response.status_code == 400
    page = response.content.decode()
    assert ("«1.234» puede leerse de dos maneras: escriba 1234 si el punto separa los miles, "
            "o 1,234 si es un punto decimal.") in page
    assert f'name="v{count.pk}-value" value="1.234"' in page
    assert Value.objects.get(pk=count.pk).number is None


@pytest.mark.django_db
def test_in_spanish_dots_grouping_thousands_are_read_and_the_reading_is_shown_beside_the_field(
        client, city_user, submission):
    count, percent = value_of(submission, COUNT), value_of(submission, PERCENT)
    category = count.data_point.kpi.category
    assert percent.data_point.kpi.category == category
    client = speaking(client, city_user, "es")
    with translation.override("es"):
        post = category_post(submission, category, {count.pk: {"value": "1.234.567"}, percent.pk: {"value": "abc"}})
    response = client.post(entry_url(submission, category), post)
    assert response.status_code == 400
    hint = re.search(rf'id="id_v{count.pk}-value_helptext"[^>]*>(.*?)</', response.content.decode(), re.S)
    assert hint and hint.group(1).strip().startswith("1.234.567 se leyó como 1.234.567 (un número entero: 1234567).")
    assert "Introduzca un número, con una coma para los decimales (por ejemplo 82,85)." in response.content.decode()


@pytest.mark.django_db
def test_in_english_and_arabic_the_comma_rules_are_unchanged(client, city_user, submission):
    count = value_of(submission, COUNT)
    category = count.data_point.kpi.category
    for language in ("en", "ar"):
        client = speaking(client, city_user, language)
        response = client.post(entry_url(submission, category),
                               category_post(submission, category, {count.pk: {"value": "1,234"}}))
        assert response.status_code == 400
        assert Value.objects.get(pk=count.pk).number is None
    with translation.override("ar"):
        assert value_initial(Value(number=Decimal("82.85"), data_point=count.data_point))["value"] == "82.85"


# ---- the spreadsheet import


def csv_upload(rows):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\n")
    writer.writerow(["code", "data_point", "value"])
    writer.writerows(rows)
    return SimpleUploadedFile("values.csv", text.getvalue().encode("utf-8"), content_type="text/csv")


def import_url(submission):
    return reverse("submissions:import", args=[submission.pk])


@pytest.mark.django_db
def test_the_import_reads_figures_in_the_uploaders_language_and_lists_each_reading(client, city_user, submission):
    percent, count = value_of(submission, PERCENT), value_of(submission, COUNT)
    client = speaking(client, city_user, "fr")
    response = client.post(import_url(submission), {"file": csv_upload([
        [PERCENT, percent.data_point.name, "12,345"],
        [COUNT, count.data_point.name, "1 234"],
    ])}, follow=True)
    assert response.status_code == 200
    assert Value.objects.get(pk=percent.pk).number == Decimal("12.345")
    assert Value.objects.get(pk=count.pk).number == Decimal("1234")
    page = response.content.decode()
    assert "Le tableur est importé : 2 points de données modifiés, 0 inchangé." in page
    assert (f"Ligne 2, {PERCENT} / Accès des ménages à l&#x27;Internet : "
            "12,345 a été lu comme 12,345 (partie entière 12, décimales 345).") in page


@pytest.mark.django_db
def test_in_spanish_the_import_refuses_an_ambiguous_figure_in_spanish(client, city_user, submission):
    count = value_of(submission, COUNT)
    client = speaking(client, city_user, "es")
    response = client.post(import_url(submission), {"file": csv_upload([[COUNT, count.data_point.name, "1.234"]])})
    assert response.status_code == 400
    page = response.content.decode()
    assert "No se ha guardado nada: hay que corregir 1 fila" in page
    assert "«1.234» puede leerse de dos maneras" in page
    assert Value.objects.get(pk=count.pk).number is None


@pytest.mark.django_db
def test_an_exported_file_imported_unchanged_in_spanish_changes_nothing(client, city_user, submission):
    """The export writes a dot for decimals; a figure still as exported is read as such in any language."""
    percent = value_of(submission, PERCENT)
    value_set(value_id=percent.pk, actor=city_user, data=ValueInput(number=Decimal("1.234")))
    client = speaking(client, city_user, "es")
    exported = client.get(reverse("submissions:export", args=[submission.pk, "csv"])).content
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows[0].keys() >= {"code", "data_point", "value"}, "the headers stay in English"
    assert {r["code"]: r["value"] for r in rows}[PERCENT] == "1.234"
    response = client.post(import_url(submission), {"file": SimpleUploadedFile("back.csv", exported)}, follow=True)
    assert response.status_code == 200
    assert "0 datos modificados, 112 sin cambios" in response.content.decode()
    assert Value.objects.get(pk=percent.pk).number == Decimal("1.234")


# ---- the pages in each language


@pytest.mark.django_db
@pytest.mark.parametrize("language, entry_phrase, overview_phrase", [
    ("fr", "Enregistrer et passer à la catégorie suivante", "Avancement de la saisie"),
    ("es", "Guardar y pasar a la siguiente categoría", "Avance de la introducción"),
    ("ar", "حفظ والانتقال إلى الفئة التالية", "تقدم الإدخال"),
])
def test_the_entry_and_overview_pages_are_translated(client, city_user, submission, language, entry_phrase,
                                                     overview_phrase):
    client = speaking(client, city_user, language)
    category = Category.objects.get(name_en="ICT Infrastructure")
    entry = client.get(entry_url(submission, category))
    assert entry.status_code == 200
    assert entry_phrase in entry.content.decode()
    assert "Save and next category" not in entry.content.decode()
    overview = client.get(reverse("submissions:overview", args=[submission.pk]))
    assert overview.status_code == 200
    assert overview_phrase in overview.content.decode()
    assert "Entry progress" not in overview.content.decode()
    for name in ("submissions:import", "submissions:evidence", "submissions:context", "submissions:submit",
                 "submissions:scores"):
        assert client.get(reverse(name, args=[submission.pk])).status_code == 200, name


@pytest.mark.django_db
@pytest.mark.parametrize("language, phrase", [
    ("fr", "Cycles de collecte"), ("es", "Ciclos de presentación"), ("ar", "دورات الإبلاغ"),
])
def test_the_programme_dashboard_is_translated(client, secretariat, submission, language, phrase):
    client = speaking(client, secretariat, language)
    response = client.get(reverse("programme:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert phrase in page and "Reporting cycles" not in page
    assert client.get(reverse("programme:cycles")).status_code == 200
