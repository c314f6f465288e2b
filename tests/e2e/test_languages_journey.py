"""The demo in three languages, in headless Chromium against gunicorn (debug off) and a real Celery worker.

A city's statistics officer switches the site to Arabic with the switch on the page: the page is laid out
right to left (Bootstrap's RTL stylesheet, the navigation mirrored); they type a value in Arabic-Indic
digits, which is stored and shown; at their next sign-in, in another browser, the site is in Arabic again.
The verifier switches to French and marks a data point verified with the French buttons. The secretariat
has Ålesund's 2019 report rendered in Spanish by the worker and downloads it: the figures of its tables 2
and 3 are those of the English report. Then axe-core on the Arabic entry, review and overview pages.
"""
import re
import subprocess
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from django.db.models import Q

from kpis.models import DataPoint
from reports import services as report_services
from submissions.models import Submission, Value
from verification.models import Review

from ..reports.test_report_languages import (
    SECTION_2, SECTION_4, TABLE_2, TABLE_3, assert_holds_the_seed_tables, figures, reading_order_text,
)
from .conftest import axe_violations, log_in
from .test_programme_journey import DEMO, RENDER_TIMEOUT

PASSWORDS = {"city": "alesund-city-demo-2019", **DEMO}
TYPED = ("١٢٫٥", Decimal("12.5"))  # 12.5 in Arabic-Indic digits, with the Arabic decimal separator
# A row of a summary table as laid out: its label, then total, reported, verified and the share verified.
TABLE_ROW = re.compile(r"\D+ (\d+) (\d+) (\d+) (\d+(?:[.,]\d+)?) ?%")
RTL_STYLESHEET = """() => Array.from(document.styleSheets).some((sheet) =>
  /bootstrap\\.rtl(\\.[0-9a-f]+)?\\.min(\\.[0-9a-f]+)?\\.css$/.test(sheet.href || '') && sheet.cssRules.length > 100)"""


def in_language(language, text):
    """A text of the site's catalogue as it reads in a language."""
    with translation.override(language):
        return str(translation.gettext(text))


def language_switch(page, language):
    """The switch on the page: choose the language, press its button; the page comes back in it."""
    page.locator("#language-switch").select_option(language)
    page.locator("form.language-switch [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", language)


def lang_and_dir(page):
    return page.evaluate("[document.documentElement.lang, document.documentElement.dir]")


def value_to_type(submission):
    """The first unanswered number of the draft that 12.5 fits (not a count, within its limits)."""
    for value in (Value.objects.filter(submission=submission, number__isnull=True, yes_no__isnull=True,
                                       not_reported=False)
                  .exclude(data_point__value_kind__in=[DataPoint.COUNT, DataPoint.YES_NO])
                  .select_related("data_point__kpi").in_catalogue_order()):
        point = value.data_point
        if (point.min_value is None or point.min_value <= TYPED[1]) and (point.max_value is None or point.max_value >= TYPED[1]):
            return value
    raise AssertionError(f"no unanswered number in {submission}")


def table_rows(pdf, language, folder):
    """The figures of each row of the report's tables 2 and 3 (total, reported, verified, % verified), as pdftotext
    lays them out: the rows between the body's heading of section 2 and that of section 4 (the contents page
    names them first), page numbers and headings left out."""
    path = folder / f"tables-{language}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    lines = [" ".join(line.replace("\u202f", " ").replace("\xa0", " ").split()) for line in text.splitlines()]
    with translation.override(language):
        section_2, section_4 = translation.gettext(SECTION_2), translation.gettext(SECTION_4)
    starts = [index for index, line in enumerate(lines) if line.startswith(section_2[:30])]
    start = starts[1]
    end = next(index for index in range(start, len(lines)) if lines[index].startswith(section_4[:20]))
    return [[figure.replace(",", ".") for figure in row.groups()]
            for row in (TABLE_ROW.fullmatch(line) for line in lines[start:end]) if row]


