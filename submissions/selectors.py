"""Reading submissions: the list, progress per dimension and category, a category's values."""
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone

from kpis.models import Category, DataPoint
from kpis.stamps import catalogue_stamp

from .models import Evidence, PendingUpload, Submission, Value, answered_rule
from .signals import value_has_open_query

# The cached catalogue outline's key changes with the catalogue: this only bounds the memory it takes.
OUTLINE_SECONDS = settings.RENDERED_SECONDS


def submission_list(user):
    """The submissions a user may see, with how many data points are answered."""
    return (
        Submission.objects.visible_to(user)
        .select_related("city", "edition")
        .annotate(total=Count("values", distinct=True),
                  answered=Count("values", filter=answered_rule("values__"), distinct=True))
        .order_by("city__name", "-year")
    )


@dataclass
class Progress:
    total: int = 0
    reported: int = 0
    not_reported: int = 0

    @property
    def answered(self):
        return self.reported + self.not_reported

    @property
    def missing(self):
        return self.total - self.answered

    @property
    def percent(self):
        return round(100 * self.answered / self.total) if self.total else 0

    def count(self, value):
        self.total += 1
        if value.not_reported:
            self.not_reported += 1
        elif value.is_reported:
            self.reported += 1


@dataclass
class CategoryProgress(Progress):
    category: Category = None
    missing_kpis: list = field(default_factory=list)


@dataclass
class DimensionProgress(Progress):
    dimension: object = None
    categories: list = field(default_factory=list)


@dataclass
class SubmissionProgress(Progress):
    dimensions: list = field(default_factory=list)
    values: list = field(default_factory=list)

    @property
    def categories(self):
        return [category for dimension in self.dimensions for category in dimension.categories]


def submission_progress(submission):
    """Answered / total per dimension and category, with the KPIs still missing: one query."""
    return _progress(
        submission.values.select_related("data_point__kpi__category__dimension").in_catalogue_order()
    )


def _progress(values):
    """The progress of values in catalogue order, each with its data point's KPI, category and dimension."""
    result = SubmissionProgress()
    dimensions, categories = {}, {}
    for value in values:
        result.values.append(value)
        kpi = value.data_point.kpi
        category = kpi.category
        if category.dimension_id not in dimensions:
            dimensions[category.dimension_id] = DimensionProgress(dimension=category.dimension)
            result.dimensions.append(dimensions[category.dimension_id])
        if category.pk not in categories:
            categories[category.pk] = CategoryProgress(category=category)
            dimensions[category.dimension_id].categories.append(categories[category.pk])
        for progress in (result, dimensions[category.dimension_id], categories[category.pk]):
            progress.count(value)
        missing = categories[category.pk].missing_kpis
        if not value.has_answer and kpi not in missing:
            missing.append(kpi)
    return result


def _catalogue_outline(edition_id):
    """The edition's data points with their KPI, category and dimension, in catalogue order: kept in the cache
    until the catalogue changes (names in every language come with them)."""
    key = f"submissions:outline:{edition_id}:{catalogue_stamp()}"
    outline = cache.get(key)
    if outline is None:
        outline = list(DataPoint.objects.filter(kpi__category__dimension__edition_id=edition_id)
                       .select_related("kpi__category__dimension").in_catalogue_order())
        cache.set(key, outline, OUTLINE_SECONDS)
    return outline


def overview_progress(submission):
    """submission_progress for the overview page, from the cached catalogue outline and one query of the answers
    as plain rows; its values hold their answer only (number, yes / no, not reported) and their data point."""
    answers = {row.pop("data_point_id"): row
               for row in submission.values.values("pk", "data_point_id", "not_reported", "number", "yes_no")}
    return _progress(
        Value(submission_id=submission.pk, data_point=data_point, **answers[data_point.pk])
        for data_point in _catalogue_outline(submission.edition_id) if data_point.pk in answers
    )


@dataclass
class KPIValues:
    kpi: object
    values: list = field(default_factory=list)


