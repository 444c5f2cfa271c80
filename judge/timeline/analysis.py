"""What a timeline says about the run: the deadlock cycle at its end, and worker lanes that
ran strictly one after another (start() and join() in one loop)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from judge.core.i18n import _, ngettext
from judge.core.numbers import decimal
from judge.timeline.model import HOLD, LOCK_WAIT, MAIN, PROCESS, TASK, THREAD, Lane, Timeline

SEQUENTIAL_SHOWN = 5  # lanes named in describe_sequential before "and N more"


@dataclass
class Wait:
    """One lane of a deadlock cycle at the end of the run."""

    lane: str  # lane name
    holds: list[str]  # the locks it holds: "lock 1", ...
    waits_for: str  # the lock it waits for
    held_by: str  # the lane holding that lock (the next Wait of the cycle)
    line: int | None = None  # where it waits (the acquire's line)
    hold_numbers: list[int] = field(default_factory=list)
    waits_for_number: int = 0
    lane_kind: str = THREAD
    holder_kind: str = THREAD


def _stuck(tl: Timeline) -> dict[str, tuple[Lane, int, int | None]]:
    """Lanes still waiting in acquire() when the run ended: name -> (lane, lock, line)."""
    stuck = {}
    for lane in tl.lanes:
        for span in lane.waits():
            if span.open and span.what == LOCK_WAIT and span.lock:
                stuck[lane.name] = (lane, span.lock, span.line)
    return stuck


def _held(tl: Timeline) -> dict[int, list[Lane]]:
    """lock number -> the lanes holding it when the run ended."""
    held: dict[int, list[Lane]] = {}
    for lane in tl.lanes:
        for span in lane.holds():
            holders = held.setdefault(span.lock, [])
            if span.open and all(other is not lane for other in holders):
                holders.append(lane)
    return held


def _next(name: str, lock: int, stuck: dict, held: dict[int, list[Lane]]) -> str | None:
    """The lane `name` waits for: the holder of `lock`, when every holder is stuck too (a
    Semaphore may have several; one that still runs could release it)."""
    holders = held.get(lock, [])
    if not holders or any(h.name not in stuck for h in holders):
        return None
    return name if any(h.name == name for h in holders) else holders[0].name


def deadlock_cycle(tl: Timeline) -> list[Wait]:
    """The lanes waiting, at the end of the run, for locks held by one another, in cycle
    order from the earliest lane; [] when there is no such cycle."""
    stuck, held = _stuck(tl), _held(tl)
    edges = {name: _next(name, lock, stuck, held) for name, (_lane, lock, _line) in stuck.items()}
    order = {lane.name: index for index, lane in enumerate(tl.lanes)}
    for start in sorted(stuck, key=order.__getitem__):
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in path:
            path.append(node)
            node = edges.get(node)
        if node is None:
            continue
        cycle = path[path.index(node) :]
        first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
        cycle = cycle[first:] + cycle[:first]
        return [_wait(tl, name, edges[name] or name, stuck, held) for name in cycle]
    return []


def _wait(tl: Timeline, name: str, holder: str, stuck: dict, held: dict[int, list[Lane]]) -> Wait:
    lane, lock, line = stuck[name]
    numbers = sorted(n for n, lanes in held.items() if any(other is lane for other in lanes))
    holder_lane = tl.lane(holder)
    return Wait(
        lane=name,
        holds=[f"lock {n}" for n in numbers],
        waits_for=f"lock {lock}",
        held_by=holder,
        line=line,
        hold_numbers=numbers,
        waits_for_number=lock,
        lane_kind=lane.kind,
        holder_kind=holder_lane.kind if holder_lane else THREAD,
    )


def lane_title(name: str, kind: str) -> str:
    """A lane's name in a sentence, in the active language: "the main thread", "Thread-2"."""
    return _("the main thread") if kind == MAIN else name


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def cycle_sentences(cycle: list[Wait]) -> list[str]:
    """One sentence per lane of the cycle, in the active language."""
    sentences = []
    for wait in cycle:
        fields = {
            "lane": lane_title(wait.lane, wait.lane_kind),
            "wanted": wait.waits_for_number,
            "holder": lane_title(wait.held_by, wait.holder_kind),
            "held": ", ".join(str(n) for n in wait.hold_numbers),
        }
        if wait.held_by == wait.lane:
            text = _("{lane} waits for lock {wanted}, which it holds itself.")
        elif not wait.hold_numbers:
            text = _("{lane} waits for lock {wanted}, held by {holder}.")
        elif len(wait.hold_numbers) == 1:
            text = _("{lane} holds lock {held} and waits for lock {wanted}, held by {holder}.")
        else:
            text = _("{lane} holds locks {held} and waits for lock {wanted}, held by {holder}.")
        sentences.append(_sentence(text.format(**fields)))
    return sentences


