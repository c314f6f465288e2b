"""The dashboard's counts and rows are rendered once per query string and kept: whatever they show (a state, an
answer, a query, a verifier, a report's progress, a cycle's deadline, a dimension's name, the language) shows at
once on the next request."""
import datetime
import re
from decimal import Decimal

from django.urls import reverse

from kpis.models import Dimension
from reports.models import ReportRequest
from reports.services import report_claim
from submissions import roles
from submissions.models import Submission
from submissions.services import ValueInput, cycle_save, submission_state_change, value_set
from verification.services import assignment_delete, query_raise

from .test_dashboard import programme  # noqa: F401 (a fixture)

URL = reverse("programme:dashboard")


def alesund_row(client, **headers):
    page = client.get(URL, {"sort": "city"}, **headers).content.decode()
    row = re.search(r"<tr[^>]*>\s*<th scope=\"row\"><a [^>]*>Ålesund</a>.*?</tr>", page, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_answers_queries_verifiers_and_states_show_at_once(client, programme, secretariat, verifier, city_user):
    alesund, _bergen, _older = programme
    client.force_login(secretariat)
    assert "5 / 112" in alesund_row(client) and " 1 verifier " in alesund_row(client)
    value = alesund.values.filter(number__isnull=True, yes_no__isnull=True, not_reported=False).first()
    Submission.objects.filter(pk=alesund.pk).update(state=Submission.DRAFT)
    value_set(value_id=value.pk, actor=city_user, data=ValueInput(yes_no=True) if value.data_point.is_yes_no
              else ValueInput(number=Decimal(2)))
    assert "6 / 112" in alesund_row(client)
    submission_state_change(submission_id=alesund.pk, actor=city_user, to_state=Submission.SUBMITTED)
    query_raise(value_id=value.pk, actor=verifier, question="And this one?")
    assert " 2 verifier " in alesund_row(client)
    assignment_delete(submission_id=alesund.pk, verifier_id=verifier.pk, actor=secretariat)
    assert "none — assign" in alesund_row(client)


def test_a_reports_progress_a_deadline_a_dimension_and_the_language_show_at_once(client, programme, secretariat):
    alesund, _bergen, _older = programme
    client.force_login(secretariat)
    request = ReportRequest.objects.create(submission=alesund, requested_by=secretariat)
    assert "Queued" in alesund_row(client)
    assert report_claim(request_id=request.pk)  # a worker's conditional UPDATE: no signal
    assert "Rendering" in alesund_row(client)
    cycle = alesund.cycle
    cycle_save(actor=secretariat, cycle=cycle, name=cycle.name, year=cycle.year, edition=cycle.edition,
               opens_on=cycle.opens_on, submission_deadline=cycle.submission_deadline,
               verification_deadline=cycle.verification_deadline + datetime.timedelta(days=2))
    assert "42 days left" in alesund_row(client)
    dimension = Dimension.objects.filter(edition=alesund.edition).order_by("order").first()
    dimension.name_en, dimension.name_fr = "Prosperity", "Prospérité"
    dimension.save()
    assert "Prosperity " in alesund_row(client)
    assert "Prospérité " in alesund_row(client, HTTP_ACCEPT_LANGUAGE="fr")


def test_the_filters_offer_a_new_verifier_and_a_new_cycle_at_once(client, programme, secretariat, make_user):
    alesund, _bergen, _older = programme
    client.force_login(secretariat)
    person = make_user("ingrid", first_name="Ingrid", last_name="Verifier")
    assert "Ingrid Verifier" not in client.get(URL).content.decode()
    person.groups.add(roles.ensure_groups()[roles.VERIFIER])  # a role given: the people's stamp changes
    assert re.search(r'<option value="\d+">Ingrid Verifier</option>', client.get(URL).content.decode())
    cycle = alesund.cycle
    cycle_save(actor=secretariat, cycle=None, name="U4SSC 2031", year=2031, edition=cycle.edition,
               opens_on=cycle.opens_on, submission_deadline=cycle.submission_deadline,
               verification_deadline=cycle.verification_deadline)
    assert ">U4SSC 2031</option>" in client.get(URL).content.decode()
