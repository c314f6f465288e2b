"""Reading published data, and only published data: every endpoint and file of opendata starts here.

Published means Submission.objects.published() (the secretariat released it); nothing else is
ever read here.
"""
from django.db.models import Count, F, OuterRef, Prefetch, Q, Sum

from kpis.models import KPI, Category, DataPoint, Dimension, Edition
from submissions.models import CATALOGUE_ORDER, City, Submission, Value
from submissions.signals import value_is_verified

from .models import BulkRelease


def published_submissions():
    """Published submissions with their city and edition, and the points of their scored values
    (for the overall score), in one query."""
    scored = Q(values__score_status=Value.SCORED)
    return (
        Submission.objects.published()
        .select_related("city", "edition")
        .annotate(points=Sum("values__band", filter=scored), scored=Count("values", filter=scored))
        .order_by("city__name", "year", "pk")
    )


def published_values():
    """Every value of a published submission, with everything its open data row shows, in one query."""
    return (
        Value.objects.filter(submission__in=Submission.objects.published())
        .select_related("submission__city", "submission__edition", "data_point__kpi__category__dimension",
                        "data_point__target")
        .annotate(is_verified=value_is_verified(OuterRef("pk")),
                  # A published submission is signed off: its sign-off recorded the targets edition it stands on.
                  target_edition=F("submission__sign_off__targets_edition__number"))
        .order_by("submission__city__name", "submission__year", "submission_id", *CATALOGUE_ORDER)
    )


def published_cities():
    """The cities with at least one published submission, each with its published submissions. Two queries."""
    published = Submission.objects.published()
    return (
        City.objects.filter(submissions__in=published).distinct()
        .prefetch_related(Prefetch("submissions", queryset=published.select_related("edition").order_by("year"),
                                   to_attr="published_submissions"))
        .order_by("name")
    )


def editions():
    return Edition.objects.order_by("year", "pk")


def dimensions():
    return Dimension.objects.select_related("edition").order_by("edition__year", "order")


def categories():
    return Category.objects.select_related("dimension__edition").order_by("dimension__edition__year",
                                                                            "dimension__order", "order")


def kpis():
    """KPIs with their category, dimension, edition and data points (with targets). Two queries."""
    return (
        KPI.objects.select_related("category__dimension__edition", "subdimension")
        .prefetch_related(Prefetch("data_points", queryset=DataPoint.objects.select_related("target").order_by("order")))
        .order_by("category__dimension__edition__year", "category__dimension__order", "category__order", "order")
    )


def data_points():
    return DataPoint.objects.select_related("kpi__category__dimension__edition", "target").order_by(
        "kpi__category__dimension__edition__year", *DataPoint._meta.ordering)


def published_data_changed_at():
    """When published data last changed (a publication or a withdrawal); None before the first."""
    return BulkRelease.objects.filter(pk=1).values_list("changed_at", flat=True).first()
