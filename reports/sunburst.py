"""The city performance benchmark as an SVG sunburst: pure geometry, no database.

Centre ring: the dimensions; next ring: their categories; outer ring: the KPIs, each
KPI one equal slice. Every slice is filled with the colour of its aggregate band,
light grey when it has data but no target, grey when it has no data; the colours and
words are the band vocabulary of kpis.scoring. Only presentation attributes are used
(no style attributes), so the same SVG passes the site's Content-Security-Policy and
WeasyPrint draws it in the PDF. The SVG is an image named by what it shows and the overall
band; `segments` gives the same slices as rows of a table, each with its band in words, and
every label takes the text colour that contrasts most with the fill it stands on.
"""
import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.translation import gettext, gettext_lazy, ngettext

from kpis import scoring

TITLE = gettext_lazy("City performance benchmark")
# Label colours: each label takes whichever of the two reads better on its fill (WCAG contrast).
LIGHT_TEXT, DARK_TEXT = "#ffffff", "#1a1a1a"
# KPI labels run outside the rings, on the page.
CANVAS = "#ffffff"
RINGS = (gettext_lazy("Dimension"), gettext_lazy("Category"), gettext_lazy("KPI"))
# The rings' names in the style sheets, whatever the language.
RING_KEYS = ("dimension", "category", "kpi")

# Radii of the rings, in SVG user units; KPI labels run outwards from LABEL_RADIUS.
HOLE, DIMENSION_EDGE, CATEGORY_EDGE, KPI_EDGE = 38, 108, 196, 232
LABEL_RADIUS = KPI_EDGE + 5
KPI_FONT, CATEGORY_FONT, DIMENSION_FONT = 7.2, 7.2, 9.5
KPI_LINE_CHARS, CATEGORY_LINE_CHARS, DIMENSION_LINE_CHARS = 30, 17, 12
CANVAS_RADIUS = 368


@dataclass
class Node:
    """One slice: a dimension, category or KPI, with its band (1-4) or None."""

    name: str
    band: int | None = None
    has_data: bool = False
    detail: str = ""
    children: list = field(default_factory=list)
    percent: str = ""  # its share of target as printed ("97 %"), when it has a band

    @property
    def leaves(self):
        return max(1, sum(child.leaves for child in self.children)) if self.children else 1


def state(node):
    """The node's band; without one, no target yet when it has data, else no data."""
    if node.band is not None:
        return scoring.BANDS[node.band]
    return scoring.NO_TARGET if node.has_data else scoring.NO_DATA


def colour(node):
    return state(node).colour


def _point(radius, angle):
    """Angles in degrees, clockwise from twelve o'clock."""
    rad = math.radians(angle)
    return radius * math.sin(rad), -radius * math.cos(rad)


def _fmt(number):
    return f"{number:.2f}".rstrip("0").rstrip(".")


def sector_path(inner, outer, start, end):
    """The path of an annular sector between two radii and two angles."""
    if end - start >= 360:
        end = start + 359.999
    large = 1 if end - start > 180 else 0
    x1, y1 = _point(outer, start)
    x2, y2 = _point(outer, end)
    x3, y3 = _point(inner, end)
    x4, y4 = _point(inner, start)
    return (f"M{_fmt(x1)} {_fmt(y1)}A{outer} {outer} 0 {large} 1 {_fmt(x2)} {_fmt(y2)}"
            f"L{_fmt(x3)} {_fmt(y3)}A{inner} {inner} 0 {large} 0 {_fmt(x4)} {_fmt(y4)}Z")


def wrap(text, width):
    """Break a label into lines of at most `width` characters, at spaces."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


def relative_luminance(colour):
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first, second):
    """WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour(fill):
    """The label colour that contrasts most with the fill (white on the dark greens and red, dark on the rest)."""
    return max((LIGHT_TEXT, DARK_TEXT), key=lambda text: contrast_ratio(text, fill))


def _lines(lines, x, size, anchor, fill, transform="", weight="normal"):
    """Lines of text centred around the baseline position (x, 0) before the transform."""
    height = size * 1.15
    first = -(len(lines) - 1) * height / 2 + size * 0.35
    parts = []
    for index, line in enumerate(lines):
        parts.append(
            f'<text x="{_fmt(x)}" y="{_fmt(first + index * height)}" font-size="{size}" '
            f'font-weight="{weight}" text-anchor="{anchor}" fill="{fill}"'
            f'{transform}>{escape(line)}</text>'
        )
    return parts


def radial_label(text, mid_angle, radius, size, fill, max_chars, anchor_outside=True):
    """A label that runs along the radius at `mid_angle`, kept upright on the left half."""
    lines = wrap(text, max_chars)
    left_half = 180 < mid_angle % 360 < 360
    rotation = mid_angle + 90 if left_half else mid_angle - 90
    if anchor_outside:
        anchor = "end" if left_half else "start"
    else:
        anchor = "middle"
    x = -radius if left_half else radius
    transform = f' transform="rotate({_fmt(rotation)})"'
    return _lines(lines, x, size, anchor, fill, transform)


