"""Reading verification state: work lists, the review tree, sign-off blockers, histories."""
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, OuterRef, Prefetch, Subquery
from django.db.models import Value as Literal
from django.db.models.functions import Coalesce
from django.utils.translation import get_language, gettext, ngettext

from kpis.models import Category
from kpis.selectors import targets_edition_current
from kpis.stamps import catalogue_stamp
from submissions.comparisons import value_contexts
from submissions.models import Evidence, Event, Submission, Value, reported_rule
from submissions import roles
from submissions.value_text import value_text

from .models import Findings, FlagOverride, Query, Review, SignOff
from .permissions import can_answer

UNRESOLVED = (Query.OPEN, Query.ANSWERED)


# ---------------------------------------------------------------- progress and work lists

@dataclass
class Progress:
    pending: int = 0
    verified: int = 0
    not_verified: int = 0
    queried: int = 0
    returned: int = 0  # returned for correction, waiting for the city
    unresolved_queries: int = 0

    @property
    def reviewed(self):
        return self.verified + self.not_verified

    @property
    def total(self):
        return self.pending + self.verified + self.not_verified + self.queried + self.returned


def progress_by_submission(submission_ids):
    """Review counts of the reported data points, per submission id, in two queries."""
    progress = defaultdict(Progress)
    rows = (
        Value.objects.filter(submission_id__in=submission_ids).reported()
        .annotate(review_status=Coalesce("review__status", Literal(Review.PENDING)))
        .values_list("submission_id", "review_status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for submission_id, status, n in rows:
        setattr(progress[submission_id], status, n)
    queries = (
        Query.objects.filter(value__submission_id__in=submission_ids, status__in=UNRESOLVED)
        .values_list("value__submission_id").annotate(n=Count("id")).order_by()
    )
    for submission_id, n in queries:
        progress[submission_id].unresolved_queries = n
    return progress


def worklist(user):
    """A verifier's assignments; for the secretariat every submission past draft."""
    submissions = Submission.objects.visible_to(user).exclude(state=Submission.DRAFT)
    if not roles.is_secretariat(user):
        submissions = submissions.filter(assignments__verifier=user)
    submissions = list(
        submissions.select_related("city").prefetch_related("assignments__verifier").order_by("state", "city__name", "-year")
    )
    progress = progress_by_submission([s.pk for s in submissions])
    for submission in submissions:
        submission.progress = progress[submission.pk]
    return submissions


def sign_off_blockers(submission):
    """What stands between a submission and its sign-off, in words; empty when it can be signed."""
    progress = progress_by_submission([submission.pk])[submission.pk]
    blockers = []
    if progress.pending:
        blockers.append(ngettext("%(count)d reported data point still pending review.",
                                 "%(count)d reported data points still pending review.",
                                 progress.pending) % {"count": progress.pending})
    if progress.unresolved_queries:
        blockers.append(ngettext("%(count)d query thread still open.", "%(count)d query threads still open.",
                                 progress.unresolved_queries) % {"count": progress.unresolved_queries})
    if progress.total == 0:
        blockers.append(gettext("The submission has no reported data point."))
    return blockers


# ---------------------------------------------------------------- the review page

@dataclass
class Row:
    value: object
    review: object
    query: object
    evidence: list
    context: object  # submissions.comparisons.ValueContext
    overrides: list = field(default_factory=list)
    open: bool = False  # the verdict form is shown open under this row
    error: str = ""
    error_field: str = ""
    typed: dict = field(default_factory=dict)

    @property
    def status(self):
        return self.review.status if self.review else Review.PENDING

    @property
    def status_label(self):
        return self.review.get_status_display() if self.review else dict(Review.STATUS_CHOICES)[Review.PENDING]

    @property
    def review_version(self):
        return self.review.version if self.review else 0

    @property
    def shown(self):
        return value_text(self.value)

    @cached_property
    def flags(self):
        """The cross-checks' flags the verifier has not acknowledged."""
        overridden = {override.check_key for override in self.overrides}
        return [flag for flag in self.context.flags if flag.check not in overridden]

    @property
    def overridden_flags(self):
        notes = {override.check_key: override for override in self.overrides}
        return [(flag, notes[flag.check]) for flag in self.context.flags if flag.check in notes]

    @property
    def can_verify_in_bulk(self):
        """A reported value still pending, without a flag and not waiting for the city."""
        return self.value.is_reported and self.status == Review.PENDING and not (
            self.query is not None and self.query.status == Query.OPEN)

    @property
    def is_flagged(self):
        return bool(self.flags)


@dataclass
class Group:
    """A dimension, category or KPI of the review page and the rows under it (each with value_id, is_reported,
    status, is_flagged and can_verify_in_bulk)."""
    name: str
    children: list = field(default_factory=list)
    pk: int = None

    @property
    def rows(self):
        if self.children and not isinstance(self.children[0], Group):
            return self.children
        return [row for child in self.children for row in child.rows]

    @property
    def pending(self):
        return sum(1 for row in self.rows if row.is_reported and row.status == Review.PENDING)

    @property
    def verified(self):
        return sum(1 for row in self.rows if row.status == Review.VERIFIED)

    @property
    def flagged(self):
        return sum(1 for row in self.rows if row.is_flagged)

    @property
    def bulk_rows(self):
        return [row for row in self.rows if row.can_verify_in_bulk]


def review_rows(submission, value_ids=None, open_value_id=None):
    """Rows of the review page with everything each shows, in a fixed number of queries; with value_ids, those
    rows only (the values of their KPIs are read too: a share group's flag reads them all)."""
    values = Value.objects.filter(submission=submission)
    if value_ids is not None:
        values = values.filter(data_point__kpi__in=Value.objects.filter(pk__in=value_ids).values("data_point__kpi"))
    values = (
        values
        .select_related("data_point__kpi__category__dimension", "review__reviewed_by")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")),
            Prefetch("queries", queryset=Query.objects.filter(status__in=UNRESOLVED)
                     .annotate(message_count=Count("messages")).select_related("corrected_by"),
                     to_attr="unresolved"),
            Prefetch("flag_overrides", queryset=FlagOverride.objects.select_related("overridden_by")),
        )
        .in_catalogue_order()
    )
    values = list(values)
    contexts = value_contexts(submission, values, evidence_counts={v.pk: len(v.evidence.all()) for v in values})
    rows = []
    for value in values:
        if value_ids is not None and value.pk not in value_ids:
            continue
        review = getattr(value, "review", None) if _has_review(value) else None
        rows.append(Row(value=value, review=review, query=value.unresolved[-1] if value.unresolved else None,
                        evidence=list(value.evidence.all()), context=contexts[value.pk],
                        overrides=list(value.flag_overrides.all()), open=value.pk == open_value_id))
    return rows


def _has_review(value):
    try:
        value.review
    except Review.DoesNotExist:
        return False
    return True


@dataclass
class RowStamp:
    """What one row of the review page shows, in numbers: the row's cached rendering is keyed on `parts`."""
    value_id: int
    kpi_id: int
    category_id: int
    dimension_id: int
    is_reported: bool
    has_answer: bool
    status: str
    query_open: bool
    parts: tuple


def review_row_stamps(submission):
    """Every row of the review page in catalogue order, with what it shows in numbers (one query): the value's and
    its review's versions, its evidence and acknowledged flags (how many, the newest), its unresolved queries
    (how many, the newest, how many open, their messages, their corrections) and the versions of its KPI's values
    (a share group's flag reads them all)."""
    values = list(_row_stamps_query().filter(submission=submission))
    kpi_versions = defaultdict(list)
    for pk, version, kpi_id, *_rest in values:
        kpi_versions[kpi_id].append((pk, version))
    return [
        RowStamp(value_id=pk, kpi_id=kpi_id, category_id=category_id, dimension_id=dimension_id,
                 is_reported=reported, has_answer=reported or not_reported, status=status,
                 query_open=bool(query_open),
                 parts=(pk, version, status, review_version, query_open, related, kpi_versions[kpi_id]))
        for pk, version, kpi_id, category_id, dimension_id, reported, not_reported, status, review_version,
        query_open, *related in values
    ]


@functools.cache
def _row_stamps_query():
    """review_row_stamps' query for every submission, built once per process (its nine subqueries take longer to
    build than to run)."""
    unresolved = Query.objects.filter(status__in=UNRESOLVED)
    return (
        Value.objects.in_catalogue_order()
        .annotate(reported=ExpressionWrapper(reported_rule(), output_field=BooleanField()),
                  review_status=Coalesce("review__status", Literal(Review.PENDING)),
                  review_version=Coalesce("review__version", Literal(0)),
                  query_open=_per_value(unresolved.filter(status=Query.OPEN), Count("pk")),
                  evidence_count=_per_value(Evidence.objects, Count("pk")),
                  evidence_newest=_per_value(Evidence.objects, Max("pk")),
                  override_count=_per_value(FlagOverride.objects, Count("pk")),
                  override_newest=_per_value(FlagOverride.objects, Max("pk")),
                  query_count=_per_value(unresolved, Count("pk")),
                  query_newest=_per_value(unresolved, Max("pk")),
                  message_count=_per_value(unresolved, Count("messages")),
                  corrected_at=_per_value(unresolved, Max("corrected_at")))
        .values_list("pk", "version", "data_point__kpi_id", "data_point__kpi__category_id",
                     "data_point__kpi__category__dimension_id", "reported", "not_reported", "review_status",
                     "review_version", "query_open", "evidence_count", "evidence_newest", "override_count",
                     "override_newest", "query_count", "query_newest", "message_count", "corrected_at")
    )


def _per_value(rows, aggregate):
    """The aggregate of a value's rows (evidence, flags, queries) as a subquery of the value's row."""
    return Subquery(rows.filter(value=OuterRef("pk")).order_by().values("value").annotate(result=aggregate)
                    .values("result"))


def review_progress(stamps):
    """The review page's progress, read from its rows' stamps (progress_by_submission's counts, without a query)."""
    progress = Progress()
    for stamp in stamps:
        if stamp.is_reported:
            setattr(progress, stamp.status, getattr(progress, stamp.status) + 1)
    return progress


def category_names(edition_id):
    """{category id: (its name, its dimension's name)} of an edition in the current language, kept in the cache
    under the catalogue's stamp (a renamed category or dimension shows at once)."""
    key = f"category-names:{catalogue_stamp()}:{get_language()}:{edition_id}"
    names = cache.get(key)
    if names is None:
        names = {category.pk: (category.name, category.dimension.name) for category in
                 Category.objects.filter(dimension__edition_id=edition_id).select_related("dimension")}
        cache.set(key, names, timeout=None)
    return names


def review_tree(rows, names):
    """Rows (with kpi_id, category_id, dimension_id) grouped dimension → category → KPI, in the order they come
    (the catalogue's); names as category_names gives them."""
    dimensions = []
    for row in rows:
        category_name, dimension_name = names[row.category_id]
        if not dimensions or dimensions[-1].pk != row.dimension_id:
            dimensions.append(Group(dimension_name, pk=row.dimension_id))
        categories = dimensions[-1].children
        if not categories or categories[-1].pk != row.category_id:
            categories.append(Group(category_name, pk=row.category_id))
        kpis = categories[-1].children
        if not kpis or kpis[-1].pk != row.kpi_id:
            kpis.append(Group("", [], pk=row.kpi_id))
        kpis[-1].children.append(row)
    return dimensions


# ---------------------------------------------------------------- the verifier's summary

@dataclass
class Summary:
    not_verified: list
    open_queries: list
    returned: list
    overridden: list
    findings: object


def review_summary(submission):
    """Every value not verified with its reason, the unresolved queries and corrections, the overridden flags."""
    rows = review_rows(submission)
    return Summary(
        not_verified=[row for row in rows if row.status == Review.NOT_VERIFIED],
        open_queries=[row for row in rows if row.query is not None and not row.query.is_correction],
        returned=[row for row in rows if row.query is not None and row.query.is_correction],
        overridden=[(row, flag, override) for row in rows for flag, override in row.overridden_flags],
        findings=Findings.objects.filter(submission=submission).first(),
    )


# ---------------------------------------------------------------- queries and histories

def queries_for_city(submission):
    """The threads waiting for the city's answer, with the data point and the last question."""
    queries = list(
        Query.objects.filter(value__submission=submission, status=Query.OPEN)
        .select_related("value__data_point__kpi")
        .prefetch_related("messages")
        .order_by("created_at")
    )
    for query in queries:
        messages = list(query.messages.all())
        query.last_message = messages[-1] if messages else None
    return queries


def queries_waiting_for(user, submission):
    """The threads waiting for this person's answer: none unless they answer for the submission's city."""
    return queries_for_city(submission) if can_answer(user, submission) else []


def value_evidence(value):
    """The evidence attached to one value, oldest first."""
    return list(value.evidence.order_by("uploaded_at", "pk"))


def submission_evidence(submission):
    """The evidence attached to the whole submission (not to one value)."""
    return submission.evidence.filter(value__isnull=True)


def submission_assignments(submission):
    return submission.assignments.select_related("verifier", "assigned_by").order_by("assigned_at")


def query_review(query):
    """The review of the queried value, or None before the first one."""
    return Review.objects.filter(value=query.value).first()


def query_messages(query):
    return query.messages.select_related("author")


def sign_offs(submission):
    """Every sign-off of the submission and its changes, oldest first, with who made them."""
    return SignOff.history.filter(submission_id=submission.pk).select_related("history_user").order_by("history_date")


def sign_off_last(submission):
    """The latest recorded sign-off of the submission (kept in its history after a reopen), or None."""
    return SignOff.history.filter(submission_id=submission.pk).order_by("-history_date").first()


def submission_events(submission, value=None):
    events = Event.objects.filter(submission=submission).select_related("actor", "value__data_point__kpi")
    if value is not None:
        events = events.filter(value=value)
    return list(events.order_by("at", "pk"))


def value_versions(value):
    return list(value.history.select_related("history_user", "data_point").order_by("history_date", "history_id"))


def targets_edition_of(submission):
    """The targets edition a submission's scores stand on: the one recorded at its sign-off once
    signed off (None if it was signed off before any), otherwise the one in force today."""
    if submission.is_signed_off:
        sign_off = SignOff.objects.select_related("targets_edition").filter(submission=submission).first()
        if sign_off is not None:
            return sign_off.targets_edition
    return targets_edition_current(submission.edition_id)
