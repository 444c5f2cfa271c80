"""The timeline as Trace Event JSON, for Perfetto (ui.perfetto.dev), chrome://tracing and
speedscope; judge/timeline/trace_check.py validates it (the tests check real runs with it).

Format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
Each lane is a thread track, and the slices of one track nest, as the format requires:

- "X" slices for running and waiting, cut where a hold on the track starts or ends, so that
  each lies inside or outside every hold;
- "B"/"E" for lock holds that nest; each hold's args carry its number ("hold": the lock's
  n-th hold in the run) and its E has its B's args: speedscope matches an E to the open B of
  the same name and args, and takes a B before an E of the same name and args at one ts — a
  lock released and taken again within 0.1 ms would close the wrong slice otherwise;
- a hold that overlaps another without nesting (locks released in another order than taken)
  is an async "b"/"e" pair with an id of its own, which viewers draw on a track of its own;
- a hold or wait shorter than the timeline's resolution (model.RESOLUTION, Span.instant) is
  an "i" instant with its duration in its args, never a slice of no length;
- "i" instants where acquire() was called and where it returned.

Every lane has a track with at least its lifetime in slices (build.py makes a lane at least
RESOLUTION long). Names carry no pid or tid: the viewers add their own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from judge.core.i18n import _
from judge.timeline.analysis import deadlock_cycle
from judge.timeline.model import HOLD, LOCK_WAIT, MAIN, PROCESS, RESOLUTION, RUN, TASK, WAIT, Lane, Span, Timeline

SYNTHETIC_TID = 1_000_000_000  # tracks for tasks (and reused thread idents) count from here
Event = dict[str, object]  # one Trace Event, as it is written


def _us(value_ms: float) -> int:
    return int(round(value_ms * 1000))


@dataclass
class _Item:
    """An event of one lane with its order among events at the same ts."""

    ts: int
    rank: tuple[int, int]
    event: Event


def _tracks(tl: Timeline) -> list[tuple[Lane, int]]:
    """(lane, tid) with a tid of its own per lane: a task gets a synthetic one, as does a
    thread whose ident an earlier (ended) thread already had."""
    used = {(lane.pid, lane.tid) for lane in tl.lanes if lane.kind != TASK}
    seen: set[tuple[int, int]] = set()
    synthetic = SYNTHETIC_TID
    tracks = []
    for lane in tl.lanes:
        tid = lane.tid
        if lane.kind == TASK or (lane.pid, tid) in seen:
            while (lane.pid, synthetic) in used or (lane.pid, synthetic) in seen:
                synthetic += 1
            tid = synthetic
        seen.add((lane.pid, tid))
        tracks.append((lane, tid))
    return tracks


def _track_name(lane: Lane) -> str:
    """The lane's name without the pid the timeline adds to tell processes apart: a viewer
    shows each track under its process, with the pid ("Thread-1 (pid 7) (pid 7)" otherwise)."""
    title = lane.title().removesuffix(f" (pid {lane.pid})")
    if title == f"pid {lane.pid}":  # a process never announced: its pid was all there was
        return _("process")
    if title == f"tid {lane.tid}":
        return _("thread")
    return title


def _process_names(tl: Timeline) -> dict[int, str]:
    names: dict[int, str] = {}
    for lane in tl.lanes:
        if lane.kind == MAIN:
            names[lane.pid] = _("main process")
        elif lane.kind == PROCESS:
            names.setdefault(lane.pid, _track_name(lane))
    for lane in tl.lanes:
        names.setdefault(lane.pid, _("process"))
    return names


def _metadata(tl: Timeline, tracks: list[tuple[Lane, int]]) -> list[Event]:
    events: list[Event] = []
    for index, (pid, name) in enumerate(_process_names(tl).items()):
        events.append({"ph": "M", "name": "process_name", "pid": pid, "tid": 0, "ts": 0, "args": {"name": name}})
        events.append(
            {"ph": "M", "name": "process_sort_index", "pid": pid, "tid": 0, "ts": 0, "args": {"sort_index": index}}
        )
    for index, (lane, tid) in enumerate(tracks):
        base = {"ph": "M", "pid": lane.pid, "tid": tid, "ts": 0}
        events.append({**base, "name": "thread_name", "args": {"name": _track_name(lane)}})
        events.append({**base, "name": "thread_sort_index", "args": {"sort_index": index}})
    return events


def _name(span: Span) -> str:
    """What a slice (or instant) of the span is called."""
    if span.kind == RUN:
        return _("running")
    if span.kind == HOLD:
        return _("lock {n}").format(n=span.lock)
    if span.what == LOCK_WAIT:
        return _("waiting for lock {n}").format(n=span.lock)
    return _("waiting: {what}").format(what=span.what)


def _args(tl: Timeline, span: Span) -> dict[str, object]:
    args: dict[str, object] = {}
    if span.line is not None:
        args["line"] = span.line
    lock = tl.lock(span.lock) if span.lock else None
    if lock is not None:
        args["lock"] = lock.name
        args["kind"] = lock.kind
    if span.kind == WAIT and span.what != LOCK_WAIT:
        args["what"] = span.what
    if span.open:
        args["unfinished"] = True
    return args


def _split(span: Span, cuts: list[float]) -> list[Span]:
    """`span` cut at every hold boundary strictly inside it."""
    points = [span.start] + [c for c in cuts if span.start < c < span.end] + [span.end]
    return (
        [Span(span.kind, a, b, span.lock, span.what, span.line, span.open) for a, b in zip(points, points[1:])]
        if len(points) > 2
        else [span]
    )


def _nested_holds(holds: list[Span]) -> tuple[list[tuple[Span, int]], list[Span]]:
    """(the holds that nest, with their depth) and the rest: those overlapping an earlier
    one without nesting in it (a FIFO release: take 1, take 2, release 1, release 2)."""
    nested: list[tuple[Span, int]] = []
    loose: list[Span] = []
    stack: list[Span] = []
    for hold in sorted(holds, key=lambda s: (s.start, -s.end)):
        while stack and stack[-1].end <= hold.start:
            stack.pop()
        if not stack or hold.end <= stack[-1].end:
            nested.append((hold, len(stack)))
            stack.append(hold)
        else:
            loose.append(hold)
    return nested, loose


def _hold_numbers(tl: Timeline) -> dict[int, int]:
    """id(hold) -> its number among the holds of its lock: 1 for the first time it was taken."""
    numbers: dict[int, int] = {}
    counts: dict[int, int] = {}
    for hold in sorted((s for lane in tl.lanes for s in lane.holds()), key=lambda s: (s.start, s.end)):
        counts[hold.lock] = counts.get(hold.lock, 0) + 1
        numbers[id(hold)] = counts[hold.lock]
    return numbers


def _hold_args(tl: Timeline, hold: Span, numbers: dict[int, int]) -> dict[str, object]:
    return {**_args(tl, hold), "hold": numbers[id(hold)]}


def _hold_events(
    tl: Timeline, lane: Lane, tid: int, nested: list[tuple[Span, int]], numbers: dict[int, int]
) -> list[_Item]:
    base = {"pid": lane.pid, "tid": tid, "cat": "lock"}
    items = []
    for hold, depth in nested:
        args = _hold_args(tl, hold, numbers)
        # B outermost first, E innermost first, and an E before a B at the same ts.
        items.append(_Item(_us(hold.start), (1, depth), {**base, "ph": "B", "name": _name(hold), "args": args}))
        items.append(_Item(_us(hold.end), (0, -depth), {**base, "ph": "E", "name": _name(hold), "args": dict(args)}))
    return items


def _async_holds(
    tl: Timeline, lane: Lane, tid: int, loose: list[Span], ids: Iterator[int], numbers: dict[int, int]
) -> list[_Item]:
    """Holds that do not nest: a b/e pair each, with an id of its own (an async slice is
    outside the thread's stack of slices; Perfetto draws it on a track under the process)."""
    items = []
    for hold in loose:
        base = {"pid": lane.pid, "tid": tid, "cat": "lock", "name": _name(hold), "id": next(ids)}
        items.append(_Item(_us(hold.start), (2, 0), {**base, "ph": "b", "args": _hold_args(tl, hold, numbers)}))
        items.append(_Item(_us(hold.end), (0, 0), {**base, "ph": "e"}))
    return items


def _leaf_events(tl: Timeline, lane: Lane, tid: int, nested: list[tuple[Span, int]]) -> list[_Item]:
    cuts = sorted({t for hold, _depth in nested for t in (hold.start, hold.end)})
    leaves = [
        piece for span in lane.spans if span.kind in (RUN, WAIT) and not span.instant for piece in _split(span, cuts)
    ]
    leaves.sort(key=lambda s: (s.start, -s.end))  # a wait in acquire() inside Condition.wait: outer first
    items = []
    for order, span in enumerate(leaves):
        event = {
            "ph": "X",
            "pid": lane.pid,
            "tid": tid,
            "cat": span.kind,
            "name": _name(span),
            "dur": _us(span.end) - _us(span.start),
            "args": _args(tl, span),
        }
        items.append(_Item(_us(span.start), (3, order), event))
    return items


def _instants(tl: Timeline, lane: Lane, tid: int, numbers: dict[int, int]) -> list[_Item]:
    base = {"ph": "i", "s": "t", "pid": lane.pid, "tid": tid}
    items = []
    for span in lane.spans:
        if span.kind == WAIT and span.what == LOCK_WAIT:
            event = {**base, "cat": "lock", "name": "lock_req", "args": _args(tl, span)}
            items.append(_Item(_us(span.start), (4, 0), event))
        elif span.kind == HOLD:
            event = {**base, "cat": "lock", "name": "lock_got", "args": {"lock": f"lock {span.lock}"}}
            items.append(_Item(_us(span.start), (4, 1), event))
        if span.instant:
            args = _hold_args(tl, span, numbers) if span.kind == HOLD else _args(tl, span)
            args.update(duration_ms=span.duration, resolution_ms=RESOLUTION)
            event = {**base, "cat": "lock" if span.kind == HOLD else WAIT, "name": _name(span), "args": args}
            items.append(_Item(_us(span.start), (4, 2), event))
    return items


def _lane_events(tl: Timeline, lane: Lane, tid: int, ids: Iterator[int], numbers: dict[int, int]) -> list[_Item]:
    nested, loose = _nested_holds([hold for hold in lane.holds() if not hold.instant])
    items = (
        _hold_events(tl, lane, tid, nested, numbers)
        + _async_holds(tl, lane, tid, loose, ids, numbers)
        + _leaf_events(tl, lane, tid, nested)
        + _instants(tl, lane, tid, numbers)
    )
    items.sort(key=lambda item: (item.ts, item.rank))
    return items


def trace_events(tl: Timeline) -> dict[str, object]:
    """The Trace Event JSON object of the timeline (save it as .json, open it in a viewer)."""
    tracks = _tracks(tl)
    ids = itertools.count(1)  # async ids, unique in the trace
    numbers = _hold_numbers(tl)
    items: list[_Item] = []
    for lane, tid in tracks:
        items.extend(_lane_events(tl, lane, tid, ids, numbers))
    items.sort(key=lambda item: item.ts)  # stable: each track keeps its order at one ts
    body: list[Event] = [{**item.event, "ts": item.ts} for item in items]
    cycle = deadlock_cycle(tl)
    return {
        "traceEvents": _metadata(tl, tracks) + body,
        "displayTimeUnit": "ms",
        "otherData": {
            "generator": "judge",
            "version": 1,
            "end_ms": tl.end,
            "resolution_ms": RESOLUTION,
            "truncated": tl.truncated,
            "spans_dropped": tl.spans_dropped,
            "deadlock": [w.lane for w in cycle],
        },
    }
