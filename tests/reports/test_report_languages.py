"""The report in French, Spanish and Arabic: the same figures as the English one, in the language's
separators; Arabic right to left, extracted in reading order; the language chosen on the page or the
command line, and a version per language."""
import re
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from reports import services, snapshots, tasks
from reports.models import ReportRequest, ReportVersion
from reports.selectors import report_content_from
from submissions.models import City

from .conftest import flat, pdf_pages, rendered_by_a_worker
from .test_report_content import TABLE_2, TABLE_3

# pdftotext marks runs of each direction with these; they are not text.
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# pdftotext gives the lam-alef ligature back as alef-lam: words are compared without either letter.
LAM_ALEF = re.compile("[\u0644\u0627\u0623\u0625\u0622]")
SECTION_2, SECTION_3, SECTION_4 = ("2. KPI Reporting and Verification Summary",
                                   "3. KPI Data Points Reporting and Verification Summary",
                                   "4. City Performance Benchmark")


def reading_order_text(pdf_bytes, tmp_path):
    """The text pdftotext reads in reading order (right to left lines put in logical order), without its marks."""
    path = tmp_path / "reading.pdf"
    path.write_bytes(pdf_bytes)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return BIDI_MARKS.sub("", text)


def tokens(text):
    """Words (their lam and alef letters left out) and numbers, in order; separators of thousands and
    decimals normalised: `67 240,10` and `67.240,10` read as 67240.10, as in English."""
    text = text.replace("\u202f", " ").replace("\xa0", " ")
    text = re.sub(r"(?<=\d)[ .](?=\d{3}\b)", "", text)
    text = re.sub(r"(?<=\d),(?=\d)", ".", text)
    words = (LAM_ALEF.sub("", token) for token in re.findall(r"\d+(?:\.\d+)?|[^\W\d_]+", text))
    return [word for word in words if word]


def heading_tokens(heading, language):
    with translation.override(language):
        words = translation.gettext(heading)
    return tokens(re.sub(r"^\d+\.\s*", "", words))


def between(all_tokens, start, end):
    def find(needle, after):
        for index in range(after, len(all_tokens) - len(needle) + 1):
            if all_tokens[index:index + len(needle)] == needle:
                return index
        raise AssertionError(f"{needle} not found")
    first = find(start, find(start, 0) + 1)  # the body's heading, not the contents page's
    return all_tokens[first:find(end, first)]


def figures(rows):
    """Total, reported, verified and % verified of each row of a seed table (headings have none)."""
    return [[str(cell).removesuffix(" %") for cell in row[1:]] for row in rows if len(row) > 1]


def assert_holds_the_seed_tables(pdf_bytes, language, tmp_path):
    found = tokens(reading_order_text(pdf_bytes, tmp_path))
    for rows, start, end in ((TABLE_2, SECTION_2, SECTION_3), (TABLE_3, SECTION_3, SECTION_4)):
        section = between(found, heading_tokens(start, language), heading_tokens(end, language))
        numbers = [token for token in section if token[0].isdigit()]
        position = 0
        for row in figures(rows):
            for index in range(position, len(numbers) - 3):
                if numbers[index:index + 4] == row:
                    position = index + 4
                    break
            else:
                raise AssertionError(f"{language}: {row} not found in order in {numbers}")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_translated_report_holds_the_seed_tables_2_and_3(alesund, language, tmp_path):
    pdf = services.report_pdf(alesund, language=language)
    assert_holds_the_seed_tables(pdf, language, tmp_path)
    with translation.override(language):
        title = translation.gettext("Verification Report")
    assert title != "Verification Report"
    assert title in flat(reading_order_text(pdf, tmp_path))


@pytest.mark.django_db
def test_the_english_report_passes_the_same_reading_of_its_tables(alesund_pdf, tmp_path):
    assert_holds_the_seed_tables(alesund_pdf, "en", tmp_path)


@pytest.mark.django_db
def test_numbers_and_dates_follow_the_language(alesund):
    french = services.report_html(alesund, language="fr")
    assert "67\u202f240,10 ha" in french and "82,85 %" in french and "116\u202f673 " in french
    assert "juin 2020" in french and "Rapport de vérification" in french
    spanish = services.report_html(alesund, language="es")
    assert "67.240,10 ha" in spanish and "82,85 %" in spanish and "116.673 " in spanish
    assert "junio de 2020" in spanish and "Informe de verificación" in spanish
    english = services.report_html(alesund, language="en")
    assert "67 240.10 ha" in english and "82.85 %" in english and "June 2020" in english
    arabic = services.report_html(alesund, language="ar")
    assert "67\u202f240.10" in arabic and "82.85 %" in arabic


@pytest.mark.django_db
def test_the_arabic_report_is_right_to_left_with_an_arabic_font_and_reads_in_order(alesund, tmp_path):
    html = services.report_html(alesund, language="ar")
    assert '<html lang="ar" dir="rtl">' in html and 'href="rtl.css"' in html
    assert '<html lang="en" dir="ltr">' in services.report_html(alesund, language="en")
    pdf = services.report_pdf(alesund, language="ar")
    path = tmp_path / "ar.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    embedded = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert embedded and all("DejaVu-Sans" in name for name in embedded), fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts  # every font embedded
    text = flat(reading_order_text(pdf, tmp_path))
    # Phrases without the lam-alef ligature, which pdftotext gives back letters swapped.
    for phrase in ("تقرير التحقق", "نتائج التحقق", "من المركز إلى الخارج", "بيانات 2019"):
        assert phrase in text, phrase
    # Read as stored, without reordering, the Arabic words of a line come the other way round.
    raw = flat(BIDI_MARKS.sub("", " ".join(pdf_pages(pdf, tmp_path))))
    assert "التحقق تقرير" in raw


