"""Charts as inline SVG, drawn on the server: no JavaScript, nothing fetched, prints cleanly.

Only shown numbers are drawn. A hidden number gets no bar (its size is the secret), just the
same word the table uses, so a chart never says more than its table. A number with a margin
gets a thin line across its bar's end from "minus" to "plus" the margin (an error bar) and
the label "45 ± 9", as in the table. Colours are set by attributes, not inline styles, so the
pages' Content-Security-Policy can forbid styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from parentrus_sync.display import Hidden, Shown
from parentrus_sync.hub.figures import Figure, Number, margin_text, shown_text

# Okabe and Ito's colours, told apart by people with any common colour blindness.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
    "#D55E00", "#F0E442", "#000000", "#999999",
)  # fmt: skip
BAR = "#0072B2"
WHISKER = "#1b1b1b"
WIDTH = 720
FONT = 14


def figure_svg(figure: Figure) -> str:
    """The chart for a figure, or '' for a figure that is a single number."""
    chart = figure.chart
    if chart == "number":
        return ""
    if chart == "months":
        return _column_bars(figure)
    if chart == "stacked_months":
        return _stacked_columns(figure)
    if chart == "stacked_bars":
        return _stacked_rows(figure)
    return _row_bars(figure)


def _svg(figure: Figure, height: float, body: list[str]) -> str:
    title_id = f"chart-{figure.anchor}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} '
        f'{height:.0f}" role="img" aria-labelledby="{title_id}" font-size="{FONT}" '
        f'font-family="sans-serif"><title id="{title_id}">{escape(figure.title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str, label: str = "") -> str:
    tip = f"<title>{escape(label)}</title>" if label else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
        f"fill={quoteattr(fill)}>{tip}</rect>"
    )


def _scale(values: Sequence[int]) -> int:
    """The axis top: at least 10, so that a chart of small numbers does not look big."""
    return max(10, *values) if values else 10


def _label(number: Number) -> str:
    """'45 ± 9', '45' or 'hidden': the table's words."""
    margin = margin_text(number)
    return f"{shown_text(number)} {margin}" if margin else shown_text(number)


def _reach(number: Number) -> int:
    """How far up the axis a number and its margin go."""
    return (number.value or 0) + (number.margin or 0)


def _whisker(a: tuple[float, float], b: tuple[float, float], across: str) -> str:
    """An error bar from ``a`` to ``b`` with short caps; ``across`` is 'x' or 'y', the
    direction the caps run in."""
    parts = [_line(a, b)]
    for x, y in (a, b):
        parts.append(
            _line((x - 5, y), (x + 5, y)) if across == "x" else _line((x, y - 5), (x, y + 5))
        )
    return "".join(parts)


def _line(a: tuple[float, float], b: tuple[float, float]) -> str:
    return (
        f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
        f'stroke="{WHISKER}" stroke-width="1.5"/>'
    )


def _column_bars(figure: Figure) -> str:
    """One line, a bar per month (families supported, mentor hours)."""
    values = figure.lines[0].values
    top, bottom, left = 30.0, 230.0, 20.0
    step = (WIDTH - 2 * left) / len(values)
    high = _scale([_reach(v) for v in values if v.value is not None])
    body = [f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - left}" y2="{bottom}" stroke="#333"/>']
    for i, (shown, label) in enumerate(zip(values, figure.column_labels, strict=True)):
        x = left + i * step + step * 0.15
        width = step * 0.7
        middle = x + width / 2
        if shown.value is None:
            body.append(_text(middle, bottom - 8, shown_text(shown), "middle", ' fill="#555"'))
        else:
            height = (bottom - top) * shown.value / high
            body.append(_rect(x, bottom - height, width, height, BAR, f"{label}: {_label(shown)}"))
            label_at = bottom - height
            if shown.margin:
                scale = (bottom - top) / high
                low = bottom - max(0, shown.value - shown.margin) * scale
                label_at = bottom - (shown.value + shown.margin) * scale
                body.append(_whisker((middle, low), (middle, label_at), "x"))
            body.append(_text(middle, label_at - 6, _label(shown), "middle"))
        body.append(_text(middle, bottom + 20, label, "middle", ' font-size="12"'))
    return _svg(figure, bottom + 34, body)


def _legend(y: float, labels: Sequence[str], colours: Sequence[str]) -> tuple[list[str], float]:
    """A legend in rows below the chart; returns its parts and the height it took."""
    parts, x, row = [], 20.0, 0
    for label, colour in zip(labels, colours, strict=True):
        width = 28 + 8 * len(label)
        if x + width > WIDTH - 10:
            x, row = 20.0, row + 1
        parts.append(_rect(x, y + row * 24, 16, 16, colour))
        parts.append(_text(x + 22, y + row * 24 + 13, label))
        x += width + 12
    return parts, (row + 1) * 24


