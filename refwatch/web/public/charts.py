"""Bar charts drawn on the server as SVG, by our own code: no script, no image library, no font file.

A chart is an image (`role="img"`, a title and a description) whose numbers are also in a table
beside it; each bar carries a `<title>` with its exact value for pointer users. Text is drawn
with the page's own fonts, so Korean labels need nothing extra.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 800
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 12, 46
MAX_LABELS = 16
MAX_BAR_PX = 36


@dataclass(frozen=True, slots=True)
class Series:
    """One measure across the categories; `css` picks its colour from the stylesheet."""

    name: str
    css: str
    values: tuple[int, ...]


def nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2, 2.5, 5 × 10ⁿ, whole numbers only) that divides `top` into about `ticks` parts."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor == 2.5 and power < 10:
            continue
        if raw <= factor * power:
            return int(factor * power)
    return int(10 * power)


def _label_every(count: int) -> int:
    return max(1, math.ceil(count / MAX_LABELS))


def bar_chart(categories: Sequence[str], series: Sequence[Series], *, svg_id: str, title: str,
              description: str) -> Markup:
    """Grouped vertical bars: one group per category, one bar per series."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_value = max((v for s in series for v in s.values), default=0)
    step = nice_step(top_value)
    ceiling = max(step, math.ceil(top_value / step) * step)
    parts: list[str] = []
    for tick in range(0, ceiling + 1, step):
        y = TOP + plot_h - plot_h * tick / ceiling
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    groups = max(1, len(categories))
    group_w = plot_w / groups
    bar_w = min(group_w * 0.8 / max(1, len(series)), MAX_BAR_PX)
    every = _label_every(len(categories))
    for n, category in enumerate(categories):
        x0 = LEFT + n * group_w + (group_w - bar_w * len(series)) / 2
        for k, one in enumerate(series):
            value = one.values[n] if n < len(one.values) else 0
            h = plot_h * value / ceiling
            parts.append(f'<rect class="bar {escape(one.css)}" x="{x0 + k * bar_w:.1f}" y="{TOP + plot_h - h:.1f}" '
                         f'width="{max(bar_w - 1, 1):.1f}" height="{h:.1f}">'
                         f"<title>{escape(category)}: {escape(one.name)} {value}</title></rect>")
        if n % every == 0:
            x = LEFT + n * group_w + group_w / 2
            parts.append(f'<text class="label" x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" '
                         f'text-anchor="middle">{escape(category)}</text>')
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>')
    sid = escape(svg_id)
    return Markup(
        f'<svg class="chart" id="{sid}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{sid}-title {sid}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{sid}-title">{escape(title)}</title><desc id="{sid}-desc">{escape(description)}</desc>'
        f'{"".join(parts)}</svg>'
    )
