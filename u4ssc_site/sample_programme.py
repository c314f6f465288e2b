"""The demo's sample programme: fictional cities, marked "sample data", over three years in every state.

Their values are derived from Ålesund's 2019 values, scaled by a factor fixed by the city, the year
and the data point (a hash, not chance), within what each data point allows. The states are reached
through the same services people use: submit, assign, review, query, sign off, publish.
"""
import datetime
import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kpis.models import DataPoint
from kpis.selectors import edition_current
from submissions.demo import alesund_rows
from submissions.models import Cycle, Submission, Value
from submissions.scores import value_score
from submissions.services import (
    ValueInput, city_create, cycle_invite, cycle_save, submission_create, submission_state_change,
)
from submissions.stamps import submission_changed
from submissions.validation import value_check
from verification.demo import ALESUND_BACKGROUND, sample_reviews_verified
from verification.models import Notification
from verification.services import (
    assignment_create, query_raise, submission_publish, submission_sign_off,
)

PUBLISHED, VERIFIED, SUBMITTED, DRAFT = "published", "verified", "submitted", "draft"


@dataclass(frozen=True)
class SampleCity:
    slug: str
    name: str
    country: str
    currency: str
    population: int
    gdp_per_person: int  # in the city's currency
    land_area_km2: int
    level: Decimal  # how the city compares with Ålesund overall
    years: dict  # year → what the demo shows of it: a state, or (DRAFT, share of data points answered)


SAMPLE_CITIES = [
    SampleCity("valdoria", "Valdoria", "Spain", "EUR", 412_000, 31_000, 186, Decimal("0.92"),
               {2022: PUBLISHED, 2023: PUBLISHED, 2024: PUBLISHED, 2025: SUBMITTED}),
    SampleCity("nordhavik", "Nordhavik", "Norway", "NOK", 58_300, 690_000, 412, Decimal("1.04"),
               {2023: PUBLISHED, 2024: VERIFIED, 2025: SUBMITTED}),
    SampleCity("lakemere", "Lakemere", "Canada", "CAD", 265_000, 64_000, 311, Decimal("0.98"),
               {2023: VERIFIED, 2024: PUBLISHED, 2025: (DRAFT, Decimal("0.7"))}),
    SampleCity("port-amsel", "Port Amsel", "Netherlands", "EUR", 132_500, 48_000, 74, Decimal("1.08"),
               {2024: PUBLISHED, 2025: (DRAFT, Decimal("0.25"))}),
    SampleCity("santa-brisa", "Santa Brisa", "Chile", "CLP", 721_000, 14_500_000, 964, Decimal("0.81"),
               {2023: PUBLISHED, 2024: (DRAFT, Decimal("0.85"))}),
]
QUESTIONS = [
    "The figure moved a lot from last year: which source gives it, and did the method change?",
    "Please attach the survey report this share comes from.",
]


def _fraction(*parts):
    """A number in [0, 1) fixed by its parts: the same on every run and every machine."""
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).digest()
    return Decimal(int.from_bytes(digest[:4], "big")) / Decimal(2**32)


def _scaled(data_point, alesund, city, year):
    """A value for the sample city's year, from Ålesund's, that the data point allows."""
    key = (city.slug, year, data_point.kpi.code, data_point.name)
    if data_point.is_yes_no:
        flip = _fraction(*key, "flip") < Decimal("0.15")
        return ValueInput(yes_no=(alesund.strip().lower() == "yes") != flip)
    factor = city.level * (1 + Decimal("0.03") * (year - 2023)) * (Decimal("0.8") + Decimal("0.4") * _fraction(*key))
    number = Decimal(alesund) * factor
    if data_point.min_value is not None:
        number = max(number, data_point.min_value)
    if data_point.max_value is not None:
        number = min(number, data_point.max_value)
    places = Decimal(1) if data_point.value_kind == DataPoint.COUNT else Decimal("0.01")
    return ValueInput(number=number.quantize(places, rounding=ROUND_HALF_UP))


def _answers(submission, city, year, share, alesund):
    """Each value of the submission with its answer, in catalogue order, the first `share` of them answered.

    alesund: Ålesund's rows by (KPI code, data point name)."""
    values = list(submission.values.select_related("data_point__kpi", "data_point__target").in_catalogue_order())
    answered = round(len(values) * share)
    for value in values[:answered]:
        row = alesund[(value.data_point.kpi.code, value.data_point.name)]
        data = ValueInput(not_reported=True, not_reported_reason="Not collected in this city this year.")
        if row["value"] and _fraction(city.slug, year, row["code"], row["data_point"], "gap") >= Decimal("0.04"):
            try:
                candidate = _scaled(value.data_point, row["value"], city, year)
                value_check(value.data_point, candidate)
                data = candidate
            except ValidationError:
                pass  # the data point does not allow the scaled figure: the city did not report it
        yield value, data


