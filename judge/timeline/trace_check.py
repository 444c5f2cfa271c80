"""A validator of Trace Event JSON: the format's rules, and what the viewers (Perfetto,
chrome://tracing, speedscope) need to draw a trace right. Every trace the judge writes must
pass it; the tests check the traces of real runs of every exercise's solutions with it.

Format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TypeGuard

from judge.core.i18n import _

# Every phase the format defines: B/E duration, X complete, i/I instant, C counter, b/n/e
# nestable async, S/T/p/F async (deprecated), s/t/f flow, P sample, N/O/D object, M metadata,
# V/v memory dump, R mark, c clock sync, ( ) context.
PHASES = frozenset("B E X i I C b n e S T p F s t f P N O D M V v R c ( )".split())
# The keys of each phase the judge writes (any other phase: a name, a ts and a pid).
REQUIRED = {
    "M": ("name", "pid", "args"),
    "X": ("name", "ts", "dur", "pid", "tid"),
    "B": ("name", "ts", "pid", "tid"),
    "E": ("ts", "pid", "tid"),
    "i": ("name", "ts", "pid", "tid"),
    "I": ("name", "ts", "pid", "tid"),
    "b": ("name", "cat", "id", "ts", "pid"),
    "n": ("name", "cat", "id", "ts", "pid"),
    "e": ("cat", "id", "ts", "pid"),
}
OTHER = ("name", "ts", "pid")
SCOPES = ("g", "p", "t")  # an instant's "s": global, process, thread
TIME_UNITS = ("ms", "ns")  # displayTimeUnit
# The metadata events the format defines: the argument each must carry, and its type.
METADATA: dict[str, tuple[str, type]] = {
    "process_name": ("name", str),
    "process_labels": ("labels", str),
    "process_sort_index": ("sort_index", int),
    "thread_name": ("name", str),
    "thread_sort_index": ("sort_index", int),
}
ASYNC = ("b", "n", "e")

# A (pid, tid) as the validator reads them: tid None when the event has none.
_Track = tuple[int, int | None]


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True)
class _Event:
    """An event _shape found nothing wrong with, its keys typed for the checks that follow."""

    ph: str
    pid: int  # every phase has one
    tid: int | None  # None: the event has no tid
    name: str | None  # None: the event has no name (E and e may not)
    cat: str | None
    ts: float  # 0 for a metadata event without one (every other phase has one)
    dur: float  # 0 when the event has none (an X has one)
    id: str  # an async event's id (or id2) as JSON, "" for the other phases


def _typed(event: Mapping[str, object]) -> _Event:
    """The _Event of an event _shape passed; a TypeError for one it would not have."""
    ph, pid, tid, name, cat = (event.get(key) for key in ("ph", "pid", "tid", "name", "cat"))
    ts, dur = event.get("ts", 0), event.get("dur", 0)
    if not (
        isinstance(ph, str)
        and _is_int(pid)
        and (tid is None or _is_int(tid))
        and (name is None or isinstance(name, str))
        and (cat is None or isinstance(cat, str))
        and _is_number(ts)
        and _is_number(dur)
    ):
        raise TypeError(f"not a checked event: {event!r}")
    return _Event(ph, pid, tid, name, cat, ts, dur, _async_id(event) if ph in ASYNC else "")


def _non_finite(value: object, where: str) -> Iterator[str]:
    """Every NaN and Infinity in `value` (json.loads reads them; JSON itself has none)."""
    if isinstance(value, float) and not math.isfinite(value):
        yield _("{where}: {value} is not a finite number").format(where=where, value=value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _non_finite(item, f"{where}[{index}]")


def _required(ph: str) -> tuple[str, ...]:
    return REQUIRED.get(ph, OTHER)


def _shape(index: int, event: object) -> list[str]:
    """Problems of one event on its own: phase, required keys and their types, dur, scope,
    the metadata's arguments."""
    if not isinstance(event, dict):
        return [_("event {index}: not an object").format(index=index)]
    ph = event.get("ph")
    if ph not in PHASES:
        return [_("event {index}: unknown phase {ph}").format(index=index, ph=repr(ph))]
    problems = [
        _("event {index} ({ph}): missing {key}").format(index=index, ph=ph, key=key)
        for key in _required(ph)
        if key not in event and not (key == "id" and "id2" in event)
    ]
    for key in ("pid", "tid"):
        if key in event and not _is_int(event[key]):
            problems.append(_("event {index} ({ph}): {key} is not an integer").format(index=index, ph=ph, key=key))
    for key in ("ts", "dur", "tts", "tdur"):
        if key in event and not _is_number(event[key]):
            problems.append(_("event {index} ({ph}): {key} is not a number").format(index=index, ph=ph, key=key))
    for key in ("name", "cat"):
        if key in event and not isinstance(event[key], str):
            problems.append(_("event {index} ({ph}): {key} is not a string").format(index=index, ph=ph, key=key))
    if "args" in event and not isinstance(event["args"], dict):
        problems.append(_("event {index} ({ph}): {key} is not an object").format(index=index, ph=ph, key="args"))
    if "id" in event and not (isinstance(event["id"], str) or _is_int(event["id"])):
        problems.append(
            _("event {index} ({ph}): {key} is neither a string nor a number").format(index=index, ph=ph, key="id")
        )
    if _is_number(event.get("dur")) and event["dur"] < 0:
        problems.append(_("event {index}: negative duration {dur}").format(index=index, dur=event["dur"]))
    if ph in ("i", "I") and "s" in event and event["s"] not in SCOPES:
        problems.append(
            _("event {index}: instant scope {scope} is not g, p or t").format(index=index, scope=repr(event["s"]))
        )
    if ph == "M" and not problems:
        problems += _metadata_args(index, event)
    return problems