@pytest.fixture
def demo(committed_catalogue):
    """`make demo`'s data: Ålesund 2019 published, the sample cities' drafts and submissions under review."""
    call_command("seed_demo", verbosity=0)
    return {
        "draft": Submission.objects.get(city__slug="lakemere", year=2025, state=Submission.DRAFT),
        "review": Submission.objects.get(city__slug="nordhavik", year=2025, state=Submission.SUBMITTED),
        "alesund": Submission.objects.get(city__slug="alesund", year=2019),
    }


@pytest.mark.services
def test_arabic_entry_french_review_and_the_spanish_report(server, worker, demo, browsing, artifacts):
    base = server.url
    draft, alesund = demo["draft"], demo["alesund"]

    # ---- The city's officer switches the site to Arabic: right to left, Bootstrap's RTL stylesheet, mirrored.
    city = browsing.page()
    log_in(city, base, "city", PASSWORDS["city"])
    assert lang_and_dir(city) == ["en", "ltr"]
    language_switch(city, "ar")
    assert lang_and_dir(city) == ["ar", "rtl"]
    assert city.evaluate(RTL_STYLESHEET), "Bootstrap's RTL stylesheet is loaded"
    assert city.locator("link[href*='bootstrap.min']").count() == 0, "and not the left-to-right one"
    brand = city.locator(".navbar-brand").bounding_box()
    first_link = city.locator("#nav .nav-link").first.bounding_box()
    assert brand["x"] > first_link["x"] + first_link["width"], "the brand on the right, the links to its left"
    assert city.locator(".navbar-brand").inner_text() == in_language("ar", "U4SSC KPI platform")
    browsing.screenshot(city, "the site in Arabic")

    # ---- They type a value of the draft in Arabic-Indic digits and save: stored and shown.
    value = value_to_type(draft)
    category = value.data_point.kpi.category
    city.goto(f"{base}/cities/submissions/{draft.pk}/categories/{category.pk}/")
    assert lang_and_dir(city) == ["ar", "rtl"]
    field = city.locator(f"#id_v{value.pk}-value")
    assert field.evaluate("(input) => getComputedStyle(input).direction") == "rtl"
    field.fill(TYPED[0])
    city.fill(f"#id_v{value.pk}-source", "مكتب الإحصاء في المدينة")
    city.locator(".entry-actions button[type=submit]:not([name])").click()
    city.wait_for_load_state()
    assert city.locator(".alert-danger, .is-invalid").count() == 0, city.locator("main").inner_text()[:2000]
    assert city.locator(".alert-success").count() == 1
    value.refresh_from_db()
    assert (value.number, value.source) == (TYPED[1], "مكتب الإحصاء في المدينة")
    assert city.locator(f"#id_v{value.pk}-value").input_value() == "12.5"
    assert lang_and_dir(city) == ["ar", "rtl"]
    browsing.screenshot(city, "a value entered right to left")

    # ---- Remembered: logged out, and at the next sign-in, even in another browser, the site is in Arabic.
    city.locator("form[action$='/accounts/logout/'] button").click()
    city.wait_for_load_state()
    assert lang_and_dir(city) == ["ar", "rtl"]
    elsewhere = browsing.page()
    log_in(elsewhere, base, "city", PASSWORDS["city"])  # the log-in page is in English there: no cookie yet
    assert lang_and_dir(elsewhere) == ["ar", "rtl"]
    elsewhere.goto(f"{base}/cities/submissions/{draft.pk}/")
    assert lang_and_dir(elsewhere) == ["ar", "rtl"]
    assert get_user_model().objects.get(username="city").profile.language == "ar"

    # ---- The verifier reviews in French: opens a pending row and marks it verified with the French button.
    review = demo["review"]
    pending = (Value.objects.filter(Q(review__isnull=True) | Q(review__status=Review.PENDING), submission=review)
               .answered()
               .select_related("data_point__kpi").in_catalogue_order().first())
    assert pending is not None
    verifier = browsing.page()
    log_in(verifier, base, "verifier", PASSWORDS["verifier"])
    language_switch(verifier, "fr")
    verifier.goto(f"{base}/verification/submissions/{review.pk}/")
    assert lang_and_dir(verifier) == ["fr", "ltr"]
    with translation.override("fr"):
        verified_label = str(dict(Review.STATUS_CHOICES)[Review.VERIFIED])
    assert verified_label != "Verified"
    row = verifier.locator(f"#value-{pending.pk}")
    row.get_by_role("link", name=in_language("fr", "Review"), exact=True).click()
    panel = verifier.locator(f"#panel-{pending.pk}")
    panel.get_by_role("button", name=in_language("fr", "Verified"), exact=True).click()
    expect(verifier.locator(f"#value-{pending.pk} td:nth-child(7) .badge")).to_have_text(verified_label)
    browsing.screenshot(verifier, "verified in French")
    stored = Review.objects.get(value=pending)
    assert (stored.status, stored.reviewed_by.username) == (Review.VERIFIED, "verifier")

    # ---- The secretariat has Ålesund 2019's report rendered in Spanish by the worker, and downloads it.
    secretariat = browsing.page()
    log_in(secretariat, base, "secretariat", PASSWORDS["secretariat"])
    secretariat.goto(f"{base}/reports/submissions/{alesund.pk}/")
    secretariat.locator("#report-language").select_option("es")
    secretariat.get_by_role("button", name="Produce the PDF report").click()
    secretariat.wait_for_load_state()
    spanish_row = secretariat.locator("#report-requests tbody tr").filter(has=secretariat.locator("td[lang=es]"))
    link = spanish_row.get_by_role("link", name="Download PDF")
    link.wait_for(timeout=RENDER_TIMEOUT)
    browsing.screenshot(secretariat, "the Spanish report is ready")
    with secretariat.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith("(es).pdf")
    spanish = download.value.path().read_bytes()
    assert spanish.startswith(b"%PDF-")

    english = report_services.report_pdf(alesund, language="en")
    rows = {language: table_rows(pdf, language, artifacts) for language, pdf in (("es", spanish), ("en", english))}
    assert rows["en"] == figures(TABLE_2 + TABLE_3)
    assert rows["es"] == rows["en"]
    assert_holds_the_seed_tables(spanish, "es", artifacts)
    assert in_language("es", "Verification Report") in " ".join(reading_order_text(spanish, artifacts).split())

    assert browsing.csp_violations == [] and browsing.page_errors == []


