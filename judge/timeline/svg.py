"""The timeline as an inline <svg> for the HTML report: self-contained (no script, no
external font, no <style> — inline SVG's style would leak into the page), one row per lane.

The page's script and a browser test find their way by classes: the root is
`class="timeline"`, every row `class="lane"` with `data-lane` (the lane's name), the deadlock
drawing `class="deadlock"`.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from judge.core.i18n import _, ngettext
from judge.timeline.analysis import Wait, cycle_sentences, deadlock_cycle, format_ms, lane_title, nice_ticks
from judge.timeline.model import LOCK_WAIT, RESOLUTION, Lane, Span, Timeline
from judge.timeline.text import notes

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
RUN_FILL, WAIT_FILL, WAIT_STROKE, RED = "#9e9e9e", "#eeeeee", "#9e9e9e", "#d62728"
MAX_ROWS = 60
AXIS_H, BAR_H, BAND_H, ROW_GAP, LINE_H = 24, 12, 5, 6, 16
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12"'


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def lock_colour(number: int) -> str:
    return PALETTE[(number - 1) % len(PALETTE)]


@dataclass
class _Frame:
    """Where things go: x of a time, the plot's edges."""

    x0: float
    x1: float
    end: float

    def x(self, t: float) -> float:
        span = self.end if self.end > 0 else 1.0
        return self.x0 + (self.x1 - self.x0) * min(max(t, 0.0), span) / span

    def px(self) -> float:
        """Milliseconds per pixel."""
        return (self.end or 1.0) / max(1.0, self.x1 - self.x0)


def _levels(holds: list[Span]) -> list[int]:
    """A band per hold so that overlapping holds (several locks at once) do not cover each
    other: the first free band, in start order."""
    ends: list[float] = []
    levels = []
    for hold in holds:
        level = next((i for i, end in enumerate(ends) if end <= hold.start), len(ends))
        if level == len(ends):
            ends.append(hold.end)
        else:
            ends[level] = hold.end
        levels.append(level)
    return levels


def _range(span: Span) -> str:
    if span.instant:  # shorter than the timeline resolves (model.RESOLUTION): a point in time
        return _("under {resolution} ms at {at} ms").format(resolution=format_ms(RESOLUTION), at=format_ms(span.start))
    return _("{start}–{end} ms").format(start=format_ms(span.start), end=format_ms(span.end))


def _tooltip(span: Span, count: int = 1) -> str:
    """What a bar shows, where and when (a bar may stand for several short ones)."""
    fields = {"n": span.lock, "line": span.line, "what": span.what, "range": _range(span), "count": count}
    if count > 1:
        if span.kind == "hold":
            return ngettext(  # the count first: "lock 1 3 times" would put two numbers side by side
                "{count} time holding lock {n}, {range}", "{count} times holding lock {n}, {range}", count
            ).format(**fields)
        return ngettext("waiting {count} time, {range}", "waiting {count} times, {range}", count).format(**fields)
    if span.kind == "run":
        return _("running, {range}").format(**fields)
    if span.kind == "hold":
        text = _("holding lock {n} (line {line}), {range}") if span.line else _("holding lock {n}, {range}")
    elif span.what == LOCK_WAIT:
        text = _("waiting for lock {n} (line {line}), {range}") if span.line else _("waiting for lock {n}, {range}")
    else:
        text = _("waiting in {what} (line {line}), {range}") if span.line else _("waiting in {what}, {range}")
    return text.format(**fields)


def _coalesce(spans: list[Span], ms_per_px: float) -> list[tuple[Span, int]]:
    """Spans closer than a pixel drawn as one bar: (a span covering them, how many)."""
    result: list[tuple[Span, int]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if result:
            last, count = result[-1]
            if span.start - last.end < ms_per_px and span.lock == last.lock and span.what == last.what:
                merged = Span(
                    last.kind,
                    last.start,
                    max(last.end, span.end),
                    last.lock,
                    last.what,
                    last.line,
                    last.open or span.open,
                )
                result[-1] = (merged, count + 1)
                continue
        result.append((span, 1))
    return result


def _rect(frame: _Frame, span: Span, y: float, h: float, attrs: str, tooltip: str) -> str:
    x = frame.x(span.start)
    w = max(frame.x(span.end) - x, 1.0)
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" {attrs}><title>{esc(tooltip)}</title></rect>'
    )


def _row_height(lane: Lane) -> float:
    holds = lane.holds()
    bands = max(_levels(sorted(holds, key=lambda s: s.start)), default=-1) + 1
    return BAR_H + 4 + BAND_H * bands + ROW_GAP