@pytest.mark.django_db
def test_the_embedded_data_stays_in_english(alesund):
    english = report_content_from(snapshots.report_snapshot(alesund, language="en"))["data_file"]
    for language in ("fr", "ar"):
        translated = report_content_from(snapshots.report_snapshot(alesund, language=language))["data_file"]
        assert translated.content == english.content and translated.name == english.name


@pytest.mark.django_db
def test_render_report_takes_a_language(alesund, tmp_path, capsys):
    output = tmp_path / "es.pdf"
    call_command("render_report", "--city", "alesund", "--year", "2019", "--language", "es", "--output", str(output))
    assert "'es'" in capsys.readouterr().out
    text = flat(" ".join(pdf_pages(output.read_bytes(), tmp_path)))
    assert text.startswith("Informe de verificación") and "82,85 %" in text
    assert not ReportRequest.objects.exists()


@pytest.mark.django_db
def test_render_report_defaults_to_the_citys_report_language(alesund, tmp_path, capsys):
    City.objects.filter(pk=alesund.city_id).update(report_language="fr")
    output = tmp_path / "city.pdf"
    call_command("render_report", "--city", "alesund", "--year", "2019", "--output", str(output))
    text = flat(" ".join(pdf_pages(output.read_bytes(), tmp_path)))
    assert "Rapport de vérification" in text


@pytest.mark.django_db
def test_only_the_secretariat_chooses_the_language_on_the_report_page(alesund, client, django_user_model):
    City.objects.filter(pk=alesund.city_id).update(report_language="fr")
    url = reverse("reports:submission", args=[alesund.pk])
    client.force_login(django_user_model.objects.get(username="secretariat"))
    page = client.get(url).content.decode()
    assert 'id="report-language"' in page and '<option value="fr" lang="fr" selected>' in page
    for username in ("verifier", "city"):
        client.force_login(django_user_model.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200 and 'id="report-language"' not in response.content.decode()
        assert client.post(reverse("reports:request", args=[alesund.pk]), {"language": "es"}).status_code == 403
    assert not ReportRequest.objects.exists()


@pytest.mark.django_db
def test_a_request_without_a_choice_takes_the_citys_language(alesund, secretariat_user):
    City.objects.filter(pk=alesund.city_id).update(report_language="ar")
    request = tasks.report_request(submission_id=alesund.pk, actor=secretariat_user)
    assert request.language == "ar"


@pytest.fixture
def secretariat_user(alesund, django_user_model):
    return django_user_model.objects.get(username="secretariat")


def issued(submission, person, language):
    request = tasks.report_request(submission_id=submission.pk, actor=person, language=language)
    if request.state == ReportRequest.QUEUED:
        assert services.report_claim(request_id=request.pk)
        request = services.report_render(request_id=request.pk)
    return request


@pytest.mark.django_db
def test_a_version_in_french_is_another_version_and_each_is_kept(alesund, secretariat_user, tmp_path):
    english = issued(alesund, secretariat_user, "en").version
    french = issued(alesund, secretariat_user, "fr").version
    assert (english.number, english.language, french.number, french.language) == (1, "en", 2, "fr")
    assert english.digest != french.digest and french.snapshot["language"] == "fr"
    assert english.snapshot["values"] == french.snapshot["values"]
    # The same data asked for again in either language gives back its version, not a new rendering.
    again = tasks.report_request(submission_id=alesund.pk, actor=secretariat_user, language="fr")
    assert again.state == ReportRequest.READY and again.version == french
    assert tasks.report_request(submission_id=alesund.pk, actor=secretariat_user, language="en").version == english
    assert ReportVersion.objects.filter(submission=alesund).count() == 2
    text = flat(" ".join(pdf_pages(french.pdf.read(), tmp_path)))
    assert "Rapport de vérification" in text


@pytest.mark.django_db
def test_versions_issued_before_languages_are_english_and_still_found(alesund, secretariat_user):
    from importlib import import_module

    from django.apps import apps

    snapshot = snapshots.report_snapshot(alesund, language="en")
    old = {key: item for key, item in snapshot.items() if key != "language"}
    version = ReportVersion.objects.create(submission=alesund, number=1, snapshot=old, pdf="reports/old.pdf",
                                           digest=snapshots.snapshot_digest(old), published=True)
    assert services.report_version_kept(submission_id=alesund.pk, snapshot=snapshot) is None
    import_module("reports.migrations.0006_versions_in_english").mark_english(apps, None)
    version.refresh_from_db()
    assert version.language == "en" and version.snapshot == snapshot
    assert version.digest == snapshots.snapshot_digest(snapshot)
    assert services.report_version_kept(submission_id=alesund.pk, snapshot=snapshot) == version


@pytest.mark.services
def test_the_secretariat_asks_for_the_report_in_spanish_and_a_worker_renders_it(
        celery_worker_process, alesund, client, django_user_model, tmp_path):
    client.force_login(django_user_model.objects.get(username="secretariat"))
    response = client.post(reverse("reports:request", args=[alesund.pk]), {"language": "es"})
    assert response.status_code == 302
    row = rendered_by_a_worker(client, alesund, timeout=120)
    assert row["language"] == "es"
    download = client.get(row["download_url"])
    assert "(es).pdf" in download["Content-Disposition"]
    pdf = b"".join(download.streaming_content)
    assert "Informe de verificación" in flat(" ".join(pdf_pages(pdf, tmp_path)))
    assert_holds_the_seed_tables(pdf, "es", tmp_path)
    assert ReportVersion.objects.get(submission=alesund).language == "es"
