"""Programme scale (issue 16, item 3), run inside Django on a benchmark database: python -m benchmarks.scale

Adds fictional cities ("Benchtown 001" …, marked sample data) over five years to the demo, 112 values per
year, in one transaction with bulk_create; then measures, at 20 and at 200 cities, the page budgets and query
counts (benchmarks.pages) and the time per 1,000 values of recompute_scores, the open data CSV and the
programme dashboard's CSV. Values are built from the catalogue's data points (their targets, limits and kinds)
with pseudo-random numbers seeded by the city and year, so every run stores the same figures. No real city's
values are made up: the demo's Ålesund is left as it is.

Refuses to run unless the database is flagged as a benchmark's (its name starts with u4ssc_bench_) or is empty.
"""
import datetime
import io
import os
import random
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from benchmarks import pages as page_bench

BENCH_NAME_PREFIX = "u4ssc_bench_"
YEARS = (2021, 2022, 2023, 2024, 2025)
STATES = {2021: "published", 2022: "published", 2023: "published", 2024: "submitted", 2025: "draft"}
COUNTRIES = [("Norway", "NOK"), ("Spain", "EUR"), ("Canada", "CAD"), ("Chile", "CLP"), ("Kenya", "KES"),
             ("Japan", "JPY"), ("Brazil", "BRL"), ("India", "INR"), ("Egypt", "EGP"), ("Australia", "AUD")]
NOT_COLLECTED = "Not collected in this city this year."


class NotABenchDatabase(SystemExit):
    pass