def _lane_svg(tl: Timeline, lane: Lane, frame: _Frame, y: float, width: int, index: int) -> str:
    height = _row_height(lane)
    parts = [f'<g class="lane" data-lane="{esc(lane.name)}" data-kind="{esc(lane.kind)}">']
    if index % 2 == 0:
        parts.append(f'<rect x="0" y="{y:.1f}" width="{width}" height="{height:.1f}" fill="#f7f7f7"/>')
    title, limit = lane.title(), max(4, int((frame.x0 - 12) / 7))
    shown = title if len(title) <= limit else title[: limit - 1] + "…"
    about = _("{name}, started at line {line}").format(name=title, line=lane.line) if lane.line else title
    parts.append(f'<text x="6" y="{y + BAR_H:.1f}" fill="#222">{esc(shown)}<title>{esc(about)}</title></text>')
    bar_y = y + 3
    alive = Span("run", lane.start, lane.end)
    parts.append(
        _rect(
            frame,
            alive,
            bar_y,
            BAR_H,
            f'class="alive" fill="{RUN_FILL}"',
            _("{name}: {range}").format(name=title, range=_range(alive)),
        )
    )
    ms_per_px = frame.px()
    for span in lane.runs():
        if span.duration >= ms_per_px:  # a shorter one is shown by the lifetime bar beneath
            parts.append(_rect(frame, span, bar_y, BAR_H, f'class="run" fill="{RUN_FILL}"', _tooltip(span)))
    for span, count in _coalesce(lane.waits(), ms_per_px):
        # An instant (Span.instant) is a one-pixel mark; spans closer than a pixel, one bar.
        css = "wait" + (" open" if span.open else "") + (" instant" if span.instant else "")
        parts.append(
            _rect(
                frame,
                span,
                bar_y,
                BAR_H,
                f'class="{css}" fill="{WAIT_FILL}" stroke="{WAIT_STROKE}" stroke-dasharray="3 2"',
                _tooltip(span, count),
            )
        )
    holds = sorted(lane.holds(), key=lambda s: s.start)
    levels = _levels(holds)
    for level in sorted(set(levels)):
        mine = [h for h, lv in zip(holds, levels) if lv == level]
        for span, count in _coalesce(mine, ms_per_px):
            css = "hold instant" if span.instant else "hold"
            attrs = f'class="{css}" data-lock="lock {span.lock}" fill="{lock_colour(span.lock)}"'
            parts.append(
                _rect(frame, span, bar_y + BAR_H + 2 + level * BAND_H, BAND_H - 1, attrs, _tooltip(span, count))
            )
    parts.append("</g>")
    return "".join(parts)


def _axis(frame: _Frame, bottom: float) -> str:
    parts = ['<g class="axis">']
    for tick in nice_ticks(frame.end, (frame.x1 - frame.x0) / 90):
        x = frame.x(tick)
        anchor = "start" if tick == 0 else "end" if x > frame.x1 - 24 else "middle"
        parts.append(f'<line x1="{x:.1f}" y1="{AXIS_H - 4}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#dddddd"/>')
        label = esc(_("{ms} ms").format(ms=format_ms(tick)))
        parts.append(f'<text x="{x:.1f}" y="{AXIS_H - 8}" text-anchor="{anchor}" fill="#555">{label}</text>')
    parts.append("</g>")
    return "".join(parts)


def _legend_items(tl: Timeline) -> list[tuple[str, str]]:
    """(swatch attributes, label)."""
    items = [
        (f'fill="{RUN_FILL}"', _("running")),
        (f'fill="{WAIT_FILL}" stroke="{WAIT_STROKE}" stroke-dasharray="3 2"', _("waiting")),
    ]
    for lock in tl.locks:
        if lock.kind and lock.line is not None:
            label = _("lock {n} ({kind}, line {line})").format(n=lock.number, kind=lock.kind, line=lock.line)
        elif lock.kind:
            label = _("lock {n} ({kind})").format(n=lock.number, kind=lock.kind)
        else:
            label = _("lock {n}").format(n=lock.number)
        items.append((f'fill="{lock_colour(lock.number)}"', label))
    return items


def _legend(tl: Timeline, y: float, width: int) -> tuple[str, float]:
    """The legend from `y`, wrapping at `width`; and its height."""
    parts = ['<g class="legend">']
    x, line = 6.0, 0
    for attrs, label in _legend_items(tl):
        room = 18 + 7 * len(label) + 14
        if x > 6 and x + room > width:
            x, line = 6.0, line + 1
        top = y + line * LINE_H
        parts.append(f'<rect x="{x:.1f}" y="{top + 2:.1f}" width="12" height="10" {attrs}/>')
        parts.append(f'<text x="{x + 16:.1f}" y="{top + 11:.1f}" fill="#333">{esc(label)}</text>')
        x += room
    parts.append("</g>")
    return "".join(parts), (line + 1) * LINE_H


def _wait_label(wait: Wait) -> str:
    if wait.held_by == wait.lane:
        return _("waits for lock {wanted} (held by itself)").format(wanted=wait.waits_for_number)
    return _("waits for lock {wanted} (held by {holder})").format(
        wanted=wait.waits_for_number, holder=lane_title(wait.held_by, wait.holder_kind)
    )