def category_values(submission, category):
    """The category's values grouped by KPI, with evidence and whether a query on them is open."""
    values = (
        submission.values.filter(data_point__kpi__category=category)
        .select_related("data_point__kpi", "data_point__target", "entered_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")))
        .annotate(has_open_query=value_has_open_query(OuterRef("pk")))
        .in_catalogue_order()
    )
    groups = []
    for value in values:
        if not groups or groups[-1].kpi.pk != value.data_point.kpi_id:
            groups.append(KPIValues(kpi=value.data_point.kpi))
        groups[-1].values.append(value)
    return groups


# A value's stored fields as the entry page shows them (submissions.entry_fragments keys its pieces on them).
VALUE_SHOWN_FIELDS = (
    "data_point__kpi__category_id", "pk", "data_point__kpi_id", "version", "number", "yes_no", "numerator",
    "denominator", "not_reported", "not_reported_reason", "source", "data_quality", "note", "entered_at",
    "entered_by__first_name", "entered_by__last_name", "entered_by__username", "score_status", "percent_of_target",
    "band", "scored_target", "scored_direction",
)


def submission_values_shown(submission, user):
    """The submission's values as rows, by category, in catalogue order within each: VALUE_SHOWN_FIELDS, whether a
    query on the value is open, its evidence as how many files and the newest one's id (ids only grow, so a file
    added or removed changes the pair), and whether the user may change it now. One query, no model built."""
    return list(
        submission.values
        .annotate(has_open_query=value_has_open_query(OuterRef("pk")),
                  evidence_count=Count("evidence"), evidence_last=Max("evidence__pk"),
                  editable=Exists(Value.objects.editable_by(user).filter(pk=OuterRef("pk"))))
        .order_by("data_point__kpi__category_id", "data_point__kpi__order", "data_point__order")
        .values_list(*VALUE_SHOWN_FIELDS, "has_open_query", "evidence_count", "evidence_last", "editable")
    )


def category_after(progress, category):
    """The category that follows this one in catalogue order (a submission_progress), or None after the last."""
    order = [row.category for dimension in progress.dimensions for row in dimension.categories]
    index = next((i for i, each in enumerate(order) if each.pk == category.pk), len(order))
    return order[index + 1] if index + 1 < len(order) else None


def submission_category(submission, category_pk):
    """A category of the submission's own edition, or None."""
    return (
        Category.objects.filter(pk=category_pk, dimension__edition_id=submission.edition_id)
        .select_related("dimension").first()
    )


def submission_evidence(submission):
    return submission.evidence.select_related("value__data_point__kpi", "uploaded_by").order_by("uploaded_at", "pk")


def value_for(user, pk):
    """A value the user may see, with its submission and catalogue entry, or None."""
    return (
        Value.objects.filter(pk=pk, submission__in=Submission.objects.visible_to(user))
        .select_related("submission__city", "data_point__kpi__category__dimension", "entered_by")
        .first()
    )


def submission_evidence_count(submission):
    """How many files are attached to the whole submission (not to one of its values)."""
    return submission.evidence.filter(value__isnull=True).count()


def category_values_saved(submission, category):
    """A category's values as stored now, with their KPIs: what the cross-checks read after a save."""
    return Value.objects.filter(submission=submission, data_point__kpi__category=category).select_related(
        "data_point__kpi")


def submission_previous(submission, user):
    """The city's latest submission of an earlier year that this person may see (published, or
    through Submission.objects.visible_to): the last cycle its scores are compared with, or None."""
    seen = Q(state=Submission.PUBLISHED) | Q(pk__in=Submission.objects.visible_to(user).values("pk"))
    return (
        Submission.objects.filter(seen, city_id=submission.city_id, year__lt=submission.year)
        .order_by("-year", "-edition__year").first()
    )


def pending_uploads(*, actor, submission, tokens):
    """The kept files of a form that failed, by the tokens the form carried back: the person's own, not expired."""
    if not tokens:
        return []
    return list(PendingUpload.objects.filter(owner=actor, submission=submission, token__in=tokens,
                                             expires_at__gt=timezone.now()).order_by("pk"))
