"""Charts as server-made SVG, readable without colour (pure: the texts come in already translated).

Every chart is horizontal bars, one row per thing (a room, a week, an organisation), with the thing's
name above its bar and the figure written beside the bar, so nothing depends on telling colours apart.
Where bars of two kinds stand together (a year and the year before; arrived, no-show, cancelled late),
they differ by pattern (solid, hatched, dotted, open) and a legend names each pattern. Each SVG has a
<title> and a <desc> and role="img"; the page shows the same figures in a table beside it.

The drawing is 400 units wide and scales to the width of its box; its texts are 16 units high. The bars
leave room on their right for the longest figure; a name too long for a line is shortened with '…' (the
table and the description have it in full), a figure text too long for a line is wrapped at its ' · '.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from typing import Sequence

from markupsafe import Markup, escape

WIDTH = 400
CHAR = 9.8           # the width of a character of the 16-unit text (DejaVu Sans, wider than most)
ROW = 46             # a label line and a bar
BAR = 16
LINE = 20
INK = "#1d2a33"
FILLS = ("solid", "hatched", "dotted", "open")
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    """One row: its name, its value (in the chart's unit) and the figure written beside it."""

    label: str
    value: float
    text: str


@dataclass(frozen=True)
class Stack:
    """One row of stacked parts (values in the order of the chart's series) and the text beside it."""

    label: str
    values: tuple[float, ...]
    text: str


def _defs(prefix: str) -> str:
    return (f'<defs><pattern id="{prefix}-hatched" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            f'<rect width="2.5" height="6" fill="{INK}"/></pattern>'
            f'<pattern id="{prefix}-dotted" width="5" height="5" patternUnits="userSpaceOnUse">'
            f'<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.3" fill="{INK}"/></pattern></defs>')


def _fill(prefix: str, kind: str) -> str:
    return {"solid": INK, "open": "#fff"}.get(kind, f"url(#{prefix}-{kind})")


def _rect(prefix: str, kind: str, x: float, y: float, w: float, h: float) -> str:
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h}" fill="{_fill(prefix, kind)}" '
            f'stroke="{INK}" stroke-width="1"/>')


def fitted(text: str, width: float = WIDTH, bold: bool = False) -> str:
    """`text`, shortened with '…' where it would not fit in `width` units."""
    most = int(width / (CHAR * (1.08 if bold else 1)))
    return text if len(text) <= most else text[:max(most - 1, 1)].rstrip() + "…"


def wrapped(text: str, width: float = WIDTH) -> list[str]:
    """`text` in lines that fit in `width` units, broken at its ' · ' (and shortened where one part is too long)."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and len(lines[-1] + " · " + part) * CHAR <= width:
            lines[-1] += " · " + part
        else:
            lines.append(fitted(part, width))
    return lines


def _text(x: float, y: float, text: str, bold: bool = False) -> str:
    weight = ' font-weight="600"' if bold else ""
    return f'<text x="{x:.1f}" y="{y:.1f}"{weight}>{escape(fitted(text, WIDTH - x, bold))}</text>'


def _svg(prefix: str, title: str, desc: str, height: float, body: list[str]) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="system-ui, sans-serif" font-size="16" '
            f'fill="{INK}"><title id="{prefix}-title">{escape(title)}</title>'
            f'<desc id="{prefix}-desc">{escape(desc)}</desc>{_defs(prefix)}')
    return Markup(head + "".join(body) + "</svg>")


def _legend(prefix: str, names: Sequence[str], y: float) -> tuple[list[str], float]:
    """The legend: a swatch of each pattern and its name, wrapped over lines; the y below it."""
    out, x = [], 0.0
    for kind, name in zip(FILLS, names):
        width = 30 + CHAR * len(name)
        if x and x + width > WIDTH:
            x, y = 0.0, y + 26
        out.append(_rect(prefix, kind, x, y, 20, 14))
        out.append(_text(x + 26, y + 13, name))
        x += width + 14
    return out, y + 34


def bar_span(texts) -> float:
    """How wide the longest bar may be: the drawing less room for the longest figure beside it."""
    longest = max((len(t) for t in texts), default=0)
    return max(WIDTH * 0.4, WIDTH - 10 - CHAR * longest)


def bar_chart(title: str, desc: str, bars: Sequence[Bar], scale: float | None = None) -> Markup:
    """One solid bar per row, its figure beside it; `scale` is the value of a full-width bar (default: the
    largest value)."""
    prefix = f"chart{next(_ids)}"
    top = max([b.value for b in bars] + [scale or 0, 1e-9])
    span = bar_span(b.text for b in bars)
    body, y = [], 0.0
    for b in bars:
        w = span * max(b.value, 0) / top
        body.append(_text(0, y + 16, b.label, bold=True))
        body.append(_rect(prefix, "solid", 0, y + 22, w, BAR) if w > 0 else "")
        body.append(f'<line x1="0" y1="{y + 21:.1f}" x2="0" y2="{y + 39:.1f}" stroke="{INK}"/>')
        body.append(_text(w + 6, y + 36, b.text))
        y += ROW
    return _svg(prefix, title, desc, max(y, 10), body)


def pair_chart(title: str, desc: str, names: tuple[str, str], rows: Sequence[tuple[str, Bar, Bar]],
               scale: float | None = None) -> Markup:
    """Two bars per row (solid for the first series, hatched for the second), each with its figure; a legend."""
    prefix = f"chart{next(_ids)}"
    top = max([b.value for _, *pair in rows for b in pair] + [scale or 0, 1e-9])
    span = bar_span(b.text for _, *pair in rows for b in pair)
    body, y = _legend(prefix, names, 0)
    for label, first, second in rows:
        body.append(_text(0, y + 16, label, bold=True))
        for kind, bar, dy in (("solid", first, 22), ("hatched", second, 43)):
            w = span * max(bar.value, 0) / top
            body.append(_rect(prefix, kind, 0, y + dy, w, BAR) if w > 0 else "")
            body.append(_text(w + 6, y + dy + 14, bar.text))
        body.append(f'<line x1="0" y1="{y + 21:.1f}" x2="0" y2="{y + 60:.1f}" stroke="{INK}"/>')
        y += ROW + 22
    return _svg(prefix, title, desc, y, body)


def stack_chart(title: str, desc: str, names: Sequence[str], rows: Sequence[Stack]) -> Markup:
    """Per row one full-width bar split into parts (solid, hatched, dotted, open: the series in order), its
    figures written under it; a legend."""
    prefix = f"chart{next(_ids)}"
    body, y = _legend(prefix, names, 0)
    for row in rows:
        body.append(_text(0, y + 16, row.label, bold=True))
        total = sum(row.values)
        x = 0.0
        for kind, value in zip(FILLS, row.values):
            w = WIDTH * value / total if total else 0
            if w > 0:
                body.append(_rect(prefix, kind, x, y + 22, w, BAR))
            x += w
        if not total:
            body.append(f'<line x1="0" y1="{y + 21:.1f}" x2="0" y2="{y + 39:.1f}" stroke="{INK}"/>')
        lines = wrapped(row.text)
        body.extend(_text(0, y + 58 + LINE * i, line) for i, line in enumerate(lines))
        y += ROW + 6 + LINE * len(lines)
    return _svg(prefix, title, desc, y, body)