def describe_cycle(cycle: list[Wait]) -> str:
    """The cycle in words: one sentence per lane, one line each ("" when no cycle)."""
    return "\n".join(cycle_sentences(cycle))


def _workers(tl: Timeline, kind: str) -> list[Lane]:
    return sorted((lane for lane in tl.lanes if lane.kind == kind), key=lambda lane: lane.start)


def never_overlap(tl: Timeline, kind: str = THREAD) -> bool:
    """At least two worker lanes (threads; `kind=PROCESS` for processes) and each started
    only after the previous one ended: they never ran at the same time."""
    lanes = _workers(tl, kind)
    return len(lanes) >= 2 and all(b.start >= a.end for a, b in zip(lanes, lanes[1:]))


def format_ms(value: float) -> str:
    """12, 3.5, 0.1 (Russian 3,5): whole milliseconds from 10 ms on, tenths below."""
    if abs(value) >= 10:
        return str(int(round(value)))
    return decimal(value, 1, trim=True)


def nice_ticks(end: float, count: float) -> list[float]:
    """About `count` round times (1, 2 or 5 times a power of ten ms) from 0 to `end`."""
    if end <= 0:
        return [0.0]
    raw = end / max(1.0, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [round(i * step, 6) for i in range(int(end / step + 1e-9) + 1)]


def describe_sequential(tl: Timeline, kind: str = THREAD) -> str:
    """ "The threads ran one after another, never at the same time: Thread-1 0–12 ms, ..."
    ("" unless never_overlap(tl, kind))."""
    if not never_overlap(tl, kind):
        return ""
    lanes = _workers(tl, kind)
    parts = [
        _("{lane} {start}–{end} ms").format(lane=lane.title(), start=format_ms(lane.start), end=format_ms(lane.end))
        for lane in lanes[:SEQUENTIAL_SHOWN]
    ]
    rest = len(lanes) - SEQUENTIAL_SHOWN
    if rest > 0:
        parts.append(ngettext("and {n} more", "and {n} more", rest).format(n=rest))
    spans = ", ".join(parts)
    if kind == PROCESS:
        return _("The processes ran one after another, never at the same time: {spans}.").format(spans=spans)
    if kind == TASK:
        return _("The tasks ran one after another, never at the same time: {spans}.").format(spans=spans)
    return _("The threads ran one after another, never at the same time: {spans}.").format(spans=spans)


def unlocked_overlap(tl: Timeline) -> tuple[Lane, Lane, float, float] | None:
    """Two worker lanes (threads or processes) alive at the same time, neither holding any
    lock then: where a lost update's read-modify-write windows can overlap. The longest such
    window of the first pair that has one; None when every overlap was under a lock."""
    lanes = sorted((lane for lane in tl.lanes if lane.kind in (THREAD, PROCESS)), key=lambda lane: lane.start)
    for i, a in enumerate(lanes):
        for b in lanes[i + 1 :]:
            window = _unlocked_window(a, b)
            if window is not None:
                return a, b, window[0], window[1]
    return None


def _unlocked_window(a: Lane, b: Lane) -> tuple[float, float] | None:
    start, end = max(a.start, b.start), min(a.end, b.end)
    if end <= start:
        return None
    # Cut the shared interval at every hold of either lane; keep the longest free piece.
    holds = sorted(
        (s.start, s.end) for lane in (a, b) for s in lane.spans if s.kind == HOLD and s.end > start and s.start < end
    )
    best: tuple[float, float] | None = None
    cursor = start
    for h_start, h_end in holds + [(end, end)]:
        if h_start > cursor and (best is None or h_start - cursor > best[1] - best[0]):
            best = (cursor, min(h_start, end))
        cursor = max(cursor, h_end)
    return best if best is not None and best[1] - best[0] > 0 else None


def describe_unlocked_overlap(tl: Timeline) -> str:
    """The overlap in words ("" when there is none)."""
    found = unlocked_overlap(tl)
    if found is None:
        return ""
    a, b, start, end = found
    return _(
        "{first} and {second} ran at the same time from {start} to {end} ms without holding any "
        "lock: their reads and writes of the shared value could interleave there."
    ).format(first=a.title(), second=b.title(), start=format_ms(start), end=format_ms(end))
