"""The catalogue in French, Spanish and Arabic: provisional translations loaded with the catalogue, the
secretariat's corrections, and files that stay keyed by the English names."""
import csv
import io
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kpis.models import KPI, Category, DataPoint, Dimension, SubDimension, Target, TranslationChange
from tests.conftest import ROOT

from .conftest import INTERNET

pytestmark = pytest.mark.django_db
LANGUAGES = ("fr", "es", "ar")


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return {"HTTP_ACCEPT_LANGUAGE": language}


def test_every_row_has_its_name_and_unit_in_french_spanish_and_arabic_all_provisional():
    assert DataPoint.objects.count() == 112 and KPI.objects.count() == 91
    for model in (Dimension, SubDimension, Category, KPI, DataPoint):
        for row in model.objects.all():
            for language in LANGUAGES:
                name = getattr(row, f"name_{language}")
                assert name and name.strip(), (row.name_en, language)
                assert row.translation_is_provisional(language), (row.name_en, language)
                if hasattr(row, "unit_en") and row.unit_en:
                    assert getattr(row, f"unit_{language}"), (row.name_en, language)
            assert not row.translation_is_provisional("en")
    internet = DataPoint.objects.get(kpi__code=INTERNET[0], name_en=INTERNET[1])
    assert internet.name_fr == "Accès des ménages à l'Internet"
    assert internet.name_es == "Acceso de los hogares a Internet"
    assert internet.name_ar == "نفاذ الأسر إلى الإنترنت"
    per_100k = DataPoint.objects.get(name_en="Wireless Broadband Subscriptions")
    assert (per_100k.unit_fr, per_100k.unit_es) == ("/ 100 000 habitants", "/ 100 000 habitantes")


def test_the_name_follows_the_active_language_with_english_as_the_fallback():
    economy = Dimension.objects.get(code="EC")
    with translation.override("fr"):
        assert Dimension.objects.get(code="EC").name == "Économie"
    with translation.override("ar"):
        assert Dimension.objects.get(code="EC").name == "الاقتصاد"
    economy.name_es = None
    economy.save()
    with translation.override("es"):
        assert Dimension.objects.get(code="EC").name == "Economy"
    assert Dimension.objects.get(code="EC").name == "Economy"


def test_saving_in_another_language_keeps_the_english_text_in_the_original_column():
    from django.db import connection

    with translation.override("fr"):
        point = DataPoint.objects.get(name_en=INTERNET[1])
        point.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, name_en FROM kpis_datapoint WHERE id = %s", [point.pk])
        assert cursor.fetchone() == (INTERNET[1], INTERNET[1])


def test_the_catalogue_page_in_french_shows_french_names_marked_provisional(client):
    html = client.get(reverse("kpis:catalogue"), **in_language(client, "fr")).content.decode()
    assert "Accès des ménages à l&#x27;Internet" in html
    assert "Économie" in html and "Infrastructure TIC" in html
    assert "Household Internet Access" not in html
    assert "traductions provisoires" in html
    assert "translation-provisional" in html
    english = client.get(reverse("kpis:catalogue"), **in_language(client, "en")).content.decode()
    assert "Household Internet Access" in english
    assert "catalogue-translation-note" not in english and "translation-provisional" not in english


@pytest.mark.parametrize("language,name", [("es", "Acceso de los hogares a Internet"),
                                           ("ar", "نفاذ الأسر إلى الإنترنت")])
def test_the_kpi_page_in_spanish_and_arabic_shows_the_translated_name(client, language, name):
    kpi = KPI.objects.get(code=INTERNET[0])
    html = client.get(reverse("kpis:kpi", args=[kpi.pk]), **in_language(client, language)).content.decode()
    assert name in html
    assert "catalogue-translation-note" in html and "translation-provisional" in html