@pytest.mark.services
def test_the_arabic_entry_review_and_overview_pages_pass_axe_core(server, demo, browsing):
    """No serious or critical axe-core finding on the pages a city and a verifier work on, in Arabic; the
    review table mirrored."""
    base = server.url
    pages = {}
    for username, paths in (
        ("city", {"entry": f"/cities/submissions/{demo['draft'].pk}/categories/"
                           f"{value_to_type(demo['draft']).data_point.kpi.category_id}/",
                  "overview": f"/cities/submissions/{demo['draft'].pk}/"}),
        ("verifier", {"review": f"/verification/submissions/{demo['review'].pk}/"}),
    ):
        page = browsing.page()
        log_in(page, base, username, PASSWORDS[username])
        language_switch(page, "ar")  # saved on the account: the person's language is Arabic
        for name, path in paths.items():
            page.goto(base + path)
            assert lang_and_dir(page) == ["ar", "rtl"], name
            if name == "review":  # the table mirrored: its first column (the selection) on the right
                cells = page.locator(".rv-table thead th")
                assert cells.nth(0).bounding_box()["x"] > cells.nth(1).bounding_box()["x"]
            pages[name] = axe_violations(browsing, page.url, storage_state=page.context.storage_state())
    assert {name: found for name, found in pages.items() if found} == {}
    assert browsing.page_errors == []
