"""Template tags that show scores; they only format what the view passed down.

The words and colours come from the band vocabulary in kpis.scoring.

    {% load scores %}
    {% band_mark value %}              a value's band (or an Aggregate's, or a band number)
    {% band_state row as state %}      the vocabulary entry of a value, a report row, an aggregate or a band
    {% band_legend as legend %}        the benchmark legend, in order
    {{ percent|percent_shown }}        a percentage as the seed prints it
    {{ percent|percent_of_target }}    a value's percentage of target on the pages: at most two decimals
    {{ figure|number_shown }}          a figure as the pages show numbers: `268 180`, `311.5`
"""
from django import template

from kpis import scoring
from submissions.scorecards import band_state_of
from submissions.value_text import number_screen

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


@register.filter
def number_shown(number):
    """A figure (a context figure, a peer median) as the pages show a value's number (value_text's screen form)."""
    return "" if number is None or number == "" else number_screen(number)


@register.filter
def percent_of_target(percent):
    """A value's percentage of target as the pages show it: `91.8 %`, `100 %`; the stored score keeps its digits."""
    return "" if percent is None else f"{number_screen(percent)} %"