def test_the_secretariat_corrects_a_translation_which_is_then_confirmed_and_kept(client, secretariat):
    point = DataPoint.objects.get(name_en=INTERNET[1])
    client.force_login(secretariat)
    listing = client.get(reverse("kpis:translations") + "?language=fr").content.decode()
    assert "Accès des ménages à l&#x27;Internet" in listing and "Confirm or correct" in listing

    url = reverse("kpis:translation_edit", args=["datapoint", point.pk, "fr"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Accès des ménages à Internet", "unit": "%"})
    assert response.status_code == 302

    point.refresh_from_db()
    assert point.name_fr == "Accès des ménages à Internet"
    assert point.name_en == INTERNET[1]
    assert not point.translation_is_provisional("fr")
    assert point.translation_is_provisional("es") and point.translation_is_provisional("ar")
    change = TranslationChange.objects.get()
    assert (change.model, change.object_id, change.language, change.changed_by) == (
        "datapoint", point.pk, "fr", secretariat)
    assert change.before == {"name": "Accès des ménages à l'Internet", "unit": "%"}
    assert change.after == {"name": "Accès des ménages à Internet", "unit": "%"}

    kpi = point.kpi
    html = client.get(reverse("kpis:kpi", args=[kpi.pk]), **in_language(client, "fr")).content.decode()
    row = html[html.index("<tr><td>Accès des ménages à Internet"):]
    row = row[:row.index("</tr>")]
    assert "translation-provisional" not in row  # confirmed in French
    assert "translation-provisional" in html  # the KPI's own name is still provisional


def test_a_correction_without_a_name_is_refused_and_changes_nothing(client, secretariat):
    kpi = KPI.objects.get(code=INTERNET[0])
    client.force_login(secretariat)
    response = client.post(reverse("kpis:translation_edit", args=["kpi", kpi.pk, "es"]),
                           {"name": "  ", "unit": "%"})
    assert response.status_code == 400
    kpi.refresh_from_db()
    assert kpi.name_es == "Acceso de los hogares a Internet" and kpi.translation_is_provisional("es")
    assert not TranslationChange.objects.exists()


def test_a_translation_may_not_repeat_another_data_point_name_of_the_same_kpi(client, secretariat):
    point = DataPoint.objects.get(name_en="4G")
    client.force_login(secretariat)
    response = client.post(reverse("kpis:translation_edit", args=["datapoint", point.pk, "ar"]),
                           {"name": DataPoint.objects.get(name_en="3G").name_ar, "unit": "%"})
    assert response.status_code == 400
    point.refresh_from_db()
    assert point.name_ar == "الجيل الرابع (4G)"


def test_only_the_secretariat_corrects_translations(client, city_user, verifier):
    point = DataPoint.objects.get(name_en=INTERNET[1])
    url = reverse("kpis:translation_edit", args=["datapoint", point.pk, "fr"])
    assert client.get(reverse("kpis:translations")).status_code == 302  # to sign in
    assert client.post(url, {"name": "X", "unit": "%"}).status_code == 302
    for person in (city_user, verifier):
        client.force_login(person)
        assert client.get(reverse("kpis:translations")).status_code == 403
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "X", "unit": "%"}).status_code == 403
    point.refresh_from_db()
    assert point.name_fr == "Accès des ménages à l'Internet" and point.translation_is_provisional("fr")
    assert not TranslationChange.objects.exists()


def test_english_is_not_a_translation_to_confirm(client, secretariat):
    client.force_login(secretariat)
    point = DataPoint.objects.get(name_en=INTERNET[1])
    assert client.get(reverse("kpis:translation_edit", args=["datapoint", point.pk, "en"])).status_code == 404


def test_a_targets_file_is_keyed_by_english_names_from_a_page_in_french(client, secretariat, internet):
    client.force_login(secretariat)
    headers = in_language(client, "fr")
    body = "code,data_point,direction,target,source\n" + f"{INTERNET[0]},{INTERNET[1]},higher,95,ITU\n"
    response = client.post(reverse("kpis:targets_import"), {
        "file": SimpleUploadedFile("targets.csv", body.encode()), "reason": "Révision",
        "edition": internet.kpi.subdimension.dimension.edition_id}, **headers)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Target.objects.get(data_point=internet).value == 95


def test_a_values_spreadsheet_exported_in_french_imports_back_unchanged(client, city_user, alesund, submission):
    city_user.refresh_from_db()
    client.force_login(city_user)
    headers = in_language(client, "fr")
    exported = client.get(reverse("submissions:export", args=[alesund.pk, "csv"]), **headers)
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) == 112
    assert {row["data_point"] for row in rows} == set(DataPoint.objects.values_list("name_en", flat=True))
    response = client.post(reverse("submissions:import", args=[submission.pk]),
                           {"file": SimpleUploadedFile("alesund.csv", exported.content)}, **headers)
    assert response.status_code == 302

    def shown(s):
        return sorted((v.data_point_id, v.number, v.yes_no, v.not_reported) for v in s.values.all())

    assert shown(submission) == shown(alesund)


def test_the_translations_file_is_complete_and_builds_into_the_fixture(tmp_path):
    with open(ROOT / "fixtures" / "reference" / "catalogue_translations.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    points = [row for row in rows if row["kind"] == "datapoint" and row["field"] == "name"]
    assert len(points) == 112 * 3
    assert {row["lang"] for row in rows} == set(LANGUAGES)
    output = tmp_path / "catalogue.json"
    broken = tmp_path / "reference"
    broken.mkdir()
    for source in (ROOT / "fixtures" / "reference").iterdir():
        text = source.read_text(encoding="utf-8")
        if source.name == "catalogue_translations.csv":
            text = "\n".join(line for line in text.splitlines() if not line.startswith("datapoint,3G,name,ar,"))
        (broken / source.name).write_text(text + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_catalogue_fixture.py"),
                             "--reference", str(broken), "--output", str(output)], capture_output=True, text=True)
    assert result.returncode != 0 and "lacks a language of datapoint 3G name" in result.stderr


def test_no_migration_is_missing():
    result = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_older_database_gets_the_translations_and_keeps_the_confirmed_ones():
    from django.core.management import call_command

    DataPoint.objects.update(name_fr=None, name_es=None, unit_fr=None)
    confirmed = DataPoint.objects.get(name_en="3G")
    confirmed.name_es, confirmed.translations_confirmed = "Tercera generación (3G)", ["es"]
    confirmed.save()
    out = io.StringIO()
    call_command("load_catalogue_translations", stdout=out)
    assert "translation(s) set" in out.getvalue()
    assert DataPoint.objects.filter(name_fr__isnull=True).count() == 0
    assert DataPoint.objects.get(name_en=INTERNET[1]).name_fr == "Accès des ménages à l'Internet"
    assert DataPoint.objects.get(name_en="3G").name_es == "Tercera generación (3G)"
