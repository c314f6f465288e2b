"""The 17 Sustainable Development Goals, and how a KPI's linked goals and SDG targets are written and checked."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

# The goals' short titles, as the United Nations publishes them.
GOALS = {
    1: gettext_lazy("No poverty"),
    2: gettext_lazy("Zero hunger"),
    3: gettext_lazy("Good health and well-being"),
    4: gettext_lazy("Quality education"),
    5: gettext_lazy("Gender equality"),
    6: gettext_lazy("Clean water and sanitation"),
    7: gettext_lazy("Affordable and clean energy"),
    8: gettext_lazy("Decent work and economic growth"),
    9: gettext_lazy("Industry, innovation and infrastructure"),
    10: gettext_lazy("Reduced inequalities"),
    11: gettext_lazy("Sustainable cities and communities"),
    12: gettext_lazy("Responsible consumption and production"),
    13: gettext_lazy("Climate action"),
    14: gettext_lazy("Life below water"),
    15: gettext_lazy("Life on land"),
    16: gettext_lazy("Peace, justice and strong institutions"),
    17: gettext_lazy("Partnerships for the goals"),
}

# An SDG target: the goal's number, a dot, and a number or a letter ("11.6", "9.c").
TARGET_PATTERN = re.compile(r"^(\d{1,2})\.([0-9]{1,2}|[a-z])$")


def _parts(text):
    return [part.strip() for part in re.split(r"[;,]", text or "") if part.strip()]


def goals_parse(text):
    """Goal numbers from "9;17" (or "9, 17"), in order, each once; anything else is left out."""
    goals = []
    for part in _parts(text):
        if part.isdigit() and int(part) in GOALS and int(part) not in goals:
            goals.append(int(part))
    return goals


def goals_clean(text):
    """The goals as stored ("9;17"), or a ValidationError naming what is not a goal."""
    goals = []
    for part in _parts(text):
        if not part.isdigit() or int(part) not in GOALS:
            raise ValidationError(gettext(
                "“%(part)s” is not an SDG: write goal numbers from 1 to 17, separated by “;”."
            ) % {"part": part})
        if int(part) not in goals:
            goals.append(int(part))
    return ";".join(str(goal) for goal in sorted(goals))


def targets_clean(text, goals):
    """The SDG targets as stored ("9.c;17.8"): each of the form 11.6 or 9.c, under one of the goals."""
    targets = []
    for part in _parts(text):
        match = TARGET_PATTERN.match(part.lower())
        if not match:
            raise ValidationError(gettext("“%(part)s” is not an SDG target: write it like 11.6 or 9.c.")
                                  % {"part": part})
        if int(match.group(1)) not in goals_parse(goals):
            raise ValidationError(gettext(
                "The target %(target)s is under SDG %(goal)s, which is not among the linked SDGs."
            ) % {"target": part, "goal": match.group(1)})
        if part.lower() not in targets:
            targets.append(part.lower())
    return ";".join(targets)
