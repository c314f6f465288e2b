"""Reading what the public pages show: published submissions only, or what a person may see besides.

Which submissions a page reads comes from one of three pools: published (profiles, and the
comparison for everyone), published and visible to the person (trends), published and signed
off (the comparison, when the secretariat or a verifier asks for it). The scores come from
submissions.scorecards; this module only gathers and orders them.

A data point is the same across catalogue editions when its KPI code, its name and its unit
are: only then are its values of different editions shown together.
"""
from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language, gettext

from kpis import scoring
from kpis.stamps import catalogue_stamp
from kpis.models import KPI, Category, DataPoint, Dimension
from reports.models import ReportRequest
from submissions.models import City, Submission, Value
from submissions.scorecards import submissions_scorecards
from submissions.signals import value_is_verified
from submissions.scorecards import band_state_of as band_state
from submissions.value_text import value_text

# ---------------------------------------------------------------- the pools

def published():
    return Submission.objects.published()


def seen_by(user):
    """Published submissions, and for a logged-in person also what visible_to allows."""
    if not user.is_authenticated:
        return published()
    return Submission.objects.filter(
        Q(state=Submission.PUBLISHED) | Q(pk__in=Submission.objects.visible_to(user).values("pk"))
    )


def published_or_signed_off(user):
    """Published, and the signed-off submissions this person may see (visible_to)."""
    return Submission.objects.filter(
        Q(state=Submission.PUBLISHED)
        | Q(pk__in=Submission.objects.visible_to(user).filter(state=Submission.VERIFIED).values("pk"))
    )


# ---------------------------------------------------------------- a value and its state

def value_state(value):
    """The band vocabulary entry of a stored value (the scores tag library's rule)."""
    return band_state(value)


def value_plain(value):
    """The value without its unit (the tables give the unit a column of its own)."""
    return value_text(value, form="typed") or value_text(value)


def same_data_point(data_point, path="data_point__"):
    """The filter of values (path "data_point__") or data points (path "") that are this data point
    in any catalogue edition: the same KPI code, name and unit."""
    return Q(**{f"{path}kpi__code": data_point.kpi.code, f"{path}name": data_point.name,
                f"{path}unit": data_point.unit})


# ---------------------------------------------------------------- public profiles

@dataclass
class CityYears:
    city: City
    years: list = field(default_factory=list)


def cities_published():
    """The cities with a published submission, with their published years: one query."""
    cities = OrderedDict()
    for submission in published().select_related("city").order_by("city__name", "city__pk", "year"):
        entry = cities.setdefault(submission.city_id, CityYears(submission.city))
        if submission.year not in entry.years:
            entry.years.append(submission.year)
    return list(cities.values())


def city_submissions(pool, slug):
    """A city's submissions in the pool, latest year first (one query); empty when there are none."""
    return list(pool.filter(city__slug=slug).select_related("city", "edition").order_by("-year", "-edition__year"))


def profile_values(submission):
    """The submission's values in catalogue order, with their catalogue entry and whether verified."""
    return list(
        Value.objects.filter(submission=submission)
        .select_related("data_point__kpi__category__dimension")
        .annotate(verified=value_is_verified(OuterRef("pk")))
        .in_catalogue_order()
    )


def latest_report(submission):
    """The latest ready report of a submission, or None."""
    return (ReportRequest.objects.filter(submission=submission, state=ReportRequest.READY)
            .exclude(pdf="").order_by("-finished_at", "-created_at", "-pk").first())


# ---------------------------------------------------------------- trends

@dataclass
class YearScore:
    submission: Submission
    aggregate: scoring.Aggregate | None


@dataclass
class ScoreTrend:
    """One entity (the city, a dimension, a category) scored in each year."""

    name: str
    level: str  # "overall" | "dimension" | "category"
    years: list = field(default_factory=list)