def guard():
    """Stop unless this database is a benchmark's own (by its name) or holds nothing yet."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from submissions.models import City

    name = Path(str(connection.settings_dict["NAME"])).name
    if name.startswith(BENCH_NAME_PREFIX):
        return
    if not City.objects.exists() and not get_user_model().objects.exists():
        return
    raise NotABenchDatabase(
        f"Refusing to add benchmark cities to the database {name!r}: it holds data and its name does not start "
        f"with {BENCH_NAME_PREFIX!r}. Run `python -m benchmarks programme_scale`, which makes its own database.")


def _population_band(population):
    for limit, band in ((100_000, "under_100k"), (500_000, "100k_500k"), (1_000_000, "500k_1m"), (5_000_000, "1m_5m")):
        if population < limit:
            return band
    return "over_5m"


def _answer(data_point, rng):
    """A ValueInput for the data point, from a pseudo-random draw around its target, within its limits."""
    from kpis.models import DataPoint
    from submissions.services import ValueInput

    if rng.random() < 0.04:
        return ValueInput(not_reported=True, not_reported_reason=NOT_COLLECTED)
    if data_point.is_yes_no:
        return ValueInput(yes_no=rng.random() < 0.7)
    target = getattr(data_point, "target", None)
    base = (target.value if target is not None and target.value else None) or data_point.max_value or Decimal(100)
    number = Decimal(base) * Decimal(str(round(rng.uniform(0.2, 1.6), 4)))
    if data_point.min_value is not None:
        number = max(number, data_point.min_value)
    if data_point.max_value is not None:
        number = min(number, data_point.max_value)
    places = Decimal(1) if data_point.value_kind == DataPoint.COUNT else Decimal("0.01")
    return ValueInput(number=number.quantize(places, rounding=ROUND_HALF_UP))


def cities_seed(first, count):
    """Add cities number first … first+count-1, five years each, in one transaction. Returns the values made."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils import timezone

    from kpis.models import DataPoint, TargetsEdition
    from kpis.selectors import edition_current
    from submissions.models import City, Submission, Value
    from submissions.scores import value_score
    from submissions.services import ValueInput
    from submissions.validation import value_check
    from verification.models import SignOff

    User = get_user_model()
    city_user, verifier, secretariat = (User.objects.get(username=name) for name in page_bench.ROLES)
    edition = edition_current()
    targets_edition = TargetsEdition.objects.order_by("-number").first()
    data_points = list(DataPoint.objects.filter(kpi__category__dimension__edition=edition)
                       .select_related("kpi", "target").in_catalogue_order())
    now = timezone.now()
    made = 0
    with transaction.atomic():
        plans = []
        for number in range(first, first + count):
            rng = random.Random(f"u4ssc-bench-city:{number}")
            country, currency = COUNTRIES[number % len(COUNTRIES)]
            population = rng.randrange(20_000, 3_000_000)
            plans.append((City(slug=f"benchtown-{number:03d}", name=f"Benchtown {number:03d}", country=country,
                               is_sample=True, population_band=_population_band(population), currency=currency),
                          population))
        cities = City.objects.bulk_create([city for city, _ in plans])
        submissions = []
        for city, (_, population) in zip(cities, plans):
            for year in YEARS:
                state = STATES[year]
                people = int(population * (1 + 0.01 * (year - 2023)))
                submissions.append(Submission(
                    city=city, year=year, edition=edition, state=state, population=people,
                    households=int(people / 2.3), land_area_km2=Decimal(100 + people // 5000),
                    gdp=Decimal(people * 30_000), gdp_currency=city.currency,
                    submitted_at=None if state == "draft" else now,
                    published_at=now if state == "published" else None,
                    published_by=secretariat if state == "published" else None))
        submissions = Submission.objects.bulk_create(submissions)
        values, sign_offs = [], []
        for submission in submissions:
            rng = random.Random(f"u4ssc-bench-values:{submission.city.slug}:{submission.year}")
            for data_point in data_points:
                answer = _answer(data_point, rng)
                try:
                    value_check(data_point, answer)
                except ValidationError:  # the draw does not fit the data point: the city did not report it
                    answer = ValueInput(not_reported=True, not_reported_reason=NOT_COLLECTED)
                value = Value(submission=submission, data_point=data_point, number=answer.number,
                              yes_no=answer.yes_no, not_reported=answer.not_reported,
                              not_reported_reason=answer.not_reported_reason,
                              source="" if answer.not_reported else f"City of {submission.city.name} (sample data)",
                              data_quality="" if answer.not_reported else "accurate",
                              entered_by=city_user, entered_at=now, version=1)
                value_score(value)
                values.append(value)
            if submission.state == "published":
                sign_offs.append(SignOff(
                    submission=submission, verifier=verifier, verifier_name="Jonas Smith",
                    certification="Sample data", verified_on=datetime.date(submission.year + 1, 3, 15),
                    activities="Sample data: a fictional city of the benchmark.", targets_edition=targets_edition))
        _values_stored(values)
        SignOff.objects.bulk_create(sign_offs)
        made = len(values)
    return made


def _values_stored(values):
    """The values in one COPY on PostgreSQL (a tenth of bulk_create's time: no SQL of 20 parameters a row to
    build and parse), bulk_create elsewhere. Each row is the model's own fields, as the model made them."""
    from django.db import connection

    from submissions.models import Value

    if connection.vendor != "postgresql":
        Value.objects.bulk_create(values, batch_size=2000)
        return
    fields = [field for field in Value._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {Value._meta.db_table} ({columns}) FROM STDIN") as copy:
            for value in values:
                copy.write_row([getattr(value, field.attname) for field in fields])


def _timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def file_costs():
    """Seconds and values of recompute_scores, the open data CSV and the dashboard CSV."""
    from django.core.management import call_command
    from django.test import Client

    from opendata.bulk import values_csv
    from submissions.models import Value
    from submissions.scores import RESCORED_STATES

    rescored = Value.objects.filter(submission__state__in=RESCORED_STATES).count()
    seconds_scores, _ = _timed(lambda: call_command("recompute_scores", stdout=io.StringIO()))
    seconds_open, (_, rows) = _timed(values_csv)
    client = Client()
    client.cookies["sessionid"] = page_bench.session_key("secretariat")
    every = Value.objects.count()
    seconds_board, response = _timed(lambda: client.get("/programme/programme.csv"))
    assert response.status_code == 200
    return {"recompute_scores": (seconds_scores, rescored, "values of drafts and submitted"),
            "open data CSV": (seconds_open, rows, "published values"),
            "dashboard CSV": (seconds_board, every, "values of every submission")}


def figures(label):
    from submissions.models import City, Value

    print(f"-- {label}: {City.objects.count()} cities, {Value.objects.count():,} values")
    measured = page_bench.measure()
    page_bench.print_ratios(measured, f"Page budgets ({page_bench.database_description()}, median of "
                                      f"{page_bench.REQUESTS} warm requests):")
    costs = file_costs()
    for name, (seconds, values, what) in costs.items():
        print(f"  {name:<17} {seconds:7.2f} s for {values:>7,} {what:<27} "
              f"{seconds / max(values, 1) * 1000 * 1000:7.1f} ms per 1,000 values")
    return {row["page"]: row for row in measured}, costs


def main():
    page_bench.setup()
    guard()
    from django.core.management import call_command
    from submissions.models import City

    if not City.objects.filter(slug="alesund").exists():
        call_command("seed_demo", stdout=io.StringIO())
    seconds_20, made_20 = _timed(lambda: cities_seed(1, 20))
    print(f"Seeded 20 cities x {len(YEARS)} years: {made_20:,} values in {seconds_20:.1f} s")
    pages_20, costs_20 = figures("20 benchmark cities")
    seconds_180, made_180 = _timed(lambda: cities_seed(21, 180))
    total = made_20 + made_180
    print(f"Seeded 180 more cities: {made_180:,} values in {seconds_180:.1f} s; 200 cities x {len(YEARS)} years, "
          f"{total:,} values, in {seconds_20 + seconds_180:.1f} s (budget 120 s)")
    pages_200, costs_200 = figures("200 benchmark cities")
    print("-- Query counts, 20 and 200 cities:")
    for page, row in pages_200.items():
        before = pages_20[page]["queries"]
        print(f"  {page:<30} {before:4d} {row['queries']:4d}{'' if before == row['queries'] else '   NOT CONSTANT'}")
    print("-- Time per 1,000 values, 20 and 200 cities (linear when about equal):")
    for name in costs_200:
        per = [seconds / max(values, 1) * 1e6 for seconds, values, _ in (costs_20[name], costs_200[name])]
        print(f"  {name:<17} {per[0]:7.1f} ms {per[1]:7.1f} ms   ({per[1] / per[0]:.2f}x)")


if __name__ == "__main__":
    sys.exit(main())