def _arrow(x_from: float, y_from: float, x_to: float, y_to: float, lane_x: float) -> str:
    """From the end of a waiting bar out to the right, along, and back into the holder's row."""
    if abs(y_from - y_to) < 1:  # waits for itself: a small loop
        y_from, y_to = y_from - 3, y_to + 3
    path = f"M{x_from:.1f},{y_from:.1f} H{lane_x:.1f} V{y_to:.1f} H{x_to + 6:.1f}"
    head = f"{x_to:.1f},{y_to:.1f} {x_to + 6:.1f},{y_to - 3.5:.1f} {x_to + 6:.1f},{y_to + 3.5:.1f}"
    return f'<path d="{path}" fill="none" stroke="{RED}" stroke-width="1.5"/><polygon points="{head}" fill="{RED}"/>'


def _deadlock(
    cycle: list[Wait], rows: dict[str, tuple[float, Lane]], frame: _Frame, caption_y: float
) -> tuple[str, float]:
    """The cycle drawn in red: each waiting bar outlined and labelled, an arrow to the lane
    holding its lock; under the chart, the cycle in words. Returns (svg, caption height)."""
    parts = ['<g class="deadlock">']
    for index, wait in enumerate(cycle):
        if wait.lane not in rows:
            continue  # a lane past MAX_ROWS: the caption still tells
        y, lane = rows[wait.lane]
        middle = y + 3 + BAR_H / 2
        span = next((s for s in lane.waits() if s.open and s.lock == wait.waits_for_number), None)
        if span is not None:
            x = frame.x(span.start)
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3:.1f}" width="{max(frame.x(span.end) - x, 1.0):.1f}" '
                f'height="{BAR_H}" fill="none" stroke="{RED}" stroke-width="1.5">'
                f"<title>{esc(_tooltip(span))}</title></rect>"
            )
        end = frame.x(lane.end)
        parts.append(
            f'<text x="{end - 3:.1f}" y="{middle + 4:.1f}" text-anchor="end" fill="{RED}" '
            f'font-size="11">{esc(_wait_label(wait))}</text>'
        )
        if wait.held_by in rows:
            holder_y = rows[wait.held_by][0] + 3 + BAR_H / 2
            parts.append(_arrow(end, middle, frame.x1 + 1, holder_y, frame.x1 + 8 + 8 * index))
    sentences = cycle_sentences(cycle)
    heading = esc(_("Deadlock at the end of the run:"))
    parts.append(f'<text x="6" y="{caption_y + 12:.1f}" fill="{RED}" font-weight="bold">{heading}</text>')
    for index, sentence in enumerate(sentences, start=1):
        parts.append(f'<text x="6" y="{caption_y + 12 + index * LINE_H:.1f}" fill="{RED}">{esc(sentence)}</text>')
    parts.append("</g>")
    return "".join(parts), (len(sentences) + 1) * LINE_H + 4


def _label_width(tl: Timeline) -> float:
    longest = max((len(lane.title()) for lane in tl.lanes[:MAX_ROWS]), default=4)
    return float(min(200, max(60, 7 * longest + 16)))


def svg_timeline(tl: Timeline, width: int = 900) -> str:
    """The timeline as a self-contained <svg class="timeline">: a row per lane (grey
    running, dashed light waiting, a band per held lock in the lock's colour), the time axis,
    the legend, and the deadlock cycle in red when there is one."""
    cycle = deadlock_cycle(tl)
    width = max(300, int(width))
    right = 16 + (8 * len(cycle) + 8 if cycle else 0)
    frame = _Frame(_label_width(tl), width - right, tl.end)
    y = float(AXIS_H)
    rows: dict[str, tuple[float, Lane]] = {}
    lanes_svg = []
    for index, lane in enumerate(tl.lanes[:MAX_ROWS]):
        rows[lane.name] = (y, lane)
        lanes_svg.append(_lane_svg(tl, lane, frame, y, width, index))
        y += _row_height(lane)
    chart_bottom = y
    extra = []
    hidden = len(tl.lanes) - MAX_ROWS
    lines = (
        [ngettext("… {n} more row not shown", "… {n} more rows not shown", hidden).format(n=hidden)]
        if hidden > 0
        else []
    ) + notes(tl)
    if not tl.lanes:
        lines.append(_("No timeline: the run recorded no trace events."))
    legend, legend_h = _legend(tl, y + 6, width)
    y += 6 + legend_h
    if cycle:
        drawing, caption_h = _deadlock(cycle, rows, frame, y)
        extra.append(drawing)
        y += caption_h
    for line in lines:
        extra.append(f'<text x="6" y="{y + 12:.1f}" fill="#666">{esc(line)}</text>')
        y += LINE_H
    height = int(math.ceil(y + 6))
    title = _("Timeline of the run ({end} ms)").format(end=format_ms(tl.end))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}" {FONT}>'
        f"<title>{esc(title)}</title>"
        + _axis(frame, chart_bottom)
        + "".join(lanes_svg)
        + legend
        + "".join(extra)
        + "</svg>"
    )