def _metadata_args(index: int, event: Mapping[str, object]) -> list[str]:
    name, args = event["name"], event["args"]  # a string and an object: _shape checked them
    if not isinstance(name, str) or name not in METADATA:
        return [_("event {index}: unknown metadata {name}").format(index=index, name=repr(name))]
    problems = []
    if name.startswith("thread_") and "tid" not in event:
        problems.append(_("event {index}: {name} without a tid").format(index=index, name=name))
    arg, kind = METADATA[name]
    value = args.get(arg) if isinstance(args, dict) else None
    if kind is str and not isinstance(value, str):
        problems.append(_("event {index}: {name} without a string args.{arg}").format(index=index, name=name, arg=arg))
    elif kind is int and not _is_int(value):
        problems.append(
            _("event {index}: {name} without an integer args.{arg}").format(index=index, name=name, arg=arg)
        )
    return problems


def _names(events: list[_Event]) -> tuple[set[int], set[_Track], list[str]]:
    """The pids and (pid, tid)s the metadata names, and what is named twice."""
    pids: set[int] = set()
    threads: set[_Track] = set()
    problems = []
    for event in events:
        if event.ph != "M":
            continue
        if event.name == "process_name":
            if event.pid in pids:
                problems.append(_("pid {pid} is named twice").format(pid=event.pid))
            pids.add(event.pid)
        elif event.name == "thread_name":
            key = (event.pid, event.tid)
            if key in threads:
                problems.append(_("pid {pid} tid {tid} is named twice").format(pid=key[0], tid=key[1]))
            threads.add(key)
    return pids, threads, problems


def _order(events: list[_Event]) -> list[str]:
    problems = []
    previous: float | None = None
    for index, event in enumerate(events):
        if event.ph == "M":  # every other phase has a ts
            continue
        if previous is not None and event.ts < previous:
            problems.append(
                _("event {index}: ts {ts} before the previous event's {previous}").format(
                    index=index, ts=event.ts, previous=previous
                )
            )
        previous = event.ts if previous is None else max(previous, event.ts)
    return problems


@dataclass
class _Slice:
    """A slice of one thread: an X, or a B with its E."""

    index: int  # of the X or the B
    name: str | None  # always given: X and B require a name
    start: float
    end: float


def _balance(events: list[_Event]) -> tuple[list[str], dict[_Track, list[_Slice]]]:
    """Every B has its E, later, on the same pid and tid, closing the innermost open B; and
    the slices of each thread (X, B with its E)."""
    stacks: dict[_Track, list[tuple[int, _Event]]] = {}
    slices: dict[_Track, list[_Slice]] = {}
    problems = []
    for index, event in enumerate(events):
        key = (event.pid, event.tid)
        if event.ph == "X":
            slices.setdefault(key, []).append(_Slice(index, event.name, event.ts, event.ts + event.dur))
        elif event.ph == "B":
            stacks.setdefault(key, []).append((index, event))
        elif event.ph == "E":
            stack = stacks.get(key)
            if not stack:
                problems.append(
                    _("event {index}: E without a matching B on pid {pid} tid {tid}").format(
                        index=index, pid=key[0], tid=key[1]
                    )
                )
                continue
            opened, begin = stack.pop()
            problems += _pair_problems(index, begin, event)
            if event.ts >= begin.ts:
                slices.setdefault(key, []).append(_Slice(opened, begin.name, begin.ts, event.ts))
    for (pid, tid), stack in stacks.items():
        for index, begin in stack:
            problems.append(
                _("event {index}: B {name} on pid {pid} tid {tid} is never ended").format(
                    index=index, name=repr(begin.name), pid=pid, tid=tid
                )
            )
    return problems, slices


