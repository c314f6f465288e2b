"""One band vocabulary (kpis.scoring): the style sheets, legends and marks say and colour each band alike."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string

from kpis import scoring

ROOT = Path(settings.BASE_DIR)
APPS = ("kpis", "submissions", "verification", "reports", "u4ssc_site")
STYLE_SHEETS = sorted([*ROOT.glob("static/css/*.css"), *ROOT.glob("*/static/*/*.css")])
COLOUR_OF_CLASS = {state.css_class: state.colour for state in scoring.STATES}


def band_rules(css):
    """(class, colour) for each colour set in a rule whose selector names a band class."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        for name in re.findall(r"(?<![\w-])\.(?:reports-)?(band-[\w-]+)", selector):
            found += [(name, colour.lower()) for colour in re.findall(r"#[0-9a-fA-F]{3,8}\b", body)]
    return found


def test_states_that_share_a_css_class_share_its_colour():
    for state in scoring.STATES:
        assert COLOUR_OF_CLASS[state.css_class] == state.colour, state


@pytest.mark.parametrize("sheet", STYLE_SHEETS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_band_colour_in_the_style_sheets_is_the_vocabulary_colour_of_its_class(sheet):
    for name, colour in band_rules(sheet.read_text()):
        assert name in COLOUR_OF_CLASS, f"{sheet.name}: .{name} is not a class of the band vocabulary"
        assert colour == COLOUR_OF_CLASS[name], f"{sheet.name}: .{name} is {colour}"


@pytest.mark.parametrize("sheet", ["static/css/app.css", "reports/static/reports/report.css"])
def test_pages_and_the_report_colour_every_class_of_the_vocabulary(sheet):
    coloured = {name for name, _ in band_rules((ROOT / sheet).read_text())}

    assert coloured == set(COLOUR_OF_CLASS)


def legend_items(html, mark_class):
    return re.findall(rf'<li><span class="{mark_class} ([\w-]+)"></span>([^<]+)</li>', html)


def test_the_report_legend_prints_the_vocabulary_in_title_case_in_order():
    html = render_to_string("reports/pdf/_legend.html")

    assert legend_items(html, "mark") == [(state.css_class, state.print_label) for state in scoring.LEGEND]
    assert legend_items(html, "mark")[-1] == ("band-no-target", "Data Reported - No Targets Yet Available")


def test_the_page_legend_shows_the_vocabulary_screen_words_in_order():
    html = render_to_string("reports/_sunburst.html", {"sunburst": "<svg></svg>"})

    assert legend_items(html, "reports-mark") == [(state.css_class, state.label) for state in scoring.LEGEND]


@pytest.mark.parametrize("points", [1, 2, 3, 4, None])
def test_a_band_mark_takes_its_class_and_words_from_the_vocabulary(points):
    state = scoring.band_state(points)
    html = Template("{% load scores %}{% band_mark band show_label=True %}").render(Context({"band": points}))

    assert f'class="band-mark {state.css_class}" title="{state.label}"' in html


def test_band_words_are_written_only_in_the_vocabulary():
    words = {str(text) for state in scoring.STATES for text in (state.label, state.print_label) if "arget" in text}
    sources = [*ROOT.glob("templates/**/*.html"),
               *(path for app in APPS for path in (ROOT / app).glob("**/*.*") if path.suffix in {".py", ".html"}
                 and path != ROOT / "kpis/scoring.py")]
    assert len(sources) > 50
    for path in sources:
        text = path.read_text()
        assert not [word for word in words if word in text], path
