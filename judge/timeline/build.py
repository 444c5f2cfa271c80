"""From the bootstrap's event channel to a Timeline (the event format: docs in
judge/sandbox/bootstrap.py, the "TRACE events").

The channel carries JSON lines from every process of the run (a faulthandler stack dump
may share it: such lines are skipped, as are malformed ones). Events are ordered by their
"t" (time.monotonic() in the sandbox, one clock for every process).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from judge.timeline.model import (
    HOLD,
    LOCK_WAIT,
    MAIN,
    PROCESS,
    RESOLUTION,
    TASK,
    THREAD,
    WAIT,
    Lane,
    Lock,
    Span,
    Timeline,
    ms,
)

MAX_SPANS = 2000  # waits and holds kept in a Timeline (the earliest; report.json stays small)
MAX_LANES = 300  # lanes kept (the main ones, the stuck ones, then the earliest to start)
# Times are stored to RESOLUTION ms (model.py). The rule for short waits is the same on every machine:
# - a blocking call of the solution's own code (join, get, sleep, an await, ...) is a wait
#   however short, drawn at least RESOLUTION long: that it waited is a fact of the program,
#   its length a fact of the machine (an `await gather` of finished tasks takes ~50 us);
# - an acquire() that waited less than RESOLUTION is not a wait: an uncontended acquire takes
#   microseconds, and only a contended one is worth a span.
# And a lane lives at least RESOLUTION: that it was started is a fact of the program (a pool
# worker killed before its first line), and a lane of no length would show in no view.
Event = dict[str, object]  # one event as json.loads read it (its "e" a string: parse() keeps no other)


def parse(raw: bytes) -> list[Event]:
    """The channel's events that carry a name, in the order they were written."""
    lines = [line for line in (part.strip() for part in raw.splitlines()) if line.startswith(b"{")]
    try:  # all at once: a fifth of the time of a json.loads per line (a run may write 100 000)
        decoded = json.loads(b"[" + b",".join(lines) + b"]")
    except ValueError:
        decoded = [_one(line) for line in lines]  # a malformed line among them (a cut write)
    return [event for event in decoded if isinstance(event, dict) and isinstance(event.get("e"), str)]


def _one(line: bytes) -> object:
    try:
        return json.loads(line)
    except ValueError:
        return None


def _number(value: object) -> float | None:
    # json.loads reads NaN and Infinity: such a time would end up in every view and in the
    # Trace Event file, which may hold finite numbers only.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _int(value: object, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _line(event: Event) -> int | None:
    line = event.get("line")
    return line if isinstance(line, int) and not isinstance(line, bool) else None


def timed(events: list[Event]) -> Iterator[tuple[float, Event]]:
    """(t, event) sorted by t; an event without its own t (trace_cut may lack one) takes the
    time of the event written before it. Events before any time are dropped."""
    last: float | None = None
    stamped: list[tuple[float, int, Event]] = []
    for index, event in enumerate(events):
        t = _number(event.get("t"))
        if t is None:
            if last is None or event.get("e") != "trace_cut":
                continue
            t = last
        last = t if last is None else max(last, t)
        stamped.append((t, index, event))
    stamped.sort(key=lambda item: (item[0], item[1]))
    return ((t, event) for t, _index, event in stamped)


@dataclass
class _LaneState:
    lane: Lane
    wait: Span | None = None  # an open wait of the solution's own code (join, get, ...)
    lock_wait: Span | None = None  # an open wait in acquire()
    closed: bool = False


@dataclass
class _Hold:
    state: _LaneState
    span: Span
    count: int = 1  # an RLock acquired again by its owner


