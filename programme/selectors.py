"""Reading the programme: every city × year with its progress, queries, verifier, deadline and report.

One query for the rows whatever their number (subqueries, never a query per row), one for their figures per
dimension, plus one each for the dimensions, the counts per state (which count the pages' rows too) and the
filter's choices; the page shows PAGE_ROWS rows at a time, the CSV every row.
"""
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, DateField, Exists, F, IntegerField, Max, OuterRef, Subquery, When
from django.db.models import Value as Literal
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import timezone

from kpis.models import Dimension
from reports.models import ReportRequest
from submissions import roles
from submissions.models import Submission, Value, answered_rule
from verification.models import Assignment, Query
from verification.selectors import UNRESOLVED

PAGE_ROWS = 50

# The column a person sorts by (?sort=deadline, ?sort=-deadline) and what it orders by.
SORTS = {
    "city": "city__name",
    "country": "city__country",
    "year": "year",
    "cycle": "cycle__name",
    "state": "state",
    "progress": "answered",
    "queries": "open_queries",
    "verifier": "verifier_name",
    "deadline": "deadline",
    "report": "report_state",
}


@dataclass(frozen=True)
class Filters:
    cycle: object = None  # a Cycle
    state: str = ""
    country: str = ""
    verifier: object = None  # a user
    overdue: bool = False
    sort: str = ""


def _dimensions():
    """(code, name) of the catalogue's dimensions, in order."""
    return list(dict.fromkeys(Dimension.objects.order_by("order", "code").values_list("code", "name")))


def _deadline():
    """The deadline a submission waits for: the cycle's submission deadline while draft, its verification
    deadline while submitted; none once signed off, or outside a cycle."""
    return Case(
        When(state=Submission.DRAFT, then=F("cycle__submission_deadline")),
        When(state=Submission.SUBMITTED, then=F("cycle__verification_deadline")),
        output_field=DateField(),
    )


def _count(values):
    """The number of these values (correlated to the outer submission), 0 for none: a subquery, so that the
    rows are never grouped over their values (each other subquery would then run once per value)."""
    counted = values.order_by().values("submission").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _annotated():
    values = Value.objects.filter(submission=OuterRef("pk"))
    queries = (Query.objects.filter(value__submission=OuterRef("pk"), status__in=UNRESOLVED)
               .values("value__submission").annotate(n=Count("pk")).values("n"))
    first_assignment = Assignment.objects.filter(submission=OuterRef("pk")).order_by("assigned_at", "pk")
    verifier_name = Coalesce(NullIf(Concat("verifier__first_name", Literal(" "), "verifier__last_name",
                                           output_field=CharField()), Literal(" ")), "verifier__username")
    latest_report = ReportRequest.objects.filter(submission=OuterRef("pk")).order_by("-created_at", "-pk")
    return Submission.objects.select_related("city", "cycle").annotate(
        answered=_count(values.filter(answered_rule())),
        total=_count(values),
        open_queries=Coalesce(Subquery(queries, output_field=IntegerField()), 0),
        verifier_name=Subquery(first_assignment.annotate(name=verifier_name).values("name")[:1]),
        verifiers=Coalesce(Subquery(Assignment.objects.filter(submission=OuterRef("pk")).values("submission")
                                    .annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0),
        report_state=Subquery(latest_report.values("state")[:1]),
        deadline=_deadline(),
    )


def _by_dimension(rows, dimensions):
    """Each row's (dimension name, answered, total) in the order of dimensions: one query for all the rows."""
    counts = {
        (submission, code): (answered, total)
        for submission, code, answered, total in Value.objects.filter(submission__in=[row.pk for row in rows])
        .values_list("submission", "data_point__kpi__category__dimension__code")
        .annotate(answered=Count("pk", filter=answered_rule()), total=Count("pk")).order_by()
    }
    for row in rows:
        row.by_dimension = [(name, *counts.get((row.pk, code), (0, 0))) for code, name in dimensions]


def _filtered(submissions, filters, today):
    if filters.cycle is not None:
        submissions = submissions.filter(cycle=filters.cycle)
    if filters.country:
        submissions = submissions.filter(city__country=filters.country)
    if filters.verifier is not None:
        submissions = submissions.filter(Exists(Assignment.objects.filter(submission=OuterRef("pk"),
                                                                          verifier=filters.verifier)))
    if filters.overdue:
        submissions = submissions.filter(deadline__lt=today)
    return submissions


def _ordering(sort):
    key = sort.lstrip("-")
    if key not in SORTS:
        return ["city__name", "-year"]
    field = F(SORTS[key])
    field = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
    return [field, "city__name", "-year"]


@dataclass
class Dashboard:
    rows: list  # the rows of the page asked for, or all of them
    dimensions: list  # (code, name)
    counts: dict  # state → number of submissions (the other filters applied)
    today: object
    page: object = None  # a django.core.paginator.Page, when a page was asked for


def dashboard(filters, page=None):
    """The rows of the programme dashboard, each a Submission with its figures, filtered and sorted: the rows of
    page `page` (a number; PAGE_ROWS a page, the last one for a number past it), or every row when None."""
    today = timezone.localdate()
    dimensions = _dimensions()
    plain = _filtered(Submission.objects.annotate(deadline=_deadline()), filters, today)
    counts = dict(plain.order_by().values_list("state").annotate(n=Count("pk")))
    rows = _filtered(_annotated(), filters, today)
    if filters.state:
        rows = rows.filter(state=filters.state)
    rows = rows.order_by(*_ordering(filters.sort))
    shown = None
    if page is not None:
        paginator = Paginator(rows, PAGE_ROWS)
        # The counts per state have counted the rows already (the state filter aside): no COUNT query again.
        paginator.count = counts.get(filters.state, 0) if filters.state else sum(counts.values())
        shown = paginator.get_page(page)
        rows = shown.object_list
    rows = list(rows)
    for row in rows:
        row.days_left = None if row.deadline is None else (row.deadline - today).days
        row.overdue = row.days_left is not None and row.days_left < 0
        row.days_overdue = -row.days_left if row.overdue else 0
    _by_dimension(rows, dimensions)
    return Dashboard(rows=rows, dimensions=dimensions, page=shown,
                     counts={state: counts.get(state, 0) for state, _ in Submission.STATE_CHOICES}, today=today)


def reports_progress():
    """How far the report requests are (per state: how many, the newest, the latest started and finished): what a
    worker's QuerySet.update() changes without a signal. One query."""
    return tuple(ReportRequest.objects.order_by("state").values_list("state").annotate(
        n=Count("pk"), newest=Max("pk"), started=Max("started_at"), finished=Max("finished_at")))


def countries():
    return list(Submission.objects.order_by("city__country").values_list("city__country", flat=True).distinct())


def verifiers():
    return get_user_model().objects.filter(groups__name=roles.VERIFIER).order_by("first_name", "last_name", "username")
