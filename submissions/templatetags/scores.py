"""Template tags that show scores; they only format what the view passed down.

    {% load scores %}
    {% band_mark value %}              a value's band (or an Aggregate's, or a band number)
    {{ percent|percent_shown }}        a percentage as the seed prints it
"""
from django import template

from kpis import scoring
from submissions.models import Value

register = template.Library()

NO_DATA_LABEL = "No data"


def band_and_label(subject):
    """The band (1-4, or None for grey) of a value, an aggregate or a band number, and its words."""
    if isinstance(subject, Value):
        if subject.score_status == Value.SCORED and subject.band:
            return subject.band, scoring.BAND_LABELS[subject.band]
        if subject.score_status == Value.NO_TARGET:
            return None, scoring.NO_TARGET_LABEL
        return None, NO_DATA_LABEL
    band = subject.band if isinstance(subject, scoring.Aggregate) else subject
    return band or None, scoring.BAND_LABELS[band or None]


@register.inclusion_tag("includes/band_mark.html")
def band_mark(subject, show_label=False):
    """A coloured mark for the band, with its label for screen readers (or shown, with show_label)."""
    band, label = band_and_label(subject)
    return {"band": band, "label": label, "show_label": show_label}


@register.filter
def percent_shown(percent, places=2):
    """A percentage rounded as the seed prints it: "56.25 %"."""
    return scoring.percent_shown(percent, int(places))
