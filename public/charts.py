"""Charts of the public pages as SVG drawn in Python: pure geometry, no database, no script.

line_chart  a value or a score over the years, one line per series, each point coloured by its band
bar_chart   one bar per city, coloured by its band, with the target as a line across

Like the sunburst (reports/sunburst.py), only presentation attributes are used, so the SVG
passes the site's Content-Security-Policy. Every chart has a data table beside it on the page:
the chart is a picture of the table, labelled as such for screen readers.
"""
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext_lazy

from kpis import scoring

INK, GRID, LINE = "#1a1a1a", "#d0d0d0", "#495057"
FONT = 11


@dataclass(frozen=True)
class Point:
    """One year of a series: the number drawn (None: nothing to draw), its band state and its text."""

    year: int
    number: Decimal | None
    state: scoring.BandState
    text: str


@dataclass
class Series:
    name: str
    points: list = field(default_factory=list)


@dataclass(frozen=True)
class Bar:
    """One city's bar: its label, the number drawn (None: no bar), its band state and its text."""

    label: str
    number: Decimal | None
    state: scoring.BandState
    text: str
    highlighted: bool = False


def _fmt(number):
    return f"{float(number):.2f}".rstrip("0").rstrip(".")


def _svg(width, height, title, body):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="public-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="DejaVu Sans, sans-serif" font-size="{FONT}" '
        f'aria-label={quoteattr(title)}><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _scale_top(numbers, *extra):
    top = max([float(n) for n in numbers if n is not None] + [float(e) for e in extra if e is not None] + [0])
    return top * 1.1 if top > 0 else 1.0


def line_chart(series, *, title, years, top=None, guides=()):
    """Lines over the years; top fixes the scale (100 for scores), guides are (number, label) lines across."""
    width, height, left, right, upper, lower = 640, 300, 56, 150, 16, 36
    plot_w, plot_h = width - left - right, height - upper - lower
    numbers = [point.number for line in series for point in line.points]
    top = float(top) if top is not None else _scale_top(numbers, *(number for number, _ in guides))
    step = plot_w / max(1, len(years) - 1)

    def x(year):
        return left + (years.index(year) * step if len(years) > 1 else plot_w / 2)

    def y(number):
        return upper + plot_h - float(number) / top * plot_h

    body = [f'<line x1="{left}" y1="{upper + plot_h}" x2="{left + plot_w}" y2="{upper + plot_h}" stroke="{INK}"/>',
            f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{upper + plot_h}" stroke="{INK}"/>']
    for tick in (0, top / 2, top):
        body.append(f'<text x="{left - 6}" y="{_fmt(y(tick) + 4)}" text-anchor="end" fill="{INK}">{_fmt(tick)}</text>')
    for number, label in guides:
        body.append(f'<line x1="{left}" y1="{_fmt(y(number))}" x2="{left + plot_w}" y2="{_fmt(y(number))}" '
                    f'stroke="{LINE}" stroke-dasharray="5 3"/>')
        body.append(f'<text x="{left + plot_w + 6}" y="{_fmt(y(number) + 4)}" fill="{INK}">{escape(label)}</text>')
    for year in years:
        body.append(f'<text x="{_fmt(x(year))}" y="{height - 14}" text-anchor="middle" fill="{INK}">{year}</text>')
    ends = []
    for line in series:
        drawn = [point for point in line.points if point.number is not None]
        if len(drawn) > 1:
            path = " ".join(f"{_fmt(x(p.year))},{_fmt(y(p.number))}" for p in drawn)
            body.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="1.5"/>')
        for point in drawn:
            body.append(f'<circle cx="{_fmt(x(point.year))}" cy="{_fmt(y(point.number))}" r="5" '
                        f'fill="{point.state.colour}" stroke="{INK}" stroke-width="0.8">'
                        f'<title>{escape(f"{line.name}, {point.year}: {point.text} ({point.state.label})")}'
                        '</title></circle>')
        if drawn and len(series) > 1:
            ends.append([y(drawn[-1].number) + 4, x(drawn[-1].year) + 9, line.name])
    # Names at the lines' ends, pushed apart so that lines ending close together stay readable.
    ends.sort()
    for previous, end in zip(ends, ends[1:]):
        end[0] = max(end[0], previous[0] + FONT + 1)
    for label_y, label_x, name in ends:
        body.append(f'<text x="{_fmt(label_x)}" y="{_fmt(label_y)}" fill="{INK}">{escape(name)}</text>')
    return _svg(width, height, title, body)


def bar_chart(bars, *, title, target=None, target_label=gettext_lazy("Target"), top=None):
    """Horizontal bars, one per city, in the order given; the target (a number) as a dashed line across."""
    row, left, right, upper = 22, 190, 90, 24
    width = 720
    height = upper + row * max(1, len(bars)) + 12
    plot_w = width - left - right
    top = float(top) if top is not None else _scale_top([bar.number for bar in bars], target)

    def x(number):
        return left + float(number) / top * plot_w

    body = [f'<line x1="{left}" y1="{upper - 4}" x2="{left}" y2="{height - 8}" stroke="{INK}"/>']
    for index, bar in enumerate(bars):
        y = upper + index * row
        weight = "bold" if bar.highlighted else "normal"
        body.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" font-weight="{weight}" fill="{INK}">'
                    f'{escape(bar.label)}</text>')
        if bar.number is not None:
            bar_width = _fmt(max(1.0, x(bar.number) - left))
            body.append(f'<rect x="{left}" y="{y + 3}" width="{bar_width}" height="{row - 6}" '
                        f'fill="{bar.state.colour}" stroke="{INK}" stroke-width="0.5">'
                        f'<title>{escape(f"{bar.label}: {bar.text} ({bar.state.label})")}</title></rect>')
            body.append(f'<text x="{_fmt(x(bar.number) + 4)}" y="{y + 14}" fill="{INK}">{escape(bar.text)}</text>')
        else:
            body.append(f'<text x="{left + 4}" y="{y + 14}" fill="{INK}">{escape(bar.text)}</text>')
    if target is not None:
        body.append(f'<line x1="{_fmt(x(target))}" y1="{upper - 4}" x2="{_fmt(x(target))}" y2="{height - 8}" '
                    f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 3"/>')
        body.append(f'<text x="{_fmt(x(target))}" y="{upper - 8}" text-anchor="middle" fill="{INK}">'
                    f'{escape(str(target_label))}</text>')
    return _svg(width, height, title, body)