def _values_fill(submission, city, year, share, actor, alesund):
    """Store the sample answers in one go, with their scores and a history row each."""
    now = timezone.now()
    values = []
    for value, data in _answers(submission, city, year, share, alesund):
        for field, content in data.__dict__.items():
            setattr(value, field, content)
        if not data.not_reported:
            value.source, value.data_quality = f"City of {city.name} (sample data)", "accurate"
        value.entered_by, value.entered_at, value.version = actor, now, 1
        value_score(value)
        values.append(value)
    fields = ["number", "yes_no", "not_reported", "not_reported_reason", "source", "data_quality", "entered_by",
              "entered_at", "version", "score_status", "percent_of_target", "band", "scored_target",
              "scored_direction"]
    # One plain UPDATE each: bulk_update's CASE over fourteen columns costs more, on SQLite most.
    for value in values:
        Value.objects.filter(pk=value.pk).update(**{field: getattr(value, field) for field in fields})
    submission_changed(submission.pk)
    Value.history.bulk_history_create(values, default_user=actor, default_change_reason="Sample data of the demo")


def _context(city, year):
    growth = 1 + Decimal("0.012") * (year - 2023)
    population = int(city.population * growth)
    return {"population": population, "households": int(population / Decimal("2.3")),
            "land_area_km2": Decimal(city.land_area_km2), "gdp": Decimal(city.gdp_per_person * population),
            "gdp_currency": city.currency}


def _verify(submission, *, city_user, verifier, secretariat, leave_pending=0, queries=0):
    """Submit, assign the demo verifier and review every reported data point but the last few."""
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    answered = list(submission.values.answered().in_catalogue_order().values_list("pk", "version"))
    cut = len(answered) - leave_pending - queries
    sample_reviews_verified(submission=submission, verifier=verifier, value_ids=[pk for pk, _ in answered[:cut]])
    for (value_id, _), question in zip(answered[cut:cut + queries], QUESTIONS):
        query_raise(value_id=value_id, actor=verifier, question=question)


def _sign_off(submission, verifier, year):
    background = {**ALESUND_BACKGROUND, "verified_on": datetime.date(year + 1, 3, 15),
                  "limitations": "Sample data: a fictional city of the demo."}
    submission_sign_off(submission_id=submission.pk, actor=verifier, **background)


def cycles_create(*, secretariat, today):
    """Last year's round, closed, and this year's, open now with its deadline in a week (reminders
    and overdue flags have something to show); dates are fixed on the first run."""
    edition = edition_current()
    rounds = {
        2024: (today - datetime.timedelta(days=400), today - datetime.timedelta(days=250),
               today - datetime.timedelta(days=180)),
        2025: (today - datetime.timedelta(days=45), today + datetime.timedelta(days=7),
               today + datetime.timedelta(days=40)),
    }
    cycles = {}
    for year, (opens_on, submission_deadline, verification_deadline) in rounds.items():
        cycles[year] = Cycle.objects.filter(name=str(year)).first() or cycle_save(
            actor=secretariat, name=str(year), year=year, edition=edition, opens_on=opens_on,
            submission_deadline=submission_deadline, verification_deadline=verification_deadline)
    return cycles


@transaction.atomic
def _population_band(population):
    """The band of City.POPULATION_BANDS a population falls in."""
    for limit, band in ((100_000, "under_100k"), (500_000, "100k_500k"), (1_000_000, "500k_1m"), (5_000_000, "1m_5m")):
        if population < limit:
            return band
    return "over_5m"


def sample_programme_load(*, city_user, verifier, secretariat):
    """The sample cities and their years; a year already there is left as it is. Returns the submissions made."""
    cycles = cycles_create(secretariat=secretariat, today=timezone.localdate())
    alesund = {(row["code"], row["data_point"]): row for row in alesund_rows()}
    made = []
    for city_plan in SAMPLE_CITIES:
        city = city_create(slug=city_plan.slug, name=city_plan.name, country=city_plan.country, is_sample=True,
                           population_band=_population_band(city_plan.population), currency=city_plan.currency)
        city.memberships.get_or_create(user=city_user)
        for year, plan in sorted(city_plan.years.items()):
            if Submission.objects.filter(city=city, year=year).exists():
                continue
            state, share = plan if isinstance(plan, tuple) else (plan, Decimal(1))
            cycle = cycles.get(year)
            if state == DRAFT and cycle is not None and year == max(cycles):
                # This year's drafts arrive as the secretariat's invitation makes them: last year's figures offered.
                submission = cycle_invite(cycle_id=cycle.pk, city_ids=[city.pk], actor=secretariat).created[0]
            else:
                submission = submission_create(city=city, year=year, edition=edition_current(), cycle=cycle,
                                               actor=city_user, **_context(city_plan, year))
            _values_fill(submission, city_plan, year, share, city_user, alesund)
            people = {"city_user": city_user, "verifier": verifier, "secretariat": secretariat}
            if state == SUBMITTED:
                # The first city's verifier is nearly done and waits on two queries; the next one has just begun.
                first = city_plan.slug == SAMPLE_CITIES[0].slug
                _verify(submission, **people, leave_pending=8 if first else 40, queries=2 if first else 0)
            elif state in (VERIFIED, PUBLISHED):
                _verify(submission, **people)
                _sign_off(submission, verifier, year)
                if state == PUBLISHED:
                    submission_publish(submission_id=submission.pk, actor=secretariat)
            # The demo replays work already done: nobody is e-mailed about it.
            Notification.objects.filter(submission=submission, state=Notification.QUEUED).delete()
            made.append(submission)
    return made
