"""Charts drawn on the server as SVG: no chart library in the browser, nothing fetched at run time,
and Japanese labels drawn by the page's font (the console's CSS falls back to IPAex Gothic, shipped
by matplotlib-fontja, when the device has no Japanese font). Every label is escaped.

The SVGs scale with their container (viewBox, width 100%), so they read on a phone too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

WIDTH = 640
PALETTE = ("#2f6f62", "#d08c2f", "#5470c6", "#b5495b")


def _nice_max(value: float) -> float:
    """A round upper bound for an axis (1, 2, 5 × 10^n) so the gridlines read as plain numbers."""
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 5, 10):
        if value <= factor * step:
            return float(factor * step)
    return float(10 * step)


def _svg(height: int, body: list[str], title: str) -> Markup:
    # Every piece of text in `body` went through `escape` where it was written; numbers are ours.
    return Markup(  # noqa: S704
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _grid(left: int, top: int, width: int, height: int, top_value: float, fmt: Callable[[float], str]) -> list[str]:
    parts = []
    for i in range(5):
        y = top + height - height * i / 4
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">')
        parts.append(f"{escape(fmt(top_value * i / 4))}</text>")
    return parts


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float]


def trend_chart(labels: Sequence[str], series: Sequence[Series], title: str, fmt: Callable[[float], str]) -> Markup:
    """Lines over months (the 12-month trend); each series on the same axis."""
    left, top, width, height = 70, 30, WIDTH - 90, 200
    peak = _nice_max(max((v for s in series for v in s.values), default=0))
    parts = _grid(left, top, width, height, peak, fmt)
    step = width / max(len(labels) - 1, 1)
    for i, label in enumerate(labels):
        x = left + i * step
        parts.append(f'<text class="axis" x="{x:.1f}" y="{top + height + 18}" text-anchor="middle">')
        parts.append(f"{escape(label)}</text>")
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(
            f"{left + i * step:.1f},{top + height - height * v / peak:.1f}" for i, v in enumerate(s.values)
        )
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>')
        for i, v in enumerate(s.values):
            x, y = left + i * step, top + height - height * v / peak
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>')
            parts.append(f"{escape(labels[i])}: {escape(fmt(v))}</title></circle>")
        parts.append(f'<rect x="{left + n * 160}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text class="legend" x="{left + n * 160 + 18}" y="16">{escape(s.name)}</text>')
    return _svg(top + height + 30, parts, title)


def bar_chart(items: Sequence[tuple[str, float]], title: str, fmt: Callable[[float], str]) -> Markup:
    """Horizontal bars, largest first as given (per team, per client)."""
    row, left, right = 28, 170, 90
    height = max(len(items), 1) * row + 10
    peak = max((v for _, v in items), default=0) or 1
    parts: list[str] = []
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        length = (WIDTH - left - right) * value / peak
        name = label if len(label) <= 14 else label[:13] + "…"
        parts.append(f'<text class="label" x="{left - 8}" y="{y + 17}" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect class="bar" x="{left}" y="{y + 3}" width="{max(length, 1):.1f}" height="{row - 8}">')
        parts.append(f"<title>{escape(label)}: {escape(fmt(value))}</title></rect>")
        parts.append(f'<text class="value" x="{left + length + 6:.1f}" y="{y + 17}">{escape(fmt(value))}</text>')
    if not items:
        parts.append('<text class="axis" x="20" y="20">—</text>')
    return _svg(height, parts, title)


def burnup_chart(
    days: Sequence[date],
    cumulative: Sequence[int],
    total: int | None,
    deadline: date | None,
    forecast: date | None,
    title: str,
    labels: tuple[str, str, str],  # (reported, deadline, forecast)
) -> Markup:
    """Reported units climbing towards the volume, with the deadline and the forecast marked."""
    left, top, width, height = 60, 30, WIDTH - 80, 200
    start = days[0] if days else (deadline or date.today())
    ends = [d for d in (*days[-1:], deadline, forecast) if d is not None]
    end = max(ends) if ends else start
    span = max((end - start).days, 1)
    peak = _nice_max(max([*cumulative, total or 0, 1]))

    def x(day: date) -> float:
        return left + width * (day - start).days / span

    def y(units: float) -> float:
        return top + height - height * units / peak

    parts = _grid(left, top, width, height, peak, lambda v: f"{v:,.0f}")
    for day in (start, end):
        parts.append(f'<text class="axis" x="{x(day):.1f}" y="{top + height + 18}" text-anchor="middle">')
        parts.append(f"{day.month}/{day.day}</text>")
    if total:
        parts.append(f'<line class="target" x1="{left}" y1="{y(total):.1f}" x2="{left + width}" y2="{y(total):.1f}"/>')
    if days:
        points = " ".join(f"{x(d):.1f},{y(c):.1f}" for d, c in zip(days, cumulative, strict=True))
        parts.append(f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="2.5" points="{points}"/>')
    if forecast is not None and days and total:
        parts.append(
            f'<line class="forecast" x1="{x(days[-1]):.1f}" y1="{y(cumulative[-1]):.1f}" '
            f'x2="{x(forecast):.1f}" y2="{y(total):.1f}"/>'
        )
    if deadline is not None:
        parts.append(f'<line class="deadline" x1="{x(deadline):.1f}" y1="{top}" x2="{x(deadline):.1f}" ')
        parts.append(f'y2="{top + height}"/>')
    legend = [(labels[0], PALETTE[0]), (labels[1], PALETTE[3]), (labels[2], PALETTE[1])]
    for n, (name, colour) in enumerate(legend):
        parts.append(f'<rect x="{left + n * 150}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text class="legend" x="{left + n * 150 + 18}" y="16">{escape(name)}</text>')
    return _svg(top + height + 30, parts, title)
