"""The timeline in a terminal: one row per lane, one character per slice of the run.

main        ██████████░░░░░░░░░░
Thread-1      ████AAAAaaaaaaaaaa
Thread-2       ███BBBbbbbbbbbbbb
"""

from __future__ import annotations

from dataclasses import dataclass

from judge.core.i18n import _, ngettext
from judge.timeline.analysis import format_ms, nice_ticks
from judge.timeline.model import Lane, Span, Timeline

MAX_ROWS = 40
NAME_WIDTH = 24


@dataclass(frozen=True)
class Symbols:
    run: str
    wait: str
    ellipsis: str


UNICODE = Symbols("█", "░", "…")
ASCII = Symbols("#", ".", "~")


def _overlap(start: float, end: float, a: float, b: float) -> float:
    return max(0.0, min(end, b) - max(start, a))


def _merged(spans: list[Span]) -> list[tuple[float, float]]:
    """The union of the spans as disjoint intervals (waits may nest)."""
    merged: list[tuple[float, float]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span.end))
        else:
            merged.append((span.start, span.end))
    return merged


def _held_lock(lane: Lane, a: float, b: float, alive: float) -> int:
    """The lock shown in the cell [a, b): held most of the time the lane was alive in it, or
    held and released inside it (a short critical section stays visible: an instant hold,
    Span.instant, is its lock's letter in the cell where it happened). 0: none."""
    best, best_cover = 0, 0.0
    for span in lane.holds():
        cover = _overlap(span.start, span.end, a, b)
        inside = a <= span.start < b if span.instant else a <= span.start and span.end < b
        if (cover >= alive / 2 or inside) and (cover > best_cover or not best):
            best, best_cover = span.lock, cover
    return best


def _cell(tl: Timeline, lane: Lane, waits: list[tuple[float, float]], a: float, b: float, symbols: Symbols) -> str:
    alive = _overlap(lane.start, lane.end, a, b)
    if alive < (b - a) / 2 and not (a <= lane.start < b):
        return " "
    waiting = sum(_overlap(s, e, a, b) for s, e in waits) >= max(alive, 1e-9) / 2
    number = _held_lock(lane, a, b, alive)
    lock = tl.lock(number) if number else None
    if lock is not None:
        return lock.letter.lower() if waiting else lock.letter
    return symbols.wait if waiting else symbols.run


def _bar(tl: Timeline, lane: Lane, width: int, symbols: Symbols) -> str:
    span = tl.end if tl.end > 0 else 1.0
    waits = _merged([s for s in lane.waits() if not s.instant])  # an instant wait covers no time
    return "".join(_cell(tl, lane, waits, span * i / width, span * (i + 1) / width, symbols) for i in range(width))


def _name(text: str, width: int, symbols: Symbols) -> str:
    if len(text) > width:
        text = text[: width - 1] + symbols.ellipsis
    return text.ljust(width)


def _scale(end: float, width: int) -> str:
    """Time labels under the bars: round times about 15 characters apart, and the end."""
    line = [" "] * (width + 12)
    taken = -1

    def put(text: str, at: int) -> None:
        nonlocal taken
        at = max(0, at)
        if at > taken + 1 or taken < 0:
            line[at : at + len(text)] = list(text)
            taken = at + len(text)

    span = end if end > 0 else 1.0
    ticks = nice_ticks(end, width / 15)
    for tick in ticks:
        text = _("{ms} ms").format(ms=format_ms(tick))
        at = round(width * tick / span)
        put(text, at if tick == 0 else at - len(text) // 2)
    if end > 0 and ticks[-1] < end:
        text = _("{ms} ms").format(ms=format_ms(end))
        put(text, width - len(text))
    return "".join(line).rstrip()


def _legend(tl: Timeline, symbols: Symbols) -> list[str]:
    parts = [_("{symbol} running").format(symbol=symbols.run), _("{symbol} waiting").format(symbol=symbols.wait)]
    if tl.locks:
        parts.append(_("{upper} holding a lock ({lower}: while waiting)").format(upper="A", lower="a"))
    lines = ["  ".join(parts)]
    for lock in tl.locks[:26]:
        if lock.kind and lock.line is not None:
            text = _("{letter} = lock {n} ({kind}, line {line})").format(
                letter=lock.letter, n=lock.number, kind=lock.kind, line=lock.line
            )
        elif lock.kind:
            text = _("{letter} = lock {n} ({kind})").format(letter=lock.letter, n=lock.number, kind=lock.kind)
        else:
            text = _("{letter} = lock {n}").format(letter=lock.letter, n=lock.number)
        lines.append(text)
    return lines


def notes(tl: Timeline) -> list[str]:
    """What the timeline leaves out, in words (shared with the SVG)."""
    lines = []
    if tl.truncated and tl.cuts:
        lines.append(
            _(
                "The trace is incomplete: a process reached the limit of traced events at {at} ms; "
                "what it did afterwards is not shown."
            ).format(at=format_ms(min(tl.cuts.values())))
        )
    if tl.lanes_dropped:
        lines.append(
            ngettext(
                "{n} more row (a thread, process or task) was left out of the timeline.",
                "{n} more rows (threads, processes or tasks) were left out of the timeline.",
                tl.lanes_dropped,
            ).format(n=tl.lanes_dropped)
        )
    if tl.spans_dropped:
        lines.append(
            ngettext(
                "{n} later wait or lock hold is not shown (from {at} ms on).",
                "{n} later waits and lock holds are not shown (from {at} ms on).",
                tl.spans_dropped,
            ).format(n=tl.spans_dropped, at=format_ms(tl.kept_until or 0))
        )
    return lines


def text_timeline(tl: Timeline, width: int = 60, ascii: bool = False) -> str:
    """One row per lane: its name, then `width` characters over the run's time ('█' running,
    '░' waiting, a lock's letter while holding it, lower-case while also waiting, ' ' not
    alive); then the time scale, the legend and what is left out. `ascii`: '#' and '.'."""
    symbols = ASCII if ascii else UNICODE
    if not tl.lanes:
        return _("No timeline: the run recorded no trace events.")
    width = max(10, width)
    names = [lane.title() for lane in tl.lanes[:MAX_ROWS]]
    column = min(NAME_WIDTH, max(len(name) for name in names))
    rows = [
        f"{_name(name, column, symbols)} {_bar(tl, lane, width, symbols)}".rstrip()
        for name, lane in zip(names, tl.lanes)
    ]
    hidden = len(tl.lanes) - MAX_ROWS
    if hidden > 0:
        rows.append(
            ngettext("{ellipsis} {n} more row not shown", "{ellipsis} {n} more rows not shown", hidden).format(
                ellipsis=symbols.ellipsis, n=hidden
            )
        )
    rows.append(" " * (column + 1) + _scale(tl.end, width))
    rows.extend(_legend(tl, symbols))
    rows.extend(notes(tl))
    return "\n".join(rows)