def _nesting(slices: dict[_Track, list[_Slice]]) -> list[str]:
    """The slices of one thread nest: two of them are apart or one lies within the other.
    And none lasts no time: a viewer reads its begin and end, at one ts with the others
    there, in either order (speedscope then closes the wrong slice) — an instant says it."""
    problems = []
    for (pid, tid), mine in slices.items():
        stack: list[_Slice] = []
        for piece in sorted(mine, key=lambda s: (s.start, -s.end, s.index)):
            if piece.end <= piece.start:
                problems.append(
                    _("event {index}: slice {name} on pid {pid} tid {tid} lasts no time").format(
                        index=piece.index, name=repr(piece.name), pid=pid, tid=tid
                    )
                )
                continue
            while stack and stack[-1].end <= piece.start:
                stack.pop()
            if stack and piece.end > stack[-1].end:
                problems.append(
                    _("event {index}: {name} on pid {pid} tid {tid} overlaps {other} without nesting in it").format(
                        index=piece.index, name=repr(piece.name), pid=pid, tid=tid, other=repr(stack[-1].name)
                    )
                )
                continue
            stack.append(piece)
    return problems


def _async_id(event: Mapping[str, object]) -> str:
    return json.dumps(event.get("id2") if "id2" in event else event.get("id"), sort_keys=True)


def _async(events: list[_Event]) -> list[str]:
    """Every async b has its e (same pid, cat and id), later, closing the innermost open b
    of that id."""
    stacks: dict[tuple[int, str | None, str], list[tuple[int, _Event]]] = {}
    problems = []
    for index, event in enumerate(events):
        if event.ph not in ("b", "e"):
            continue
        key = (event.pid, event.cat, event.id)  # b and e require a cat
        if event.ph == "b":
            stacks.setdefault(key, []).append((index, event))
            continue
        stack = stacks.get(key)
        if not stack:
            problems.append(
                _("event {index}: e without a matching b (cat {cat}, id {id})").format(
                    index=index, cat=key[1], id=key[2]
                )
            )
            continue
        _opened, begin = stack.pop()
        problems += _pair_problems(index, begin, event)
    for (_pid, cat, ident), stack in stacks.items():
        for index, begin in stack:
            problems.append(
                _("event {index}: b {name} (cat {cat}, id {id}) is never ended").format(
                    index=index, name=repr(begin.name), cat=cat, id=ident
                )
            )
    return problems


def _named(events: list[_Event]) -> list[str]:
    """Every pid and (pid, tid) an event uses has its process_name and thread_name, once."""
    pids, threads, problems = _names(events)
    told: set[object] = set()
    for index, event in enumerate(events):
        if event.ph == "M":
            continue
        pid = event.pid
        if pid not in pids and pid not in told:
            told.add(pid)
            problems.append(_("event {index}: pid {pid} has no process_name").format(index=index, pid=pid))
        if event.tid is None:
            continue
        track = (pid, event.tid)
        if track not in threads and track not in told:
            told.add(track)
            problems.append(
                _("event {index}: pid {pid} tid {tid} has no thread_name").format(index=index, pid=pid, tid=track[1])
            )
    return problems


def validate_trace(obj: object) -> list[str]:
    """Problems of a Trace Event JSON object ([] when none): finite numbers everywhere,
    displayTimeUnit ms or ns, every event's phase, keys and their types (name a string, args
    an object), instant scopes g/p/t, the metadata (thread_name with a tid, a string
    args.name), ts in order, B/E balanced and every thread's slices nested (none of no
    length), async b/e balanced per id, every pid and tid named, and none named twice."""
    if not isinstance(obj, dict) or not isinstance(obj.get("traceEvents"), list):
        return [_("the trace is not an object with a traceEvents list")]
    problems = list(_non_finite(obj, ""))
    unit = obj.get("displayTimeUnit", "ms")
    if unit not in TIME_UNITS:
        problems.append(_("displayTimeUnit {unit} is neither ms nor ns").format(unit=repr(unit)))
    problems += [problem for index, event in enumerate(obj["traceEvents"]) for problem in _shape(index, event)]
    if problems:
        return problems  # the checks below read the keys and numbers just found wrong
    events = [_typed(event) for event in obj["traceEvents"]]
    balance, slices = _balance(events)
    return _order(events) + balance + _nesting(slices) + _async(events) + _named(events)


def _pair_problems(index: int, begin: _Event, end: _Event) -> list[str]:
    """What is wrong with an end event (E, or e of an async pair) closing `begin`."""
    problems = []
    if end.name is not None and end.name != begin.name:
        problems.append(
            _("event {index}: {end} for {name} closes {open}").format(
                index=index, end=end.ph, name=repr(end.name), open=repr(begin.name)
            )
        )
    if end.ts < begin.ts:
        problems.append(_("event {index}: {end} before its {begin}").format(index=index, end=end.ph, begin=begin.ph))
    return problems
