"""Sections the apps above submissions add to a submission's overview page.

submissions may not ask verification or reports for their part of the page (they sit
above it), so each of them registers its section here from its AppConfig.ready. The
overview view reads every section's data once and passes it down; the template includes
each section's own template with that data.
"""
from dataclasses import dataclass
from typing import Callable

# Where a section goes: under the progress summary or at the end of the overview, or on the scores page.
PLACES = ("after_summary", "end", "scores")


@dataclass(frozen=True)
class Section:
    place: str
    template: str
    data: Callable  # (request, submission) -> dict for the template


_sections = {}


def overview_section_add(*, place, template, data):
    """Show template at place on every overview, with what data(request, submission) returns."""
    if place not in PLACES:
        raise ValueError(f"An overview section goes in one of {PLACES}, not {place!r}.")
    _sections[template] = Section(place=place, template=template, data=data)


def overview_sections(request, submission, places=PLACES):
    """Per place, the sections this person sees on this submission's pages: template and data (read only
    for the places asked for)."""
    shown = {place: [] for place in PLACES}
    for section in _sections.values():
        if section.place in places:
            shown[section.place].append({"template": section.template, "data": section.data(request, submission)})
    return shown
