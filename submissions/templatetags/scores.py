"""Template tags that show scores; they only format what the view passed down.

The words and colours come from the band vocabulary in kpis.scoring.

    {% load scores %}
    {% band_mark value %}              a value's band (or an Aggregate's, or a band number)
    {% band_state row as state %}      the vocabulary entry of a value, a report row, an aggregate or a band
    {% band_legend as legend %}        the benchmark legend, in order
    {{ percent|percent_shown }}        a percentage as the seed prints it
"""
from django import template

from kpis import scoring
from submissions.scorecards import band_state_of

register = template.Library()


@register.simple_tag
def band_state(subject):
    """The band or state (kpis.scoring vocabulary) of a value, a report row, an aggregate or a band number."""
    return band_state_of(subject)


@register.simple_tag
def band_legend():
    return scoring.LEGEND


@register.inclusion_tag("includes/band_mark.html")
def band_mark(subject, show_label=False):
    """A coloured mark for the band, with its label for screen readers (or shown, with show_label)."""
    return {"state": band_state(subject), "show_label": show_label}


@register.filter
def percent_shown(percent, places=2):
    """A percentage rounded as the seed prints it: "56.25 %"."""
    return scoring.percent_shown(percent, int(places))