class _Builder:
    """Replays the events, keeping what each lane is doing now."""

    def __init__(self, base: float | None) -> None:
        self.base = base
        self.tl = Timeline()
        self.states: list[_LaneState] = []
        self.live: dict[tuple[int, int], _LaneState] = {}  # (pid, tid) -> its lane now
        self.tasks: dict[tuple[int, int], _LaneState] = {}  # (pid, id(task)) -> its lane
        self.locks: dict[tuple[int, int], Lock] = {}  # (pid, lock id) -> lock
        self.by_id: dict[int, Lock] = {}  # a multiprocessing lock in any process
        self.holders: dict[int, list[_Hold]] = {}  # lock number -> who holds it now
        self.names: set[str] = set()
        self.pids: list[int] = []  # in order of appearance
        self.spawned: dict[int, tuple[float, str]] = {}  # child pid -> (start(), name) before its pstart
        self.threads_due: dict[tuple[int, str], list[float]] = {}  # (pid, name) -> start() times, no tstart yet
        self.last = 0.0

    # --- lanes -----------------------------------------------------------------------------

    def unique(self, name: str, pid: int) -> str:
        """Lane names are unique: a child process's "Thread-1" gets its pid, a repeated
        thread name a number."""
        candidates = [name]
        if pid != self.tl.main_pid:
            candidates.append(f"{name} (pid {pid})")
        for candidate in candidates:
            if candidate not in self.names:
                self.names.add(candidate)
                return candidate
        number = 2
        while f"{name} #{number}" in self.names:
            number += 1
        self.names.add(f"{name} #{number}")
        return f"{name} #{number}"

    def new_lane(
        self,
        kind: str,
        name: str,
        pid: int,
        tid: int,
        t: float,
        *,
        label: str | None = None,
        line: int | None = None,
        task: int = 0,
    ) -> _LaneState:
        """A lane from `t` on; its label is its name unless said (a thread's or process's own name)."""
        if pid not in self.pids:
            self.pids.append(pid)
        lane = Lane(
            name=self.unique(name, pid),
            kind=kind,
            pid=pid,
            tid=tid,
            start=t,
            end=t,
            line=line,
            label=name if label is None else label,
            task=task,
        )
        state = _LaneState(lane)
        self.states.append(state)
        if kind != TASK:
            old = self.live.get((pid, tid))
            if old is not None and not old.closed:
                self.close(old, t, ended=False)  # a thread ident reused: the old one is gone
            self.live[(pid, tid)] = state
        return state

    def lane_for(self, event: Event, t: float) -> _LaneState | None:
        """The lane that emitted `event`; a lane never announced is made on the spot."""
        pid, tid = _int(event.get("pid")), _int(event.get("tid"))
        state = self.live.get((pid, tid))
        if state is not None:
            return None if state.closed else state
        main = self.live.get((self.tl.main_pid, 0))
        if main is not None and pid == self.tl.main_pid and not main.closed:
            # A "start" without a tid (an older bootstrap): the first other thread seen in
            # the main process before any tstart is the main thread itself.
            del self.live[(pid, 0)]
            main.lane.tid = tid
            self.live[(pid, tid)] = main
            return main
        if pid not in self.pids:
            spawned = self.spawned.pop(pid, None)
            if spawned is None:
                return self.new_lane(PROCESS, f"pid {pid}", pid, tid, t)
            label = spawned[1]
            return self.new_lane(PROCESS, f"{label} (pid {pid})", pid, tid, t, label=label)
        return self.new_lane(THREAD, f"tid {tid}", pid, tid, t)

    def close(self, state: _LaneState, t: float, ended: bool) -> None:
        """The lane ends at `t`: by itself (`ended`), or killed with its process / the run."""
        if state.closed:
            return
        state.closed = True
        state.lane.end = max(t, state.lane.start)
        state.lane.ended = ended
        # A lane that ended by itself was not waiting; one killed while waiting still was.
        for span in (state.lock_wait, state.wait):
            if span is not None:
                self.end_span(span, t, still_open=not ended)
        state.wait = state.lock_wait = None

    def end_span(self, span: Span, t: float, still_open: bool = False) -> None:
        span.end = max(t, span.start)
        span.open = still_open

    # --- locks -----------------------------------------------------------------------------

    def lock_for(self, event: Event) -> Lock:
        pid, ident = _int(event.get("pid")), _int(event.get("lock"))
        lock = self.locks.get((pid, ident)) or self.by_id.get(ident)
        if lock is None:  # created before tracing began, or its lock_new was cut
            lock = self.register(pid, ident, "", None)
        return lock

    def register(self, pid: int, ident: int, kind: str, line: int | None) -> Lock:
        # A new lock may reuse a freed lock's id(): the newer one wins.
        lock = Lock(number=len(self.tl.locks) + 1, kind=kind, line=line, pid=pid)
        self.tl.locks.append(lock)
        self.locks[(pid, ident)] = lock
        self.by_id[ident] = lock
        return lock

    def end_lock_wait(self, state: _LaneState, t: float) -> Span | None:
        """A thread blocked in acquire() emits nothing else: any later event of its lane
        means the acquire returned (with False, when it had a timeout)."""
        span, state.lock_wait = state.lock_wait, None
        if span is not None:
            self.end_span(span, t)
        return span

    def acquire(self, state: _LaneState, lock: Lock, t: float, line: int | None) -> None:
        holds = self.holders.setdefault(lock.number, [])
        mine = next((h for h in holds if h.state is state), None)
        if mine is not None:
            mine.count += 1
            return
        span = Span(HOLD, t, t, lock=lock.number, line=line, open=True)
        state.lane.spans.append(span)
        holds.append(_Hold(state, span))

    def release(self, state: _LaneState | None, lock: Lock, t: float) -> None:
        holds = self.holders.get(lock.number, [])
        # Usually the releasing lane holds it; a Lock or Semaphore may be released by another.
        hold = next((h for h in holds if h.state is state), holds[0] if holds else None)
        if hold is None:
            return
        hold.count -= 1
        if hold.count <= 0:
            holds.remove(hold)
            self.end_span(hold.span, t)


