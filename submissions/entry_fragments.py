"""The entry page's pieces, each KPI's values, the share warnings and the list of categories, cached until what
they show changes.

A piece's key holds everything it shows: the values' stored fields (so a change made by anyone, by any road,
shows at once), their open queries and evidence, which of them the viewer may change (a form or the value as
it is), the submission's population, the signed-off data the contexts compare with (its stamp), the catalogue stamp
and the language. Only unbound forms are cached: a page whose save failed shows what the person typed, afresh.
The CSRF token is outside every piece.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kpis.stamps import catalogue_stamp, rendering_key

from . import selectors
from .cross_checks import share_warnings
from .stamps import signed_off_stamp

SECTION = "submissions/_entry_kpi.html"
CATEGORIES = "submissions/_categories.html"


def _key(kind, *parts):
    return rendering_key(f"entry:{kind}", *parts)


def _section(submission, group):
    return render_to_string(SECTION, {"submission": submission, "group": group})


def _categories(submission, category, progress):
    return render_to_string(CATEGORIES, {"submission": submission, "category": category, "progress": progress})


def pieces_rendered(submission, category, groups, progress):
    """The pieces of the page, rendered from the values as they are (after a save that failed)."""
    values = [value for group in groups for value in group.values]
    return {
        "sections": [_section(submission, group) for group in groups],
        "warnings": share_warnings(values),
        "categories": _categories(submission, category, progress),
    }


def pieces_cached(user, submission, category, *, groups_load):
    """The pieces of the page with unbound forms for the user, from the cache where what they show has not changed.

    groups_load(editable): the category's values grouped by KPI, each with its form (editable: the ids of the
    values the user may change) or None, and its context; called only when a KPI's piece or the warnings must
    be rendered.
    """
    language, catalogue = get_language(), catalogue_stamp()
    shared = (language, catalogue, submission.pk, submission.population, signed_off_stamp())
    rows = selectors.submission_values_shown(submission, user)
    kpis = {}  # the category's rows by KPI; a row ends with whether the user may change the value
    for row in rows:
        if row[0] == category.pk:
            kpis.setdefault(row[2], []).append(row)
    keys = {kpi_id: _key("kpi", shared, kpi_rows) for kpi_id, kpi_rows in kpis.items()}
    warnings_key = _key("warnings", language, catalogue, list(kpis.values()))
    # The list counts every category's answered values: any value of the submission.
    categories_key = _key("categories", language, catalogue, submission.pk, category.pk, rows)
    found = cache.get_many([*keys.values(), warnings_key, categories_key])
    sections = [found.get(key) for key in keys.values()]
    if None in sections or warnings_key not in found:
        groups = groups_load({row[1] for kpi_rows in kpis.values() for row in kpi_rows if row[-1]})
        made = {keys[group.kpi.pk]: _section(submission, group) for group in groups
                if group.kpi.pk in keys and keys[group.kpi.pk] not in found}
        made[warnings_key] = share_warnings([value for group in groups for value in group.values])
        cache.set_many(made)
        found.update(made)
        sections = [found.get(keys.get(group.kpi.pk)) or _section(submission, group) for group in groups]
    if categories_key not in found:
        found[categories_key] = _categories(submission, category, selectors.submission_progress(submission))
        cache.set(categories_key, found[categories_key])
    return {
        "sections": [mark_safe(section) for section in sections],
        "warnings": found[warnings_key],
        "categories": mark_safe(found[categories_key]),
        "can_edit": any(row[-1] for kpi_rows in kpis.values() for row in kpi_rows),
    }
