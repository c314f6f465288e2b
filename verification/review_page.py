"""The review page's rows, each rendered once per state of what it shows and kept in the cache.

A row's rendering is keyed on the versions of what it shows (selectors.RowStamp: the value, its review, its
unresolved queries, evidence, acknowledged flags and the values of its KPI), on what its context column reads
(the submission, the signed-off submissions of the last cycle and the peers, the catalogue), on the language
and on whether the viewer may review. Any change gives a new key, so the next request renders the row afresh.
A row shown open (its verdict form, with the request's CSRF token) is never cached.
"""
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kpis.stamps import catalogue_stamp, rendering_key
from submissions.cross_checks import CHECK_TITLES
from submissions.stamps import signed_off_stamp

from . import selectors
from .models import Review

ROW_TIMEOUT = settings.RENDERED_SECONDS


@dataclass
class PageRow:
    """One row as the page's template and counts read it: its rendering and what the groups count."""
    value_id: int
    kpi_id: int
    category_id: int
    dimension_id: int
    is_reported: bool
    status: str
    is_flagged: bool
    can_verify_in_bulk: bool
    html: str


@dataclass
class ReviewPage:
    sections: str  # the dimensions, categories and rows, rendered
    progress: selectors.Progress
    flagged: int  # rows with a flag not acknowledged
    unflagged: int  # rows to verify in bulk without a flag


def row_html(request, row, *, can_review):
    return render_to_string("verification/_review_row.html",
                            {"row": row, "can_review": can_review, "checks": CHECK_TITLES}, request=request)


def _key(shared, stamp):
    return rendering_key(f"review-row:{stamp.value_id}", shared, stamp.parts)


def review_page(request, submission, *, can_review, open_value_id=None, shown_row=None):
    """The page's rows under their dimensions and categories, and its counts. The whole is kept in the cache under
    the keys of its rows; a row shown open, or shown_row (a selectors.Row, e.g. with an error beside it), is
    rendered for this request alone."""
    stamps = selectors.review_row_stamps(submission)
    shared = (submission.pk, submission.updated_at, submission.context_from_year,
              signed_off_stamp(), catalogue_stamp(), get_language(), can_review)
    progress = selectors.review_progress(stamps)
    as_given = shown_row is not None or any(stamp.value_id == open_value_id for stamp in stamps)
    page_key = rendering_key("review-page", shared, [stamp.parts for stamp in stamps])
    cached = None if as_given else cache.get(page_key)
    if cached is None:
        keys = {stamp.value_id: _key(shared, stamp) for stamp in stamps}
        cached = _render(request, submission, stamps, keys, can_review=can_review, open_value_id=open_value_id,
                         shown_row=shown_row)
        if not as_given:
            cache.set(page_key, cached, timeout=ROW_TIMEOUT)
    return ReviewPage(sections=mark_safe(cached["sections"]), progress=progress, flagged=cached["flagged"],
                      unflagged=cached["unflagged"])


def _render(request, submission, stamps, keys, *, can_review, open_value_id, shown_row):
    found = cache.get_many(keys.values())
    fresh = {shown_row.value.pk: shown_row} if shown_row is not None else {}
    missing = {pk for pk, key in keys.items() if key not in found and pk not in fresh}
    if open_value_id in keys and open_value_id not in fresh:
        missing.add(open_value_id)
    if missing:
        fresh.update((row.value.pk, row) for row in
                     selectors.review_rows(submission, value_ids=missing, open_value_id=open_value_id))
    to_cache = {}
    for pk, row in fresh.items():
        rendered = {"html": row_html(request, row, can_review=can_review), "flagged": row.is_flagged}
        found[keys[pk]] = rendered
        if not row.open and not row.error:
            to_cache[keys[pk]] = rendered
    if to_cache:
        cache.set_many(to_cache, timeout=ROW_TIMEOUT)
    rows = [
        PageRow(value_id=stamp.value_id, kpi_id=stamp.kpi_id, category_id=stamp.category_id,
                dimension_id=stamp.dimension_id, is_reported=stamp.is_reported, status=stamp.status,
                is_flagged=found[keys[stamp.value_id]]["flagged"],
                can_verify_in_bulk=stamp.is_reported and stamp.status == Review.PENDING and not stamp.query_open,
                html=mark_safe(found[keys[stamp.value_id]]["html"]))
        for stamp in stamps
    ]
    tree = selectors.review_tree(rows, selectors.category_names(submission.edition_id))
    sections = render_to_string("verification/_review_sections.html",
                                {"tree": tree, "can_review": can_review, "submission": submission}, request=request)
    return {"sections": sections, "flagged": sum(1 for row in rows if row.is_flagged),
            "unflagged": sum(1 for row in rows if row.can_verify_in_bulk and not row.is_flagged)}