Handler = Callable[[_Builder, Event, float], None]
HANDLERS: dict[str, Handler] = {}


def handles(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[name] = fn
        return fn

    return register


@handles("start")
def _start(b: _Builder, event: Event, t: float) -> None:
    pid = _int(event.get("pid"))
    b.tl.main_pid = pid
    b.new_lane(MAIN, "main", pid, _int(event.get("tid")), t)


@handles("pstart")
def _pstart(b: _Builder, event: Event, t: float) -> None:
    pid, label = _int(event.get("pid")), str(event.get("name") or "process")
    b.spawned.pop(pid, None)
    b.new_lane(PROCESS, f"{label} (pid {pid})", pid, _int(event.get("tid")), t, label=label)


@handles("pspawn")
def _pspawn(b: _Builder, event: Event, t: float) -> None:
    child = _int(event.get("child"))
    if child and child not in b.pids:
        b.spawned[child] = (t, str(event.get("name") or "process"))


@handles("tspawn")
def _tspawn(b: _Builder, event: Event, t: float) -> None:
    b.threads_due.setdefault((_int(event.get("pid")), str(event.get("name") or "")), []).append(t)


@handles("tstart")
def _tstart(b: _Builder, event: Event, t: float) -> None:
    pid, tid = _int(event.get("pid")), _int(event.get("tid"))
    label = str(event.get("name") or f"tid {tid}")
    due = b.threads_due.get((pid, str(event.get("name") or "")))
    if due:
        due.pop(0)
    b.new_lane(THREAD, label, pid, tid, t, label=label, line=_line(event))


@handles("tend")
def _tend(b: _Builder, event: Event, t: float) -> None:
    state = b.lane_for(event, t)
    if state is not None:
        b.close(state, t, ended=True)


@handles("pend")
def _pend(b: _Builder, event: Event, t: float) -> None:
    pid = _int(event.get("pid"))
    for state in b.states:
        if state.lane.pid == pid and not state.closed:
            # The process itself ended; its other threads and tasks die with it.
            b.close(state, t, ended=state.lane.kind in (MAIN, PROCESS))


# Tasks asyncio.run() makes for itself as it closes the loop: not the solution's.
ASYNCIO_OWN_TASKS = frozenset({"shutdown_asyncgens", "shutdown_default_executor"})


@handles("task")
def _task(b: _Builder, event: Event, t: float) -> None:
    ident = event.get("task")
    if not isinstance(ident, int) or event.get("name") in ASYNCIO_OWN_TASKS:
        return  # the counting form of the event (tracing off), or asyncio's own task
    pid, label = _int(event.get("pid")), str(event.get("name") or "?")
    b.tasks[(pid, ident)] = b.new_lane(
        TASK, f"task {label}", pid, _int(event.get("tid")), t, label=label, task=ident, line=_line(event)
    )


@handles("task_end")
def _task_end(b: _Builder, event: Event, t: float) -> None:
    state = b.tasks.get((_int(event.get("pid")), _int(event.get("task"))))
    if state is not None:
        b.close(state, t, ended=True)


@handles("lock_new")
def _lock_new(b: _Builder, event: Event, t: float) -> None:
    b.register(_int(event.get("pid")), _int(event.get("lock")), str(event.get("kind") or ""), _line(event))


@handles("lock_req")
def _lock_req(b: _Builder, event: Event, t: float) -> None:
    state = b.lane_for(event, t)
    if state is None:
        return
    b.end_lock_wait(state, t)
    span = Span(WAIT, t, t, lock=b.lock_for(event).number, what=LOCK_WAIT, line=_line(event), open=True)
    state.lane.spans.append(span)
    state.lock_wait = span


@handles("lock_got")
def _lock_got(b: _Builder, event: Event, t: float) -> None:
    state = b.lane_for(event, t)
    if state is None:
        return
    lock = b.lock_for(event)
    waited = b.end_lock_wait(state, t)
    # The line is the request's (an uncontended acquire has none, unless lock_got carries it).
    line = waited.line if waited is not None and waited.lock == lock.number else _line(event)
    b.acquire(state, lock, t, line)


@handles("lock_rel")
def _lock_rel(b: _Builder, event: Event, t: float) -> None:
    state = b.lane_for(event, t)
    if state is not None:
        b.end_lock_wait(state, t)
    b.release(state, b.lock_for(event), t)


def _waiter(b: _Builder, event: Event, t: float) -> _LaneState | None:
    """The lane of a wait: an asyncio task's (its await), else the thread's."""
    if "task" in event:
        state = b.tasks.get((_int(event.get("pid")), _int(event.get("task"))))
        return None if state is None or state.closed else state
    return b.lane_for(event, t)


@handles("wait")
def _wait(b: _Builder, event: Event, t: float) -> None:
    state = _waiter(b, event, t)
    if state is None:
        return
    b.end_lock_wait(state, t)
    if state.wait is not None:  # waits do not nest: the previous one's wait_end was lost
        b.end_span(state.wait, t)
    state.wait = Span(WAIT, t, t, what=str(event.get("what") or "?"), line=_line(event), open=True)
    state.lane.spans.append(state.wait)


@handles("wait_end")
def _wait_end(b: _Builder, event: Event, t: float) -> None:
    state = _waiter(b, event, t)
    if state is None:
        return
    # A wait in acquire() inside it (Condition.wait takes its lock back) ends with it.
    b.end_lock_wait(state, t)
    if state.wait is not None:
        b.end_span(state.wait, t)
        state.wait = None


@handles("trace_cut")
def _trace_cut(b: _Builder, event: Event, t: float) -> None:
    b.tl.truncated = True
    b.tl.cuts.setdefault(_int(event.get("pid")), t)


def _base_time(events: list[Event]) -> float | None:
    """The solution's start: the "start" event's t, else the first time seen."""
    times = []
    for event in events:
        t = _number(event.get("t"))
        if t is not None:
            if event.get("e") == "start":
                return t
            times.append(t)
    return min(times) if times else None


def build(raw: bytes, run_start: float | None = None, *, run_end: float | None = None) -> Timeline:
    """The timeline of one run from its event channel's bytes. Times are ms from `run_start`
    (a time.monotonic() of the sandbox's clock) when given, else from the "start" event.
    `run_end` (same clock): when the run ended or was killed, if later than its last event —
    lanes with no end event last until then (a deadlock waits until the time limit)."""
    events = parse(raw)
    base = run_start if run_start is not None else _base_time(events)
    builder = _Builder(base)
    if base is None:
        return builder.tl
    for t, event in timed(events):
        name, pid = str(event["e"]), _int(event.get("pid"))  # a string already: parse() keeps no other
        handler = HANDLERS.get(name)
        if handler is None or (pid in builder.tl.cuts and name != "trace_cut"):
            continue  # a counting event, or a process no longer traced
        at = (t - base) * 1000.0
        builder.last = max(builder.last, at)
        handler(builder, event, at)
    if run_end is not None and builder.states:
        builder.last = max(builder.last, (run_end - base) * 1000.0)
    _finish(builder)
    return builder.tl


def _finish(b: _Builder) -> None:
    end = b.last
    for pid, (t, label) in b.spawned.items():
        # Started, but never ran a traced line (killed at once, or died in its own start-up:
        # a spawned child without the __main__ guard): a lane from start() that ends there.
        b.close(b.new_lane(PROCESS, f"{label} (pid {pid})", pid, 0, t, label=label), t, ended=False)
    for (pid, name), starts in b.threads_due.items():
        # start() was called, the thread never ran its first line (a daemon thread when the
        # program ended at once): a lane from start() that ends there.
        for t in starts:
            label = name or "thread"
            b.close(b.new_lane(THREAD, label, pid, 0, t, label=label), t, ended=False)
    for state in b.states:
        cut = b.tl.cuts.get(state.lane.pid)
        if cut is not None and not state.closed:
            _forget_after_cut(b, state, cut)
        b.close(state, end, ended=False)  # still running when the run ended (or was killed)
    for state in b.states:
        lane = state.lane
        for span in lane.holds():
            span.end = lane.end if span.open else min(span.end, lane.end)
    _round(b.tl, b.states)
    b.tl.lanes = _ordered(_fewer_lanes(b.tl, [state.lane for state in b.states]), b.pids)
    _cap(b.tl)
    for lane in b.tl.lanes:
        lane.derive_runs()


def _forget_after_cut(b: _Builder, state: _LaneState, cut: float) -> None:
    """Nothing was traced in the lane's process after `cut`: its waits and holds then are
    unknown, so they end there and none of them counts as still open (no false deadlock)."""
    for span in (state.lock_wait, state.wait):
        if span is not None:
            b.end_span(span, cut)
    state.wait = state.lock_wait = None
    for holds in b.holders.values():
        for hold in [h for h in holds if h.state is state]:
            holds.remove(hold)
            b.end_span(hold.span, cut)


def _round(tl: Timeline, states: list[_LaneState]) -> None:
    tl.end = ms(max([tl.end] + [s.lane.end for s in states]))
    tl.cuts = {pid: ms(at) for pid, at in tl.cuts.items()}
    for state in states:
        lane = state.lane
        lane.spans = [s for s in lane.spans if not _uncontended(s)]
        for span in lane.spans:
            span.start, span.end = ms(span.start), ms(max(span.end, span.start))
        waits = sorted((s for s in lane.spans if s.kind == WAIT), key=lambda s: s.start)
        for i, span in enumerate(waits):
            # At least RESOLUTION long, but never into the lane's next wait (waits do not nest).
            longest = waits[i + 1].start if i + 1 < len(waits) else span.start + RESOLUTION
            span.end = max(span.end, ms(min(span.start + RESOLUTION, longest)))
        lane.start = ms(lane.start)
        lane.end = max(
            [ms(lane.end), ms(lane.start + RESOLUTION)] + [span.end for span in lane.spans if span.kind == WAIT]
        )
    tl.end = max([tl.end] + [state.lane.end for state in states])


def _uncontended(span: Span) -> bool:
    """A closed acquire() wait shorter than the resolution (the rule above RESOLUTION)."""
    # 1e-6: the times were seconds once; 0.1 ms read back as 0.09999999 is still 0.1 ms.
    return span.kind == WAIT and span.what == LOCK_WAIT and not span.open and span.end - span.start < RESOLUTION - 1e-6


def _cap(tl: Timeline) -> None:
    """Keep the earliest MAX_SPANS waits and holds (and every open one: a deadlock is at the
    end of the run)."""
    closed = [span for lane in tl.lanes for span in lane.spans if not span.open]
    budget = max(0, MAX_SPANS - sum(1 for lane in tl.lanes for span in lane.spans if span.open))
    if len(closed) <= budget:
        return
    closed.sort(key=lambda span: span.start)
    dropped = closed[budget:]
    tl.spans_dropped = len(dropped)
    tl.kept_until = dropped[0].start
    gone = {id(span) for span in dropped}
    for lane in tl.lanes:
        lane.spans = [s for s in lane.spans if id(s) not in gone]


def _fewer_lanes(tl: Timeline, lanes: list[Lane]) -> list[Lane]:
    """At most MAX_LANES lanes (a thousand short threads would swell report.json): the main
    thread and the processes, every lane still waiting or holding at the end (a deadlock),
    then the earliest to start."""
    if len(lanes) <= MAX_LANES:
        return lanes

    def must(lane: Lane) -> bool:
        return lane.kind in (MAIN, PROCESS) or any(span.open for span in lane.spans)

    kept = [lane for lane in lanes if must(lane)]
    rest = sorted((lane for lane in lanes if not must(lane)), key=lambda lane: lane.start)
    kept += rest[: max(0, MAX_LANES - len(kept))]
    tl.lanes_dropped = len(lanes) - len(kept)
    return kept


def _ordered(lanes: list[Lane], pids: list[int]) -> list[Lane]:
    """Process by process (in order of appearance); in each, its main thread, then its
    threads by start, each followed by the asyncio tasks its event loop ran."""
    result: list[Lane] = []
    for pid in pids:
        mine = [lane for lane in lanes if lane.pid == pid]
        heads = sorted(
            (lane for lane in mine if lane.kind != TASK),
            key=lambda lane: (lane.kind not in (MAIN, PROCESS), lane.start),
        )
        tasks = sorted((lane for lane in mine if lane.kind == TASK), key=lambda lane: lane.start)
        for head in heads:
            result.append(head)
            for task in [t for t in tasks if t.tid == head.tid and head.start <= t.start <= head.end]:
                result.append(task)
                tasks.remove(task)
        result.extend(tasks)
    return result
