"""The whole journey of DESIGN.md in headless Chromium, against gunicorn and a real Celery worker.

The city enters a category (one bad value, corrected), attaches evidence and submits; the
secretariat assigns a verifier; the verifier queries one value, the city answers and
corrects it; the verifier verifies everything and signs off; the secretariat has the
report rendered by the worker, downloads it and publishes, which renders the published report; the city
downloads it.
Every page obeys the Content-Security-Policy; the entry, review and overview pages pass
axe-core with no serious or critical finding; every band colour has a text label.
"""
import datetime
import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from kpis.selectors import edition_current
from submissions.demo import alesund_rows
from submissions.models import Evidence, Submission, Value
from submissions.services import city_create, submission_create
from submissions.spreadsheet import values_import
from submissions import roles
from verification.models import Query, Review

from ..conftest import PASSWORD
from .conftest import axe_violations, log_in

EMPLOYMENT = "EC: P: EM:"  # the category the city fills in the browser; the rest is imported
RENDER_TIMEOUT = 120_000

# Every band mark must be read together with a text: its own label beside it.
BAND_MARKS_WITHOUT_TEXT = """() => Array.from(document.querySelectorAll('.band-mark')).filter((mark) => {
  const beside = [mark.nextSibling, mark.nextElementSibling].some((node) => node && node.textContent.trim());
  return !beside && !mark.parentElement.textContent.trim();
}).map((mark) => mark.parentElement.outerHTML.slice(0, 200))"""


def evidence_pdf(folder):
    """A small real PDF, as a city would scan or export one."""
    from weasyprint import HTML

    path = folder / "unemployment-survey-2021.pdf"
    HTML(string="<h1>Labour force survey 2021</h1><p>Ålesund: unemployment 4.3 %.</p>").write_pdf(path)
    return path


def pdf_text(path):
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def draft_2021(make_user):
    """Ålesund's 2021 draft with every category but Employment imported, and one person per role."""
    city = city_create(slug="alesund", name="Ålesund", country="Norway")
    people = {
        "city": make_user("ingrid", roles.CITY_STAFF, city=city, first_name="Ingrid", last_name="Nilsen"),
        "verifier": make_user("jonas", roles.VERIFIER, first_name="Jonas", last_name="Smith"),
        "secretariat": make_user("amina", roles.SECRETARIAT, first_name="Amina", last_name="Diallo"),
    }
    submission = submission_create(city=city, year=2021, edition=edition_current(), actor=people["city"],
                                   population=66670)
    rows = [row for row in alesund_rows() if not row["code"].startswith(EMPLOYMENT)]
    assert values_import(submission=submission, rows=rows, actor=people["city"]).ok
    return submission, people


