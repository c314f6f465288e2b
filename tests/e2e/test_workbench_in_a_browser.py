"""The verifier's workbench in Chromium: beside each row last year and the peers; a category verified in one
action; one value returned for correction, corrected by the city, and back with old → new."""
import pytest

from kpis.models import KPI
from submissions import roles
from submissions.models import Submission, Value
from submissions.services import submission_create, submission_state_change
from kpis.selectors import edition_current
from verification.models import Review
from verification.services import assignment_create

from ..conftest import PASSWORD
from ..verification.workbench import peer_cities, signed_off, values_fill_all
from .conftest import log_in

ICT = "ICT Infrastructure"


@pytest.fixture
def workbench(make_user, committed_catalogue):
    from submissions.services import city_create

    city = city_create(slug="sample-city", name="Sample City", country="Sampleland")
    people = {
        "city": make_user("ingrid", roles.CITY_STAFF, city=city, first_name="Ingrid", last_name="Nilsen"),
        "verifier": make_user("jonas", roles.VERIFIER, first_name="Jonas", last_name="Smith"),
        "secretariat": make_user("amina", roles.SECRETARIAT),
    }
    codes = list(KPI.objects.filter(category__name=ICT).values_list("code", flat=True))
    signed_off(city=city, year=2020, actor=people["city"], verifier=people["verifier"],
               secretariat=people["secretariat"], base=40, only=codes)
    peer_cities(3, verifier=people["verifier"], secretariat=people["secretariat"], make_user=make_user, only=codes)
    submission = submission_create(city=city, year=2021, edition=edition_current(), actor=people["city"],
                                   population=50000)
    values_fill_all(submission, people["city"], 70, only=codes)
    submission_state_change(submission_id=submission.pk, actor=people["city"], to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=people["verifier"].pk, actor=people["secretariat"])
    return submission, people


@pytest.mark.services
def test_verify_a_category_return_one_value_and_see_the_correction_come_back(server, browsing, workbench):
    submission, people = workbench
    base = server.url
    values = list(Value.objects.filter(submission=submission, data_point__kpi__category__name=ICT)
                  .select_related("data_point__kpi").in_catalogue_order())
    internet = next(v for v in values if v.data_point.kpi.code == "EC: ICT: ICT: 1C")
    review_url = f"{base}/verification/submissions/{submission.pk}/"

    verifier = browsing.page()
    log_in(verifier, base, "jonas", PASSWORD)
    verifier.goto(review_url)
    row = verifier.locator(f"#value-{internet.pk}")
    context = row.inner_text()
    assert "2020: 45 %" in context and "Peers (3)" in context and "next band at 95 %" in context

    # Single keys act only inside the table: on the navigation bar "v" verifies nothing.
    verifier.locator(".navbar-brand").focus()
    verifier.keyboard.press("v")

    # ---- Return one value for correction, from its row.
    row.locator("[data-open]").click()
    panel = verifier.locator(f"#panel-{internet.pk}")
    panel.get_by_label("Reason, question, or what to correct").fill("The 2021 survey says 72 %.")
    panel.get_by_role("button", name="Return for correction").click()
    verifier.locator(f"#value-{internet.pk} .badge", has_text="Returned for correction").wait_for()
    browsing.screenshot(verifier, "a value returned for correction")

    # ---- Verify the rest of the category in one action, after a confirmation naming how many.
    verifier.goto(review_url)  # the group's counts are the server's
    verifier.get_by_role("link", name=f"Verify all {len(values) - 1} pending rows of {ICT}").click()
    verifier.get_by_role("heading", name=f"Verify {len(values) - 1} data points of {ICT}?").wait_for()
    verifier.get_by_role("button", name=f"Verify these {len(values) - 1} data points").click()
    verifier.locator(".alert-success", has_text=f"{len(values) - 1} data points marked as verified").wait_for()

    # ---- The city corrects the value, and says why.
    city = browsing.page()
    log_in(city, base, "ingrid", PASSWORD)
    city.goto(f"{base}/cities/values/{internet.pk}/")
    city.locator(f"[name='v{internet.pk}-value']").fill("72")
    city.get_by_label("What did you change, and why?").fill("Taken from the 2021 survey.")
    city.get_by_role("button", name="Save").click()
    city.locator(".alert-success").wait_for()

    # ---- It comes back to the verifier with old → new, who and why.
    verifier.goto(review_url)
    corrected = verifier.locator(f"#value-{internet.pk} .rv-corrected").inner_text()
    assert "75 %" in corrected and "72 %" in corrected and "Ingrid Nilsen" in corrected
    assert "Taken from the 2021 survey." in corrected
    browsing.screenshot(verifier, "the correction is back")
    assert browsing.csp_violations == [] and browsing.page_errors == []
    statuses = dict(Review.objects.filter(value__in=values).values_list("value_id", "status"))
    assert statuses[internet.pk] == Review.PENDING
    assert sum(1 for status in statuses.values() if status == Review.VERIFIED) == len(values) - 1
