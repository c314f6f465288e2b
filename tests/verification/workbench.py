"""Factories of the workbench tests: a city's signed-off earlier years and signed-off peer cities."""
import datetime
from decimal import Decimal

from kpis.models import DataPoint
from kpis.selectors import edition_current
from submissions.models import Submission
from submissions.services import ValueInput, city_create, submission_create, submission_state_change, value_set
from verification.services import assignment_create, review_bulk_verify, submission_sign_off


def answer_for(data_point, base):
    """A plausible answer of each kind of data point, moved by `base` from one city or year to another."""
    if data_point.is_yes_no:
        return ValueInput(yes_no=True, source="Statistics office")
    if data_point.value_kind == DataPoint.COUNT:
        return ValueInput(number=Decimal(base), source="Statistics office")
    if data_point.value_kind == DataPoint.PERCENT:
        return ValueInput(number=Decimal(base) % 90 + 5, source="Statistics office")
    return ValueInput(number=Decimal(base) * 3, source="Statistics office")


def values_fill_all(submission, actor, base, only=None):
    """Answer every data point (or only those of `only`, a list of KPI codes)."""
    values = submission.values.select_related("data_point__kpi")
    if only is not None:
        values = values.filter(data_point__kpi__code__in=only)
    for value in values:
        value_set(value_id=value.pk, actor=actor, data=answer_for(value.data_point, base))


def signed_off(*, city, year, actor, verifier, secretariat, base, only=None):
    """A submission of the city for the year, answered, verified throughout and signed off."""
    submission = submission_create(city=city, year=year, edition=edition_current(), actor=actor, population=50000)
    values_fill_all(submission, actor, base, only)
    submission_state_change(submission_id=submission.pk, actor=actor, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    items = [(v.pk, v.version) for v in submission.values.all() if v.has_answer]
    review_bulk_verify(submission_id=submission.pk, actor=verifier, items=items)
    submission_sign_off(submission_id=submission.pk, actor=verifier, verifier_name="V", certification="C",
                        verified_on=datetime.date(year + 1, 3, 1), activities="reviewing", assurance_level="limited")
    submission.refresh_from_db()
    return submission


def peer_cities(count, *, verifier, secretariat, make_user, only=None):
    """`count` other cities, each with a signed-off submission of the current edition."""
    from submissions import roles

    peers = []
    for number in range(count):
        peer = city_create(slug=f"peer-{number}", name=f"Peer {number}", country="Sampleland")
        staff = make_user(f"peer-staff-{number}", roles.CITY_STAFF, city=peer)
        peers.append(signed_off(city=peer, year=2020, actor=staff, verifier=verifier, secretariat=secretariat,
                                base=20 + 10 * number, only=only))
    return peers