def _slice(level, node, inner, outer, start, end):
    fill = colour(node)
    title = node.name + (f" — {node.detail}" if node.detail else "")
    return (f'<path class="sunburst-{level}" data-level="{level}" data-band="{node.band or ""}" '
            f'd="{sector_path(inner, outer, start, end)}" fill="{fill}" stroke="#ffffff" '
            f'stroke-width="0.8"><title>{escape(title)}</title></path>')


def sunburst_svg(dimensions, overall=None, title=TITLE):
    """The SVG document of the sunburst for a list of dimension Nodes; `overall`, the whole city's Node."""
    total = sum(dimension.leaves for dimension in dimensions) or 1
    step = 360 / total
    shapes, labels = [], []
    angle = 0.0
    for dimension in dimensions:
        dimension_start = angle
        for category in dimension.children:
            category_start = angle
            for kpi in category.children or [Node(category.name)]:
                shapes.append(_slice("kpi", kpi, CATEGORY_EDGE, KPI_EDGE, angle, angle + step))
                labels += radial_label(kpi.name, angle + step / 2, LABEL_RADIUS, KPI_FONT,
                                       text_colour(CANVAS), KPI_LINE_CHARS)
                angle += step
            shapes.append(_slice("category", category, DIMENSION_EDGE, CATEGORY_EDGE, category_start, angle))
            width = CATEGORY_LINE_CHARS if angle - category_start > step * 1.5 else 40
            labels += radial_label(category.name, (category_start + angle) / 2,
                                   (DIMENSION_EDGE + CATEGORY_EDGE) / 2, CATEGORY_FONT,
                                   text_colour(colour(category)), width, anchor_outside=False)
        shapes.append(_slice("dimension", dimension, HOLE, DIMENSION_EDGE, dimension_start, angle))
        x, y = _point((HOLE + DIMENSION_EDGE) / 2, (dimension_start + angle) / 2)
        labels += _lines(wrap(dimension.name, DIMENSION_LINE_CHARS), 0, DIMENSION_FONT, "middle",
                         text_colour(colour(dimension)),
                         f' transform="translate({_fmt(x)} {_fmt(y)})"', weight="bold")
    size = CANVAS_RADIUS * 2
    # The title is the figure's short description (WeasyPrint makes it the PDF Figure's /Alt);
    # <desc> points to the table of every segment that goes with the figure.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sunburst" role="img" '
        f'viewBox="{-CANVAS_RADIUS} {-CANVAS_RADIUS} {size} {size}" width="{size}" height="{size}" '
        f'font-family="DejaVu Sans, sans-serif" aria-labelledby="sunburst-title" aria-describedby="sunburst-desc">'
        f'<title id="sunburst-title">{escape(description(dimensions, overall, title))}</title>'
        f'<desc id="sunburst-desc">{escape(str(TABLE_NOTE))}</desc>'
        + "".join(shapes) + "".join(labels) + "</svg>"
    )


TABLE_NOTE = gettext_lazy("From the centre outwards: dimensions, categories and KPIs. "
                          "The table that goes with this figure lists every segment with its band in words.")


def description(dimensions, overall=None, title=TITLE):
    """What the figure shows and the overall band, in one sentence: its alternative text."""
    categories = [category for dimension in dimensions for category in dimension.children]
    kpis = sum(len(category.children) for category in categories)
    text = gettext("%(title)s: a sunburst of %(dimensions)s, %(categories)s and %(kpis)s, each coloured by its band") % {
        "title": title,
        "dimensions": ngettext("%(count)d dimension", "%(count)d dimensions", len(dimensions)) % {"count": len(dimensions)},
        "categories": ngettext("%(count)d category", "%(count)d categories", len(categories)) % {"count": len(categories)},
        "kpis": ngettext("%(count)d KPI", "%(count)d KPIs", kpis) % {"count": kpis},
    }
    if overall is not None:
        overall_text = state(overall).label
        if overall.percent:
            overall_text = f"{overall_text} ({overall.percent})"
        text += gettext("; overall: %(band)s") % {"band": overall_text}
    return text + "."


@dataclass(frozen=True)
class Segment:
    """One slice of the sunburst as a row of its equivalent table."""

    ring: str
    name: str
    within: str
    state: scoring.BandState
    percent: str
    ring_key: str = ""


def segments(dimensions):
    """Every slice, dimension by dimension, each category followed by its KPIs: the figure as a table."""
    rows = []
    for dimension in dimensions:
        rows.append(Segment(str(RINGS[0]), dimension.name, "", state(dimension), dimension.percent, RING_KEYS[0]))
        for category in dimension.children:
            rows.append(Segment(str(RINGS[1]), category.name, dimension.name, state(category), category.percent,
                                RING_KEYS[1]))
            rows += [Segment(str(RINGS[2]), kpi.name, f"{dimension.name} › {category.name}", state(kpi), kpi.percent,
                             RING_KEYS[2])
                     for kpi in category.children]
    return rows
