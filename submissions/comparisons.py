"""Reading each value's context: last cycle's verified value, the peer range, the next band and the cross-checks.

The review page and the city's entry pages show the same context; value_contexts reads it for
any number of values in two queries (last cycle's values, the peers' values).
"""
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext

from kpis import scoring

from . import cross_checks
from .models import Submission, Value, reported_rule
from .signals import value_is_verified
from .value_text import value_text

HUNDREDTH = Decimal("0.01")

SIGNED_OFF = (Submission.VERIFIED, Submission.PUBLISHED)


@dataclass(frozen=True)
class PeerRange:
    """The other cities' verified values of one data point, never naming them."""

    low: Decimal
    median: Decimal
    high: Decimal
    count: int

    def position(self, number):
        if number is None:
            return ""
        if number < self.low:
            return gettext("below the peers")
        if number > self.high:
            return gettext("above the peers")
        return gettext("within the peers' range")


@dataclass
class ValueContext:
    previous: object = None  # last cycle's verified number or yes / no, or None
    previous_year: int | None = None
    change: Decimal | None = None  # in %
    peers: PeerRange | None = None
    next_band: object = None  # the number (or "yes") that reaches the next band, None at band 4
    flags: list = field(default_factory=list)
    previous_text: str = ""
    next_band_text: str = ""

    @property
    def arrow(self):
        if self.change is None or self.change == 0:
            return "→"
        return "↑" if self.change > 0 else "↓"


def _answer_text(data_point, answer):
    """An answer of the data point as the pages show a value (value_text's screen form)."""
    if answer is None:
        return ""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, bool):
        return value_text(Value(data_point=data_point, yes_no=answer))
    return value_text(Value(data_point=data_point, number=Decimal(answer).quantize(HUNDREDTH)))


def _answer(value):
    return value.yes_no if value.data_point.is_yes_no else value.number


def _previous_values(submission, data_point_ids):
    """{data point id: (answer, year)} of the city's previous signed-off year, verified values only (one query)."""
    previous = (
        Submission.objects.filter(city_id=submission.city_id, year__lt=submission.year, state__in=SIGNED_OFF)
        .order_by("-year").values("pk")[:1]
    )
    rows = (
        Value.objects.filter(reported_rule(), submission_id=Subquery(previous), data_point_id__in=data_point_ids)
        .filter(value_is_verified(OuterRef("pk")))
        .values_list("data_point_id", "number", "yes_no", "submission__year")
    )
    return {dp: (number if yes_no is None else yes_no, year) for dp, number, yes_no, year in rows}


def _peer_ranges(submission, data_point_ids):
    """{data point id: PeerRange} from each other city's latest signed-off submission of the edition (one query)."""
    latest = (
        Submission.objects.filter(city_id=OuterRef("submission__city_id"), edition_id=submission.edition_id,
                                  state__in=SIGNED_OFF)
        .order_by("-year").values("pk")[:1]
    )
    rows = (
        Value.objects.filter(reported_rule(), submission__edition_id=submission.edition_id,
                             submission__state__in=SIGNED_OFF, data_point_id__in=data_point_ids,
                             number__isnull=False, submission_id=Subquery(latest))
        .exclude(submission__city_id=submission.city_id)
        .filter(value_is_verified(OuterRef("pk")))
        .values_list("data_point_id", "number")
    )
    numbers = {}
    for data_point_id, number in rows:
        numbers.setdefault(data_point_id, []).append(number)
    return {
        dp: PeerRange(low=min(found), median=statistics.median(found), high=max(found), count=len(found))
        for dp, found in numbers.items() if len(found) >= cross_checks.PEERS_AT_LEAST
    }


def value_contexts(submission, values, *, evidence_counts):
    """{value id: ValueContext} for values of one submission (with their data points and KPIs).

    evidence_counts: {value id: number of evidence files}, which the caller has read already.
    """
    values = list(values)
    data_point_ids = [value.data_point_id for value in values]
    previous = _previous_values(submission, data_point_ids)
    peers = _peer_ranges(submission, data_point_ids)
    shares = cross_checks.share_flags(values)
    contexts = {}
    for value in values:
        last, year = previous.get(value.data_point_id, (None, None))
        peer = peers.get(value.data_point_id)
        answer = _answer(value) if value.is_reported else None
        context = ValueContext(
            previous=last, previous_year=year, peers=peer,
            change=cross_checks.change_percent(answer, last) if isinstance(last, Decimal) and answer is not None
            and not isinstance(answer, bool) else None,
            next_band=scoring.next_band_value(direction=value.scored_direction, target=value.scored_target,
                                              band=value.band),
        )
        context.previous_text = _answer_text(value.data_point, last)
        context.next_band_text = _answer_text(value.data_point, context.next_band)
        context.flags = cross_checks.value_flags(
            value, population=submission.population, previous=last,
            peer_low=peer.low if peer else None, peer_high=peer.high if peer else None,
            evidence_count=evidence_counts.get(value.pk, 0),
        )
        if value.pk in shares:
            context.flags.insert(0, shares[value.pk])
        contexts[value.pk] = context
    return contexts