def score_trends(submissions):
    """The overall, dimension and category scores of each submission (oldest first), matched across
    catalogue editions by name. Two queries, whatever the number of years."""
    cards = submissions_scorecards([submission.pk for submission in submissions])
    editions = {submission.edition_id for submission in submissions}
    names = {}
    for pk, name, dimension_id, dimension_name, edition_id in Category.objects.filter(
            dimension__edition_id__in=editions).values_list(
            "pk", "name", "dimension_id", "dimension__name", "dimension__edition_id").order_by(
            "dimension__order", "order"):
        names.setdefault(("dimension", dimension_name), []).append(("dimensions", dimension_id, edition_id))
        names.setdefault(("category", dimension_name, name), []).append(("categories", pk, edition_id))
    trends = [ScoreTrend(gettext("Overall"), "overall",
                         [YearScore(s, cards[s.pk].overall) for s in submissions])]
    for key, places in names.items():
        by_edition = {edition_id: (level, pk) for level, pk, edition_id in places}
        years = []
        for submission in submissions:
            place = by_edition.get(submission.edition_id)
            aggregate = getattr(cards[submission.pk], place[0]).get(place[1]) if place else None
            years.append(YearScore(submission, aggregate))
        trends.append(ScoreTrend(key[-1], key[0], years))
    return trends


def kpi_links(submission):
    """The KPIs of a submission's edition with their data points, by category: what a trend page links to."""
    categories = OrderedDict()
    for data_point in (DataPoint.objects.filter(kpi__category__dimension__edition_id=submission.edition_id)
                       .select_related("kpi__category__dimension").in_catalogue_order()):
        kpis = categories.setdefault(data_point.kpi.category, OrderedDict())
        kpis.setdefault(data_point.kpi, []).append(data_point)
    return categories


@dataclass
class YearValue:
    submission: Submission
    value: Value | None  # None: this year's edition has no such data point


def data_point_trend(submissions, data_point):
    """The data point's value in each submission (oldest first): one query."""
    values = {value.submission_id: value for value in Value.objects.filter(
        same_data_point(data_point), submission__in=[s.pk for s in submissions]).select_related("data_point")}
    return [YearValue(submission, values.get(submission.pk)) for submission in submissions]


def kpi_trend(submissions, kpi):
    """The KPI's score in each submission (oldest first), the same KPI code in each edition: two queries."""
    cards = submissions_scorecards([submission.pk for submission in submissions])
    ids = dict(KPI.objects.filter(code=kpi.code, category__dimension__edition_id__in={
        s.edition_id for s in submissions}).values_list("category__dimension__edition_id", "pk"))
    return [YearScore(s, cards[s.pk].kpis.get(ids.get(s.edition_id))) for s in submissions]


# ---------------------------------------------------------------- comparison

@dataclass
class Measure:
    """What the comparison compares: a data point, or a category's or dimension's score."""

    key: str
    kind: str  # "data_point" | "category" | "dimension"
    subject: object

    @property
    def name(self):
        if self.kind == "data_point":
            return f"{self.subject.kpi.code} {self.subject.label}"
        if self.kind == "category":
            return gettext("Category score: %(category)s") % {"category": self.subject}
        return gettext("Dimension score: %(dimension)s") % {"dimension": self.subject}


def measure_choices(edition):
    """The choices of the comparison's measure, grouped: dimensions, categories, then data points by category.
    Kept in the cache per edition and language until the catalogue changes."""
    key = f"public:measure-choices:{edition.pk}:{get_language()}:{catalogue_stamp()}"
    choices = cache.get(key)
    if choices is None:
        choices = _measure_choices(edition)
        cache.set(key, choices, 24 * 60 * 60)
    return choices


def _measure_choices(edition):
    data_points = list(DataPoint.objects.filter(kpi__category__dimension__edition=edition)
                       .select_related("kpi__category__dimension").in_catalogue_order())
    dimensions, categories, by_category = OrderedDict(), OrderedDict(), OrderedDict()
    for data_point in data_points:
        category = data_point.kpi.category
        dimensions[category.dimension_id] = category.dimension
        categories[category.pk] = category
        by_category.setdefault(str(category), []).append(
            (f"data_point-{data_point.pk}", f"{data_point.kpi.code} {data_point.label}"))
    return [
        (gettext("Dimension scores"), [(f"dimension-{pk}", gettext("%(name)s (score)") % {"name": d.name})
                                        for pk, d in dimensions.items()]),
        (gettext("Category scores"), [(f"category-{pk}", gettext("%(name)s (score)") % {"name": c})
                                       for pk, c in categories.items()]),
        *by_category.items(),
    ]


def measure_for(key):
    """The measure a choice names, or None."""
    kind, _, pk = key.rpartition("-")
    models = {"data_point": DataPoint.objects.select_related("kpi", "target"),
              "category": Category.objects.select_related("dimension"), "dimension": Dimension.objects}
    if kind not in models or not pk.isdigit():
        return None
    subject = models[kind].filter(pk=pk).first()
    return Measure(key, kind, subject) if subject else None