def _stacked_columns(figure: Figure) -> str:
    """Lines stacked in a bar per month (sessions by kind of place); hidden parts are left out,
    and the bar's label is the month's total as the table shows it."""
    columns = range(len(figure.columns))
    totals = figure.column_totals or tuple(
        Number(Shown(None, Hidden.FEWER_THAN_10)) for _ in columns
    )
    stacks = [sum(line.values[j].value or 0 for line in figure.lines) for j in columns]
    top, bottom, left = 30.0, 250.0, 20.0
    step = (WIDTH - 2 * left) / len(figure.columns)
    high = _scale([*stacks, *(_reach(t) for t in totals if t.value is not None)])
    body = [f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - left}" y2="{bottom}" stroke="#333"/>']
    for j in columns:
        x, width = left + j * step + step * 0.15, step * 0.7
        y = bottom
        for i, line in enumerate(figure.lines):
            value = line.values[j].value
            if value:
                height = (bottom - top) * value / high
                y -= height
                tip = f"{figure.column_labels[j]}, {line.label}: {value}"
                body.append(_rect(x, y, width, height, PALETTE[i % len(PALETTE)], tip))
        label = _label(totals[j]) if figure.column_totals else ""
        total = totals[j]
        if total.value is not None and total.margin:
            scale = (bottom - top) / high
            low = bottom - max(0, total.value - total.margin) * scale
            y = min(y, bottom - (total.value + total.margin) * scale)
            body.append(_whisker((x + width / 2, low), (x + width / 2, y), "x"))
        body.append(_text(x + width / 2, y - 6, label, "middle"))
        body.append(
            _text(x + width / 2, bottom + 20, figure.column_labels[j], "middle", ' font-size="12"')
        )
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(figure.lines))]
    legend, height = _legend(bottom + 40, [line.label for line in figure.lines], colours)
    return _svg(figure, bottom + 40 + height, body + legend)


def _row_bars(figure: Figure) -> str:
    """A horizontal bar per line (topics, languages...), for one column of numbers."""
    label_width, row_height, top = 290.0, 26.0, 10.0
    values = [line.values[0] for line in figure.lines]
    high = _scale([_reach(v) for v in values if v.value is not None])
    room = WIDTH - label_width - 110
    body = []
    for i, (line, shown) in enumerate(zip(figure.lines, values, strict=True)):
        y = top + i * row_height
        body.append(_text(label_width - 8, y + 17, line.label, "end"))
        length = room * shown.value / high if shown.value else 0
        if shown.value:
            tip = f"{line.label}: {_label(shown)}"
            body.append(_rect(label_width, y + 4, length, 18, BAR, tip))
        end = label_width + length
        if shown.value is not None and shown.margin:
            low = label_width + room * max(0, shown.value - shown.margin) / high
            end = label_width + room * (shown.value + shown.margin) / high
            body.append(_whisker((low, y + 13), (end, y + 13), "y"))
        fill = "" if shown.value is not None else ' fill="#555"'
        body.append(_text(end + 6, y + 17, _label(shown), extra=fill))
    return _svg(figure, top * 2 + len(figure.lines) * row_height, body)


def _stacked_rows(figure: Figure) -> str:
    """A horizontal bar per line made of its columns (check-in changes per question)."""
    label_width, row_height, top = 290.0, 30.0, 10.0
    stacks = [sum(v.value or 0 for v in line.values) for line in figure.lines]
    high = _scale(stacks)
    room = WIDTH - label_width - 30
    colours = ("#009E73", "#999999", "#D55E00")
    body = []
    for i, line in enumerate(figure.lines):
        y = top + i * row_height
        body.append(_text(label_width - 8, y + 19, line.label, "end"))
        x = label_width
        for j, shown in enumerate(line.values):
            if shown.value:
                length = room * shown.value / high
                tip = f"{line.label}, {figure.column_labels[j]}: {shown.value}"
                body.append(_rect(x, y + 5, length, 20, colours[j % len(colours)], tip))
                x += length
        if all(v.value is None for v in line.values):
            body.append(_text(x + 6, y + 19, shown_text(line.values[0]), extra=' fill="#555"'))
    bottom = top + len(figure.lines) * row_height + 10
    used = [colours[j % len(colours)] for j in range(len(figure.columns))]
    legend, height = _legend(bottom, figure.column_labels, used)
    return _svg(figure, bottom + height, body + legend)
