"""The sunburst for people who cannot see its colours: a name and description, legible labels, and a
table of every segment with its band in words, on the pages as in the PDF."""
import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from kpis import scoring
from reports import sunburst
from reports.selectors import submission_benchmark

SVG = "{http://www.w3.org/2000/svg}"
RING_EDGES = (("dimension", sunburst.DIMENSION_EDGE), ("category", sunburst.CATEGORY_EDGE), ("kpi", sunburst.KPI_EDGE))


def _angle(x, y):
    """Degrees clockwise from twelve o'clock, as the sunburst measures them."""
    return math.degrees(math.atan2(x, -y)) % 360


def _span(path):
    """The start and end angle of a slice, from the outer arc of its path."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
    x1, y1, x2, y2 = numbers[0], numbers[1], numbers[7], numbers[8]
    return _angle(x1, y1), _angle(x2, y2)


def _anchor(text):
    """Where a label stands: (radius, angle) of its anchor point."""
    transform = text.get("transform")
    if transform.startswith("translate"):
        x, y = (float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", transform))
    else:
        rotation = math.radians(float(re.findall(r"-?\d+(?:\.\d+)?", transform)[0]))
        radius = float(text.get("x"))
        x, y = radius * math.cos(rotation), radius * math.sin(rotation)
    return math.hypot(x, y), _angle(x, y)


def fill_under(root, text):
    """The colour of the slice a label stands on, or the page's white outside the rings."""
    radius, angle = _anchor(text)
    level = next((name for name, edge in RING_EDGES if radius < edge), None)
    if level is None:
        return sunburst.CANVAS
    for path in root.iter(f"{SVG}path"):
        if path.get("data-level") == level:
            start, end = _span(path)
            if (angle - start) % 360 <= (end - start) % 360:
                return path.get("fill")
    raise AssertionError(f"no {level} slice under {text.text!r}")


def assert_every_label_reads_at_4_5_to_1(svg):
    root = ET.fromstring(svg)
    texts = list(root.iter(f"{SVG}text"))
    assert texts
    for text in texts:
        fill = fill_under(root, text)
        ratio = sunburst.contrast_ratio(text.get("fill"), fill)
        assert ratio >= 4.5, f"{text.text!r}: {text.get('fill')} on {fill} is {ratio:.2f}:1"


def every_state_tree():
    """A dimension, category and KPI in each band and state, so every fill carries a label."""
    nodes = [sunburst.Node(f"Band {points}", band=points) for points in scoring.BANDS]
    nodes += [sunburst.Node("No target", has_data=True), sunburst.Node("No data")]
    return [sunburst.Node(f"Dimension {node.name}", band=node.band, has_data=node.has_data, children=[
        sunburst.Node(f"Category {node.name}", band=node.band, has_data=node.has_data, children=[
            sunburst.Node(f"KPI {node.name}", band=node.band, has_data=node.has_data)])]) for node in nodes]


def test_the_contrast_ratio_is_wcags():
    assert sunburst.contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert sunburst.contrast_ratio("#ffffff", scoring.GREY) == pytest.approx(3.36, abs=0.01)


def test_every_label_reads_at_4_5_to_1_on_every_band_fill():
    assert_every_label_reads_at_4_5_to_1(sunburst.sunburst_svg(every_state_tree()))
    # Food Security's grey takes dark text, not white (3.36:1).
    assert sunburst.text_colour(scoring.NO_DATA.colour) == sunburst.DARK_TEXT


@pytest.mark.django_db
def test_every_label_of_alesunds_sunburst_reads_at_4_5_to_1(alesund):
    assert_every_label_reads_at_4_5_to_1(submission_benchmark(alesund).svg)


@pytest.mark.django_db
def test_the_sunburst_is_an_image_named_by_what_it_shows_and_the_overall_band(alesund):
    root = ET.fromstring(submission_benchmark(alesund).svg)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == title.get("id") and root.get("aria-describedby") == desc.get("id")
    assert title.text == ("City performance benchmark: a sunburst of 3 dimensions, 24 categories and 91 KPIs, "
                          f"each coloured by its band; overall: {scoring.BANDS[3].label} (88.33 %).")
    assert "lists every segment with its band in words" in desc.text


def table_rows(html):
    """(segment, ring, band words) of each row of the segment table."""
    table = html[html.index('<details class="reports-segments"'):]
    rows = re.findall(r'<tr class="reports-segment-\w+"><th scope="row">([^<]+)</th><td>(\w+)</td>\s*<td>[^<]*</td>'
                      r'<td><span class="reports-mark [\w-]+"></span>([^<]+)</td>', table)
    return [(name.replace("&amp;", "&"), ring, words) for name, ring, words in rows]


@pytest.mark.django_db
def test_the_table_lists_every_segment_of_the_sunburst_with_its_band_in_words(alesund):
    benchmark = submission_benchmark(alesund)
    rows = table_rows(render_to_string("reports/_sunburst.html", {"benchmark": benchmark}))
    root = ET.fromstring(benchmark.svg)
    drawn = [(path.find(f"{SVG}title").text.split(" — ")[0], path.get("data-level"), path.get("fill"))
             for path in root.iter(f"{SVG}path")]
    assert len(rows) == len(drawn) == 3 + 24 + 91
    # Each row says in words the band whose colour the slice is drawn in.
    colour_of_words = {state.label: state.colour for state in scoring.STATES}
    assert sorted((name, ring.lower(), colour_of_words[words]) for name, ring, words in rows) == sorted(drawn)
    assert ("Household Internet Access", "KPI", scoring.BANDS[4].label) in rows
    assert ("Resilience Plans", "KPI", scoring.BANDS[1].label) in rows
    assert ("Local Food Production", "KPI", scoring.NO_DATA.label) in rows
    assert ("Wireless Broadband Subscriptions", "KPI", scoring.NO_TARGET.label) in rows


@pytest.mark.django_db
def test_the_scores_page_links_the_sunburst_to_its_table(client, alesund, django_user_model):
    client.force_login(django_user_model.objects.get(username="secretariat"))
    html = client.get(reverse("submissions:scores", args=[alesund.pk])).content.decode()
    assert 'aria-describedby="sunburst-desc"' in html
    assert "The benchmark as a table: every segment with its band" in html
    assert len(table_rows(html)) == 118
