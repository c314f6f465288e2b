"""The secretariat runs a reporting cycle from the browser, from the demo data to a city's published report.

Headless Chromium against gunicorn (debug off, so the secretariat and the verifier sign in with their second
factor) and a real Celery worker, whose console prints the e-mails. The secretariat opens a cycle, creates a
city, invites it to the cycle and its staff to the platform; the invitee sets a password, enters a category
("Save and next category"), uploads the rest and submits; the secretariat assigns the verifier from the
dashboard and watches the progress; the verifier verifies everything and signs off; the secretariat publishes,
which renders the published report by itself; the city is told and downloads it.
"""
import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from submissions.models import Submission, Value

from .conftest import invitation_accepted, log_in

DEMO = {"secretariat": "u4ssc-secretariat-demo-2019", "verifier": "u4ssc-verifier-demo-2019"}
KARI = "a-nordvik-secret-of-ours-7"
RENDER_TIMEOUT = 120_000


def answer(data_point):
    """A plausible answer within the data point's range, as the spreadsheet carries it."""
    if data_point.is_yes_no:
        return "yes"
    return "20" if data_point.value_kind == "percent" else "12"


def rest_of_the_data(values, folder):
    """The filled-in spreadsheet of the data points the city did not type in the browser."""
    lines = ["code,data_point,value,not_reported_reason,source,data_quality,note"]
    for value in values:
        name = value.data_point.name.replace('"', '""')
        lines.append(f'{value.data_point.kpi.code},"{name}",{answer(value.data_point)},,City statistics office,accurate,')
    path = folder / "nordvik-2026.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def mail_on_the_console(worker, *lines, timeout=60):
    """Wait for an e-mail the worker printed with these header lines."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = worker.log_tail(400_000)
        if all(line in log for line in lines):
            return log
        time.sleep(0.5)
    raise AssertionError(f"no e-mail with {lines} on the worker's console:\n{worker.log_tail()}")


@pytest.mark.services
def test_the_secretariat_runs_a_cycle_from_a_new_city_to_its_published_report(server, worker, browsing, artifacts):
    call_command("seed_demo", "--without-samples", verbosity=0)
    base = server.url
    today = datetime.date.today()

    # ---- The secretariat opens the 2026 cycle and creates the city.
    secretariat = browsing.page()
    log_in(secretariat, base, "secretariat", DEMO["secretariat"])
    secretariat.goto(f"{base}/programme/cycles/new/")
    secretariat.fill("#id_name", "2026")
    secretariat.fill("#id_year", "2026")
    secretariat.locator("#id_edition").select_option(index=1)
    secretariat.fill("#id_opens_on", today.isoformat())
    secretariat.fill("#id_submission_deadline", (today + datetime.timedelta(days=60)).isoformat())
    secretariat.fill("#id_verification_deadline", (today + datetime.timedelta(days=120)).isoformat())
    secretariat.get_by_role("button", name="Save the cycle").click()
    secretariat.wait_for_load_state()
    assert "2026" in secretariat.locator("main table").inner_text()

    secretariat.get_by_role("link", name="Manage cities", exact=True).click()
    secretariat.get_by_role("link", name="New city").click()
    secretariat.get_by_label("Name").fill("Nordvik")
    secretariat.get_by_label("Country").fill("Norway")
    secretariat.get_by_label("Slug").fill("nordvik")
    secretariat.get_by_label("Population band").select_option(label="under 100 000")
    secretariat.get_by_label("Currency").fill("NOK")
    secretariat.get_by_role("button", name="Create the city").click()
    secretariat.wait_for_load_state()
    assert "Nordvik, Norway is created" in secretariat.locator(".alert-success").inner_text()

    secretariat.goto(f"{base}/programme/cycles/")
    secretariat.get_by_role("row").filter(has_text="2026").get_by_role("link", name="Invite cities").click()
    secretariat.get_by_label("Nordvik, Norway").check()
    secretariat.get_by_role("button", name="Invite").click()
    secretariat.wait_for_load_state()
    submission = Submission.objects.get(city__slug="nordvik", year=2026)

    secretariat.get_by_role("link", name="People", exact=True).first.click()
    secretariat.get_by_role("link", name="Invite someone").click()
    secretariat.get_by_label("E-mail address").fill("kari@nordvik.example")
    secretariat.get_by_label("First name").fill("Kari")
    secretariat.get_by_label("Last name").fill("Berg")
    secretariat.get_by_label("Role").select_option("City staff")
    secretariat.get_by_label("Cities").select_option(str(submission.city_id))
    secretariat.get_by_role("button", name="Send the invitation").click()
    secretariat.wait_for_load_state()
    browsing.screenshot(secretariat, "the city's staff is invited")

    # ---- The invitee sets a password, enters the first category, uploads the rest and submits.
    city = browsing.page()
    invitation_accepted(city, base, worker, KARI)
    values = list(Value.objects.filter(submission=submission).select_related("data_point__kpi").in_catalogue_order())
    first = values[0].data_point.kpi.category
    typed = [value for value in values if value.data_point.kpi.category_id == first.pk and not value.data_point.is_yes_no]
    city.goto(f"{base}/cities/submissions/{submission.pk}/categories/{first.pk}/")
    for value in typed:
        city.fill(f"#id_v{value.pk}-value", answer(value.data_point))
        city.fill(f"#id_v{value.pk}-source", "City statistics office")
    city.get_by_role("button", name="Save and next category").click()
    city.wait_for_load_state()
    following = next(value.data_point.kpi.category for value in values if value.data_point.kpi.category_id != first.pk)
    assert city.url.endswith(f"/categories/{following.pk}/"), "saved, and on to the next category"
    assert f"{len(typed)} data points saved" in city.locator(".alert-success").first.inner_text()

    overview = f"{base}/cities/submissions/{submission.pk}/"
    city.goto(overview)
    submit = city.get_by_role("link", name="Submit for verification")
    assert "btn-outline-primary" in submit.get_attribute("class"), "not the primary action while data are missing"
    city.get_by_role("link", name="Upload a filled-in spreadsheet").click()
    city.set_input_files("input[type=file]", str(rest_of_the_data([v for v in values if v not in typed], artifacts)))
    city.get_by_role("button", name="Upload and check").click()
    city.wait_for_load_state()
    assert "112 / 112" in city.locator(".overview-summary").inner_text()
    city.get_by_role("link", name="Submit for verification").click()
    city.get_by_role("button", name="Submit for verification").click()
    city.wait_for_load_state()
    assert "submitted for verification" in city.locator(".alert-success").inner_text()

    # The scores have their own tab, which fits a phone's 320 px without scrolling sideways.
    city.get_by_role("link", name="Scores").click()
    city.set_viewport_size({"width": 320, "height": 800})
    assert city.evaluate("document.documentElement.scrollWidth") <= 320
    browsing.screenshot(city, "the scores on a phone")
    city.set_viewport_size({"width": 1280, "height": 900})

    # ---- The secretariat watches the dashboard and assigns the verifier from it.
    secretariat.goto(f"{base}/programme/")
    row = secretariat.get_by_role("row").filter(has_text="Nordvik")
    assert "112 / 112" in row.inner_text() and "Submitted" in row.inner_text()
    row.get_by_role("link", name="none — assign").click()
    secretariat.get_by_label("Verifier").select_option(str(get_user_model().objects.get(username="verifier").pk))
    secretariat.get_by_role("button", name="Assign").click()
    secretariat.wait_for_load_state()
    secretariat.goto(f"{base}/programme/")
    assert "Jonas Smith" in secretariat.get_by_role("row").filter(has_text="Nordvik").inner_text()
    browsing.screenshot(secretariat, "the dashboard shows the verifier")

    # ---- The verifier verifies every data point and signs off.
    verifier = browsing.page()
    log_in(verifier, base, "verifier", DEMO["verifier"])
    verifier.goto(f"{base}/verification/submissions/{submission.pk}/")
    for box in verifier.locator("[data-select]").all():
        box.check()
    verifier.get_by_role("button", name="Mark the selected as verified").click()
    expect(verifier.locator("[data-progress=pending]")).to_have_text("0")
    verifier.get_by_role("link", name="Sign off").click()
    verifier.wait_for_load_state()
    if not verifier.get_by_label("Date of verification").input_value():
        verifier.get_by_label("Date of verification").fill(today.isoformat())
    verifier.get_by_role("button", name="Sign off the verification").click()
    verifier.wait_for_load_state()
    assert "signed off" in verifier.locator(".alert-success").inner_text()

    # ---- The secretariat publishes; the published report is rendered without anyone asking again.
    secretariat.goto(f"{base}/verification/submissions/{submission.pk}/history/")
    secretariat.get_by_role("button", name="Publish").click()
    secretariat.wait_for_load_state()
    assert "Nordvik 2026 is published" in secretariat.locator(".alert-success").inner_text()
    secretariat.goto(f"{base}/reports/submissions/{submission.pk}/")
    progress = secretariat.locator("#report-progress")
    assert progress.get_attribute("aria-live") == "polite"
    expect(progress).to_contain_text("The report is ready", timeout=RENDER_TIMEOUT)
    assert secretariat.locator("[data-report-queued]").count() == 0, "the queued banner is gone"
    browsing.screenshot(secretariat, "the published report is ready")

    mail_on_the_console(worker, "Subject: [U4SSC] Nordvik 2026: report published", "To: kari@nordvik.example")
    city.goto(f"{base}/reports/submissions/{submission.pk}/")
    with city.expect_download() as download:
        city.get_by_role("link", name="Download PDF").click(timeout=RENDER_TIMEOUT)
    report = artifacts / "nordvik-2026.pdf"
    download.value.save_as(report)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(report).pages[:2])
    assert "Nordvik" in text and "2026 data" in text and "DRAFT" not in text

    assert browsing.csp_violations == [] and browsing.page_errors == []
