"""The people console in headless Chromium, against gunicorn (debug off) and a real worker.

The secretariat signs in with its password and its authenticator's code, creates a city (a bad currency first,
answered beside the field), invites the city's staff; the worker prints the invitation on its console; the
invitee opens the link, chooses a password and is signed in; the audit log shows each step. The console pages
pass axe-core with no serious or critical finding, and obey the Content-Security-Policy.
"""
import pytest

from submissions import roles
from submissions.models import City

from ..conftest import PASSWORD
from .conftest import axe_violations, invitation_accepted, log_in

NEW = "a-tromso-secret-of-ours-7"



@pytest.mark.services
def test_the_secretariat_creates_a_city_and_invites_its_staff(server, worker, browsing, make_user):
    make_user("amina", roles.SECRETARIAT, first_name="Amina", last_name="Diallo")
    base = server.url
    accessibility = {}

    secretariat = browsing.page()
    log_in(secretariat, base, "amina", PASSWORD)
    secretariat.get_by_role("link", name="Manage cities", exact=True).click()
    secretariat.get_by_role("link", name="New city").click()
    secretariat.get_by_label("Name").fill("Tromsø")
    secretariat.get_by_label("Country").fill("Norway")
    secretariat.get_by_label("Slug").fill("tromso")
    secretariat.get_by_label("Population band").select_option(label="under 100 000")
    secretariat.get_by_label("Currency").fill("kr")
    secretariat.get_by_role("button", name="Create the city").click()
    secretariat.wait_for_load_state()
    assert "Give the three-letter ISO 4217 code" in secretariat.locator(".invalid-feedback").inner_text()
    assert secretariat.get_by_label("Name").input_value() == "Tromsø", "the rest is kept"
    browsing.screenshot(secretariat, "a bad currency is refused beside its field")
    accessibility["city form"] = axe_violations(browsing, secretariat.url, secretariat.context.storage_state())

    secretariat.get_by_label("Currency").fill("nok")
    secretariat.get_by_role("button", name="Create the city").click()
    secretariat.wait_for_load_state()
    assert "Tromsø, Norway is created" in secretariat.locator(".alert-success").inner_text()
    city = City.objects.get(slug="tromso")

    secretariat.get_by_role("link", name="People", exact=True).first.click()
    secretariat.get_by_role("link", name="Invite someone").click()
    secretariat.get_by_label("E-mail address").fill("kari@tromso.example")
    secretariat.get_by_label("First name").fill("Kari")
    secretariat.get_by_label("Last name").fill("Berg")
    secretariat.get_by_label("Role").select_option("City staff")
    secretariat.get_by_label("Cities").select_option(str(city.pk))
    secretariat.get_by_role("button", name="Send the invitation").click()
    secretariat.wait_for_load_state()
    row = secretariat.get_by_role("row").filter(has_text="Kari Berg")
    assert "not accepted yet" in row.inner_text() and "never logged in" in row.inner_text()
    browsing.screenshot(secretariat, "the invitation is sent")
    accessibility["people list"] = axe_violations(browsing, secretariat.url, secretariat.context.storage_state())

    invitee = browsing.page()
    invitation_accepted(invitee, base, worker, NEW)
    assert "your password is set and you are signed in" in invitee.locator(".alert-success").inner_text()
    browsing.screenshot(invitee, "the invitee is signed in")

    secretariat.goto(f"{base}/people/audit/")
    log = secretariat.locator("main table").inner_text()
    assert log.index("Invitation accepted") < log.index("Invited") < log.index("City created")
    accessibility["audit log"] = axe_violations(browsing, secretariat.url, secretariat.context.storage_state())

    assert browsing.csp_violations == [] and browsing.page_errors == []
    assert accessibility == {name: [] for name in accessibility}
