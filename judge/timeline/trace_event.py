"""The timeline as Trace Event JSON, for Perfetto (ui.perfetto.dev) and chrome://tracing;
and a validator of that format (the tests check real runs with it).

Format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
Each lane is a thread track: "X" slices for running and waiting, "B"/"E" for lock holds
(and "X" for a hold that overlaps another without nesting), "i" instants where acquire()
was called and where it returned. Running and waiting slices are cut where a hold starts or
ends, so every slice nests inside the holds (a viewer needs slices on a track to nest).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from judge.core.i18n import _
from judge.timeline.analysis import deadlock_cycle
from judge.timeline.model import LOCK_WAIT, MAIN, RUN, TASK, WAIT, Lane, Span, Timeline

SYNTHETIC_TID = 1_000_000_000  # tracks for tasks (and reused thread idents) count from here
Event = dict[str, Any]


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


def _process_names(tl: Timeline) -> dict[int, str]:
    names: dict[int, str] = {}
    for lane in tl.lanes:
        if lane.kind == MAIN:
            names[lane.pid] = _("main process (pid {pid})").format(pid=lane.pid)
        elif lane.kind == "process":
            names.setdefault(lane.pid, lane.name)
    for lane in tl.lanes:
        names.setdefault(lane.pid, f"pid {lane.pid}")
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
        events.append({**base, "name": "thread_name", "args": {"name": lane.title()}})
        events.append({**base, "name": "thread_sort_index", "args": {"sort_index": index}})
    return events


def _leaf_name(tl: Timeline, span: Span) -> str:
    if span.kind == RUN:
        return _("running")
    if span.what == LOCK_WAIT:
        return _("waiting for lock {n}").format(n=span.lock)
    return _("waiting: {what}").format(what=span.what)


def _args(tl: Timeline, span: Span) -> dict[str, Any]:
    args: dict[str, Any] = {}
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
    """(holds that nest, with their depth) and the rest (overlapping without nesting,
    or lasting no time: a B and E at one ts could be read in either order)."""
    nested: list[tuple[Span, int]] = []
    loose: list[Span] = []
    stack: list[Span] = []
    for hold in sorted(holds, key=lambda s: (s.start, -s.end)):
        while stack and stack[-1].end <= hold.start:
            stack.pop()
        if hold.end > hold.start and (not stack or hold.end <= stack[-1].end):
            nested.append((hold, len(stack)))
            stack.append(hold)
        else:
            loose.append(hold)
    return nested, loose


def _hold_events(tl: Timeline, lane: Lane, tid: int) -> list[_Item]:
    base = {"pid": lane.pid, "tid": tid, "cat": "lock"}
    nested, loose = _nested_holds(lane.holds())
    items = []
    for hold, depth in nested:
        name = _("lock {n}").format(n=hold.lock)
        items.append(
            _Item(
                _us(hold.start),
                (1, depth),
                {**base, "ph": "B", "name": name, "ts": _us(hold.start), "args": _args(tl, hold)},
            )
        )
        items.append(_Item(_us(hold.end), (0, -depth), {**base, "ph": "E", "name": name, "ts": _us(hold.end)}))
    for hold in loose:
        items.append(
            _Item(
                _us(hold.start),
                (2, 0),
                {
                    **base,
                    "ph": "X",
                    "name": _("lock {n}").format(n=hold.lock),
                    "ts": _us(hold.start),
                    "dur": _us(hold.end) - _us(hold.start),
                    "args": _args(tl, hold),
                },
            )
        )
    return items


def _leaf_events(tl: Timeline, lane: Lane, tid: int) -> list[_Item]:
    cuts = sorted({t for hold in lane.holds() for t in (hold.start, hold.end)})
    leaves = [piece for span in lane.spans if span.kind in (RUN, WAIT) for piece in _split(span, cuts)]
    leaves.sort(key=lambda s: (s.start, -s.end))  # a wait in acquire() inside Condition.wait: outer first
    items = []
    for order, span in enumerate(leaves):
        items.append(
            _Item(
                _us(span.start),
                (3, order),
                {
                    "ph": "X",
                    "pid": lane.pid,
                    "tid": tid,
                    "cat": span.kind,
                    "name": _leaf_name(tl, span),
                    "ts": _us(span.start),
                    "dur": _us(span.end) - _us(span.start),
                    "args": _args(tl, span),
                },
            )
        )
    return items


def _instants(tl: Timeline, lane: Lane, tid: int) -> list[_Item]:
    base = {"ph": "i", "s": "t", "pid": lane.pid, "tid": tid, "cat": "lock"}
    items = []
    for span in lane.spans:
        if span.kind == WAIT and span.what == LOCK_WAIT:
            items.append(
                _Item(
                    _us(span.start),
                    (4, 0),
                    {**base, "name": "lock_req", "ts": _us(span.start), "args": _args(tl, span)},
                )
            )
        elif span.kind == "hold":
            items.append(
                _Item(
                    _us(span.start),
                    (4, 1),
                    {**base, "name": "lock_got", "ts": _us(span.start), "args": {"lock": f"lock {span.lock}"}},
                )
            )
    return items


def trace_events(tl: Timeline) -> dict[str, Any]:
    """The Trace Event JSON object of the timeline (save it as .json, open in Perfetto)."""
    tracks = _tracks(tl)
    body: list[Event] = []
    for lane, tid in tracks:
        items = _hold_events(tl, lane, tid) + _leaf_events(tl, lane, tid) + _instants(tl, lane, tid)
        items.sort(key=lambda item: (item.ts, item.rank))
        body.extend(item.event for item in items)
    body.sort(key=lambda event: event["ts"])  # stable: each track keeps its order at one ts
    cycle = deadlock_cycle(tl)
    return {
        "traceEvents": _metadata(tl, tracks) + body,
        "displayTimeUnit": "ms",
        "otherData": {
            "generator": "judge",
            "version": 1,
            "end_ms": tl.end,
            "truncated": tl.truncated,
            "spans_dropped": tl.spans_dropped,
            "deadlock": [w.lane for w in cycle],
        },
    }


# --- the validator ---------------------------------------------------------------------------

REQUIRED = {
    "M": ("name", "pid", "args"),
    "X": ("name", "ts", "dur", "pid", "tid"),
    "B": ("name", "ts", "pid", "tid"),
    "E": ("ts", "pid", "tid"),
    "i": ("name", "ts", "pid", "tid"),
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _shape(index: int, event: Any) -> list[str]:
    """Problems of one event on its own: phase, required keys, their types, dur."""
    if not isinstance(event, dict):
        return [_("event {index}: not an object").format(index=index)]
    ph = event.get("ph")
    if ph not in REQUIRED:
        return [_("event {index}: unknown phase {ph}").format(index=index, ph=repr(ph))]
    problems = [
        _("event {index} ({ph}): missing {key}").format(index=index, ph=ph, key=key)
        for key in REQUIRED[ph]
        if key not in event
    ]
    for key in ("pid", "tid"):
        if key in event and not _is_int(event[key]):
            problems.append(_("event {index} ({ph}): {key} is not an integer").format(index=index, ph=ph, key=key))
    for key in ("ts", "dur"):
        if key in event and not _is_number(event[key]):
            problems.append(_("event {index} ({ph}): {key} is not a number").format(index=index, ph=ph, key=key))
    if _is_number(event.get("dur")) and event["dur"] < 0:
        problems.append(_("event {index}: negative duration {dur}").format(index=index, dur=event["dur"]))
    return problems


# A pid or (pid, tid) as the validator reads it, with .get: a metadata event need not have a
# tid (REQUIRED["M"]), and then its track's tid is None.
_Pid = int | None
_Track = tuple[int | None, int | None]


def _names(events: list[Any]) -> tuple[set[_Pid], set[_Track], list[str]]:
    """The pids and (pid, tid)s the metadata names, and tracks named twice."""
    pids: set[_Pid] = set()
    threads: set[_Track] = set()
    problems = []
    for event in events:
        if not isinstance(event, dict) or event.get("ph") != "M":
            continue
        if event.get("name") == "process_name":
            pids.add(event.get("pid"))
        elif event.get("name") == "thread_name":
            key = (event.get("pid"), event.get("tid"))
            if key in threads:
                problems.append(_("pid {pid} tid {tid} is named twice").format(pid=key[0], tid=key[1]))
            threads.add(key)
    return pids, threads, problems


def _order(events: list[Event]) -> list[str]:
    problems = []
    previous: float | None = None
    for index, event in enumerate(events):
        if event["ph"] == "M":
            continue
        if previous is not None and event["ts"] < previous:
            problems.append(
                _("event {index}: ts {ts} before the previous event's {previous}").format(
                    index=index, ts=event["ts"], previous=previous
                )
            )
        previous = event["ts"] if previous is None else max(previous, event["ts"])
    return problems


def _balance(events: list[Event]) -> list[str]:
    """Every B has its E, later, on the same pid and tid, closing the innermost open B."""
    stacks: dict[_Track, list[tuple[int, Event]]] = {}
    problems = []
    for index, event in enumerate(events):
        key = (event.get("pid"), event.get("tid"))
        if event["ph"] == "B":
            stacks.setdefault(key, []).append((index, event))
        elif event["ph"] == "E":
            stack = stacks.get(key)
            if not stack:
                problems.append(
                    _("event {index}: E without a matching B on pid {pid} tid {tid}").format(
                        index=index, pid=key[0], tid=key[1]
                    )
                )
                continue
            _opened, begin = stack.pop()
            if "name" in event and event["name"] != begin["name"]:
                problems.append(
                    _("event {index}: E for {name} closes {open}").format(
                        index=index, name=repr(event["name"]), open=repr(begin["name"])
                    )
                )
            if event["ts"] < begin["ts"]:
                problems.append(_("event {index}: E before its B").format(index=index))
    for (pid, tid), stack in stacks.items():
        for index, begin in stack:
            problems.append(
                _("event {index}: B {name} on pid {pid} tid {tid} is never ended").format(
                    index=index, name=repr(begin["name"]), pid=pid, tid=tid
                )
            )
    return problems


def _named(events: list[Event]) -> list[str]:
    """Every pid and (pid, tid) an event uses has its process_name and thread_name."""
    pids, threads, problems = _names(events)
    told: set[object] = set()
    for index, event in enumerate(events):
        if event["ph"] == "M":
            continue
        pid, tid = event["pid"], event["tid"]
        if pid not in pids and pid not in told:
            told.add(pid)
            problems.append(_("event {index}: pid {pid} has no process_name").format(index=index, pid=pid))
        if (pid, tid) not in threads and (pid, tid) not in told:
            told.add((pid, tid))
            problems.append(
                _("event {index}: pid {pid} tid {tid} has no thread_name").format(index=index, pid=pid, tid=tid)
            )
    return problems


def validate_trace(obj: Any) -> list[str]:
    """Problems of a Trace Event JSON object ([] when none): the keys each phase needs, ts in
    order, B/E balanced per thread, dur >= 0, every pid and tid named by the metadata."""
    if not isinstance(obj, dict) or not isinstance(obj.get("traceEvents"), list):
        return [_("the trace is not an object with a traceEvents list")]
    events = obj["traceEvents"]
    problems = [problem for index, event in enumerate(events) for problem in _shape(index, event)]
    if problems:
        return problems  # the checks below read the keys just found missing
    return _order(events) + _balance(events) + _named(events)