def comparison_cities(pool):
    """Cities, countries and years in a pool: (cities, countries, years), one query."""
    cities, countries, years = OrderedDict(), set(), set()
    for city in City.objects.filter(submissions__in=pool).distinct().order_by("name", "pk"):
        cities[city.slug] = city
        countries.add(city.country)
    for year in pool.order_by().values_list("year", flat=True).distinct():
        years.add(year)
    return list(cities.values()), sorted(countries), sorted(years, reverse=True)


def latest_per_city(pool, *, country="", year=None, population_band="", population_min=None, population_max=None,
                    cities=None):
    """Each city's latest submission in the pool (of the given year, in the given country, of the given cities),
    kept when its city is in the population band and the population it reported in the range: one query."""
    if country:
        pool = pool.filter(city__country=country)
    if year:
        pool = pool.filter(year=year)
    if cities is not None:
        pool = pool.filter(city__slug__in=cities)
    newer = pool.filter(Q(year__gt=OuterRef("year")) | Q(year=OuterRef("year"), edition__year__gt=OuterRef("edition__year")),
                        city=OuterRef("city"))
    submissions = pool.filter(~Exists(newer))
    if population_band:
        submissions = submissions.filter(city__population_band=population_band)
    if population_min is not None:
        submissions = submissions.filter(population__gte=population_min)
    if population_max is not None:
        submissions = submissions.filter(population__lte=population_max)
    return list(submissions.select_related("city", "edition").order_by("city__name", "city__pk"))


@dataclass
class Compared:
    """One city's row of the comparison."""

    submission: Submission
    number: object  # what sorts and draws: a Decimal, or None
    text: str
    unit: str
    state: scoring.BandState
    marked: object = None  # what the band mark shows: the value, or the aggregate

    @property
    def city(self):
        return self.submission.city


def compared_rows(measure, submissions):
    """Each submission's value of the measure: one query for a data point, two for a score."""
    ids = [submission.pk for submission in submissions]
    if measure.kind == "data_point":
        values = {v.submission_id: v for v in Value.objects.filter(same_data_point(measure.subject),
                                                                  submission_id__in=ids).select_related("data_point")}
        rows = []
        for submission in submissions:
            value = values.get(submission.pk)
            if value is None:
                rows.append(Compared(submission, None, "not in this edition", "", scoring.NO_DATA))
                continue
            number = value.number if value.number is not None and not value.not_reported else None
            if value.yes_no is not None and not value.not_reported:
                number = 1 if value.yes_no else 0
            rows.append(Compared(submission, number, value_plain(value), value.data_point.unit, value_state(value),
                                 marked=value))
        return rows
    if measure.kind == "category":
        same = Category.objects.filter(name=measure.subject.name, dimension__name=measure.subject.dimension.name)
        level, lookup = "categories", "data_point__kpi__category__in"
        places = dict(same.values_list("dimension__edition_id", "pk"))
    else:
        level, lookup = "dimensions", "data_point__kpi__category__dimension__in"
        places = dict(Dimension.objects.filter(name=measure.subject.name).values_list("edition_id", "pk"))
    # Only the values of the category or dimension compared are read: its aggregates are whole.
    cards = submissions_scorecards(ids, only=Q(**{lookup: list(places.values())}))
    rows = []
    for submission in submissions:
        aggregate = getattr(cards[submission.pk], level).get(places.get(submission.edition_id))
        percent = aggregate.percent if aggregate else None
        rows.append(Compared(submission, percent, scoring.percent_shown(percent, 2) or "nothing scored", "",
                             scoring.band_state(aggregate.band if aggregate else None), marked=aggregate))
    return rows


SORTS = {
    "city": lambda row: (row.city.name.lower(),),
    "country": lambda row: (row.city.country.lower(), row.city.name.lower()),
    "year": lambda row: (row.submission.year, row.city.name.lower()),
    "value": lambda row: (row.number is None, row.number if row.number is not None else 0, row.city.name.lower()),
}


def sorted_rows(rows, sort):
    """Rows sorted by "city", "country", "year" or "value", descending with a leading "-";
    cities without a value stay last either way."""
    key = SORTS[sort.lstrip("-")]
    ordered = sorted(rows, key=key, reverse=sort.startswith("-"))
    return [row for row in ordered if row.number is not None or sort.lstrip("-") != "value"] + (
        [row for row in ordered if row.number is None] if sort.lstrip("-") == "value" else [])