@pytest.mark.services
def test_the_whole_journey_from_entry_to_published_report(server, worker, browsing, draft_2021, artifacts):
    submission, people = draft_2021
    base = server.url
    employment = {value.data_point.name: value for value in Value.objects.filter(
        submission=submission, data_point__kpi__code__startswith=EMPLOYMENT).select_related("data_point")}
    unemployment = employment["Unemployment Rate"]
    overview_url = f"{base}/cities/submissions/{submission.pk}/"
    accessibility, unlabelled_bands, shown_dates = {}, {}, {}

    def check_page(name, page):
        """axe-core and the band labels on the page this person has open."""
        unlabelled_bands[name] = page.evaluate(BAND_MARKS_WITHOUT_TEXT)
        accessibility[name] = axe_violations(browsing, page.url, storage_state=page.context.storage_state())

    # ---- The city fills the Employment category: one bad value, seen and corrected.
    city = browsing.page()
    log_in(city, base, "ingrid", PASSWORD)
    city.goto(overview_url)
    assert "108 / 112" in city.locator(".overview-summary").inner_text()
    browsing.screenshot(city, "city overview of the draft")
    city.get_by_role("link", name="Employment", exact=True).first.click()
    city.wait_for_load_state()
    typed = {"Unemployment Rate": "-3", "Youth Unemployment Rate": "9.8",
             "Tourism Sector Employment": "6.1", "ICT Sector Employment": "3.5"}
    for name, number in typed.items():
        prefix = f"#id_v{employment[name].pk}"
        city.fill(f"{prefix}-value", number)
        city.fill(f"{prefix}-source", "Statistics Norway, labour force survey")
        city.select_option(f"{prefix}-data_quality", "survey")
    city.get_by_role("button", name="Save Employment").click()
    city.wait_for_load_state()
    bad = city.locator(f"#id_v{unemployment.pk}-value")
    assert "is-invalid" in bad.get_attribute("class")
    message = city.locator(f"#value-{unemployment.pk} .invalid-feedback").first.inner_text()
    assert message.strip(), "a message beside the bad value"
    assert city.input_value(f"#id_v{employment['Youth Unemployment Rate'].pk}-value") == "9.8", "the rest is kept"
    assert not Value.objects.filter(pk__in=[v.pk for v in employment.values()], number__isnull=False).exists()
    browsing.screenshot(city, "a bad value is refused beside its field")

    bad.fill("4.2")
    city.get_by_role("button", name="Save Employment").click()
    city.wait_for_load_state()
    assert "4 data points saved" in city.locator(".alert-success").inner_text()
    browsing.screenshot(city, "the category is saved")
    check_page("entry page", city)

    # ---- Evidence for the unemployment rate, then submit.
    city.goto(overview_url)
    city.get_by_role("link", name="Evidence").click()
    city.wait_for_load_state()
    city.get_by_label("Evidence for").select_option(str(unemployment.pk))
    city.set_input_files("input[type=file][name=files]", str(evidence_pdf(artifacts)))
    city.get_by_role("button", name="Upload").click()
    city.wait_for_load_state()
    assert "1 file attached" in city.locator(".alert-success").inner_text()
    assert city.get_by_role("link", name="unemployment-survey-2021.pdf").is_visible()
    browsing.screenshot(city, "evidence uploaded")
    assert Evidence.objects.get().content_type == "application/pdf"

    city.goto(overview_url)
    check_page("overview page", city)
    city.get_by_role("link", name="Submit for verification").click()
    city.wait_for_load_state()
    city.get_by_role("button", name="Submit for verification").click()
    city.wait_for_load_state()
    assert "submitted for verification" in city.locator(".alert-success").inner_text()
    browsing.screenshot(city, "submitted")
    submission.refresh_from_db()
    assert submission.state == Submission.SUBMITTED

    # ---- The secretariat assigns the verifier.
    secretariat = browsing.page()
    log_in(secretariat, base, "amina", PASSWORD)
    secretariat.goto(f"{base}/verification/submissions/{submission.pk}/assign/")
    secretariat.get_by_label("Verifier").select_option(str(people["verifier"].pk))
    secretariat.get_by_role("button", name="Assign").click()
    secretariat.wait_for_load_state()
    assert "Jonas Smith is assigned" in secretariat.locator(".alert-success").inner_text()
    browsing.screenshot(secretariat, "verifier assigned")

    # ---- The verifier queries the unemployment rate.
    verifier = browsing.page()
    log_in(verifier, base, "jonas", PASSWORD)
    verifier.goto(f"{base}/verification/")
    verifier.get_by_role("link", name=f"{submission}").first.click()
    verifier.wait_for_load_state()
    row = verifier.locator(f"#value-{unemployment.pk}")
    row.locator("[data-open]").click()
    panel = verifier.locator(f"#panel-{unemployment.pk}")
    panel.locator(f"#message-{unemployment.pk}").fill("Which survey is the 4.2 % from, and for which month?")
    panel.locator("[data-action=query]").click()
    row = verifier.locator(f"#value-{unemployment.pk}")
    row.locator(".badge", has_text="Queried").wait_for()
    browsing.screenshot(verifier, "a value is queried")
    check_page("review page", verifier)

    # ---- The city corrects the value while the question is open, then answers it.
    city.goto(overview_url)
    queries = city.locator(".overview-queries")
    assert "Which survey is the 4.2 % from" in queries.inner_text()
    queries.get_by_role("link", name="Correct the value").click()
    city.wait_for_load_state()
    city.fill(f"#id_v{unemployment.pk}-value", "4.3")
    city.get_by_role("button", name="Save").click()
    city.wait_for_load_state()
    assert "saved" in city.locator(".alert-success").inner_text()
    browsing.screenshot(city, "the city corrects the value")
    unemployment.refresh_from_db()
    assert unemployment.number == Decimal("4.3")

    city.locator(".overview-queries").get_by_role("link", name="Answer").click()
    city.wait_for_load_state()
    city.get_by_role("textbox").last.fill("The annual labour force survey; the 4.2 % was a typo for 4.3 %.")
    city.get_by_role("button", name="Send the answer").click()
    city.wait_for_load_state()
    assert "Your answer was sent" in city.locator(".alert-success").inner_text()
    browsing.screenshot(city, "the city answers the query")

    # ---- The verifier verifies everything and signs off.
    verifier.goto(f"{base}/verification/submissions/{submission.pk}/")
    for box in verifier.locator("[data-select]").all():
        box.check()
    verifier.get_by_role("button", name="Mark the selected as verified").click()
    expect(verifier.locator("[data-progress=pending]")).to_have_text("0")
    reported = Value.objects.filter(submission=submission, not_reported=False).answered().count()
    assert verifier.text_content("[data-progress=verified]").strip() == str(reported) == "107"
    browsing.screenshot(verifier, "everything verified")
    verifier.goto(f"{base}/verification/submissions/{submission.pk}/")
    verifier.get_by_role("link", name="Sign off").click()
    verifier.wait_for_load_state()
    verified_on = verifier.get_by_label("Date of verification")
    shown_dates["sign-off"] = verified_on.input_value()
    if not shown_dates["sign-off"]:
        verified_on.fill(datetime.date.today().isoformat())  # and go on, to see the rest of the journey
    verifier.get_by_role("button", name="Sign off the verification").click()
    verifier.wait_for_load_state()
    assert "signed off" in verifier.locator(".alert-success").inner_text()
    browsing.screenshot(verifier, "signed off")
    submission.refresh_from_db()
    assert submission.state == Submission.VERIFIED
    assert Query.objects.get().status == Query.CLOSED
    assert Review.objects.filter(status=Review.VERIFIED).count() == 112  # the not-reported ones too
    assert not Review.objects.exclude(status=Review.VERIFIED).exists()

    # ---- The secretariat has the report rendered by the worker, downloads it and publishes.
    secretariat.goto(f"{base}/reports/submissions/{submission.pk}/")
    secretariat.get_by_role("button", name="Produce the PDF report").click()
    secretariat.wait_for_load_state()
    browsing.screenshot(secretariat, "report requested")
    link = secretariat.get_by_role("link", name="Download PDF")
    link.wait_for(timeout=RENDER_TIMEOUT)
    browsing.screenshot(secretariat, "report ready")
    with secretariat.expect_download() as download:
        link.click()
    report = artifacts / "report-secretariat.pdf"
    download.value.save_as(report)
    assert report.read_bytes().startswith(b"%PDF-")
    assert "Ålesund" in pdf_text(report)

    secretariat.goto(f"{base}/verification/submissions/{submission.pk}/history/")
    secretariat.get_by_role("button", name="Publish").click()
    secretariat.wait_for_load_state()
    assert "published" in secretariat.locator(".alert-success").inner_text()
    browsing.screenshot(secretariat, "published")

    # ---- Published: the publication has the published report rendered (the cover says so), the city downloads it.
    city.goto(f"{base}/reports/submissions/{submission.pk}/")
    with city.expect_download() as download:
        city.get_by_role("link", name="Download PDF").click(timeout=RENDER_TIMEOUT)
    browsing.screenshot(city, "the city's report page")
    city_report = artifacts / "report-city.pdf"
    download.value.save_as(city_report)
    assert io.BytesIO(city_report.read_bytes()).read(5) == b"%PDF-"

    assert browsing.csp_violations == []
    assert browsing.page_errors == []
    assert {name: found for name, found in accessibility.items() if found} == {}
    assert {name: found for name, found in unlabelled_bands.items() if found} == {}
    assert shown_dates == {"sign-off": datetime.date.today().isoformat()}, "the sign-off form offers today's date"
