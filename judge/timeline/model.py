"""The timeline of one run: lanes (threads, processes, asyncio tasks), what each lane did
when (running, waiting, holding a lock) and the locks it used.

Times are milliseconds from the solution's start, rounded to 0.1 ms. Only waits and lock
holds are stored (and serialised): a lane runs whenever it is alive and not waiting, so the
running spans are derived, which keeps the JSON stored in report.json small.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from judge.core.i18n import _

# Lane kinds.
MAIN, THREAD, PROCESS, TASK = "main", "thread", "process", "task"
# Span kinds.
RUN, WAIT, HOLD = "run", "wait", "hold"
LOCK_WAIT = "lock"  # Span.what of a wait in acquire()
FORMAT_VERSION = 1
# Times are stored to RESOLUTION ms. A hold or wait shorter than that is an *instant*: it
# happened, at its start, but its length is below what the timeline resolves (an uncontended
# `with lock:` around one statement takes microseconds). One rule for every view: none draws
# an instant as a span of its own — the Trace Event file writes an "i" event with the duration
# in its args (a slice of no length is read in either order by the viewers and wrecks
# speedscope's threads), the SVG a one-pixel mark, the text the lock's letter in its cell.
RESOLUTION = 0.1
_EPSILON = 1e-6  # 0.1 ms read back as 0.09999999 is still 0.1 ms


def ms(value: float) -> float:
    """A time as stored: milliseconds rounded to RESOLUTION (0.1 ms)."""
    return round(value, 1)


@dataclass
class Span:
    kind: str  # RUN, WAIT or HOLD
    start: float  # ms
    end: float  # ms
    lock: int = 0  # the lock's number (waits in acquire and holds); 0: none
    what: str = ""  # WAIT: "lock", "join", "get", "put", "sleep", "event", "condition"
    line: int | None = None  # the line of the solution that waited / acquired
    open: bool = False  # never ended: still waiting / still held when the lane ended

    @property
    def duration(self) -> float:
        return max(0.0, self.end - self.start)

    @property
    def instant(self) -> bool:
        """A hold or wait shorter than RESOLUTION: drawn as a point, never as a span."""
        return self.kind != RUN and self.end - self.start < RESOLUTION - _EPSILON


@dataclass
class Lock:
    number: int  # 1, 2, ... in creation order: "lock 1"
    kind: str = ""  # "Lock", "RLock", "mp.Lock", "Semaphore"; "" if never seen created
    line: int | None = None  # the line that created it
    pid: int = 0  # the process that created it

    @property
    def name(self) -> str:
        """The canonical (untranslated) name, as in JSON and data attributes."""
        return f"lock {self.number}"

    @property
    def letter(self) -> str:
        """The lock's letter in the text timeline: A, B, ... Z, then '*'."""
        return chr(ord("A") + self.number - 1) if 1 <= self.number <= 26 else "*"

    def title(self) -> str:
        """The lock's name in the active language."""
        return _("lock {n}").format(n=self.number)


@dataclass
class Lane:
    name: str  # unique and untranslated: "main", "Thread-1", "task gather_one"
    kind: str  # MAIN, THREAD, PROCESS or TASK
    pid: int
    tid: int  # threading.get_ident() (for a task: the thread running its loop)
    start: float  # ms
    end: float  # ms
    ended: bool = False  # its own end event was seen (else killed, or cut by the run's end)
    line: int | None = None  # where it was started / created
    label: str = ""  # the raw name: thread name, process name, coroutine name
    task: int = 0  # a task's id()
    spans: list[Span] = field(default_factory=list)  # waits and holds, then derived runs

    def title(self) -> str:
        """The lane's name in the active language (tasks and the main thread get words)."""
        if self.kind == MAIN:
            return _("main")
        if self.kind == TASK:
            # The name is "task " + the coroutine's name (+ " #2" for the second of that name).
            return _("task {name}").format(name=self.name.removeprefix("task ") or "?")
        return self.name

    def of_kind(self, kind: str) -> list[Span]:
        return [s for s in self.spans if s.kind == kind]

    def waits(self) -> list[Span]:
        return self.of_kind(WAIT)

    def holds(self) -> list[Span]:
        return self.of_kind(HOLD)

    def runs(self) -> list[Span]:
        return self.of_kind(RUN)

    def derive_runs(self) -> None:
        """Replace the running spans by the lane's lifetime minus its waits."""
        kept = [s for s in self.spans if s.kind != RUN]
        self.spans = sorted(kept + running(self.start, self.end, [s for s in kept if s.kind == WAIT]), key=_span_order)


def _span_order(span: Span) -> tuple:
    """One order whatever the spans' origin (events or JSON): by start, runs first."""
    return (span.start, (RUN, WAIT, HOLD).index(span.kind), -span.end, span.lock, span.what)


def running(start: float, end: float, waits: Iterable[Span]) -> list[Span]:
    """[start, end] minus the union of the waits, as RUN spans."""
    result: list[Span] = []
    cursor = start
    for wait in sorted(waits, key=lambda s: s.start):
        if wait.start > cursor:
            result.append(Span(RUN, cursor, min(wait.start, end)))
        cursor = max(cursor, wait.end)
        if cursor >= end:
            break
    if cursor < end:
        result.append(Span(RUN, cursor, end))
    return [s for s in result if s.end > s.start]


@dataclass
class Timeline:
    lanes: list[Lane] = field(default_factory=list)
    locks: list[Lock] = field(default_factory=list)
    end: float = 0.0  # ms: the last event of the run
    truncated: bool = False  # a process hit the bootstrap's cap (trace_cut)
    cuts: dict[int, float] = field(default_factory=dict)  # pid -> ms where its tracing stopped
    spans_dropped: int = 0  # spans left out to keep the timeline small
    kept_until: float | None = None  # ms: spans starting later were left out
    lanes_dropped: int = 0  # lanes left out (the latest to start; see build.MAX_LANES)
    main_pid: int = 0

    def lock(self, number: int) -> Lock | None:
        return self.locks[number - 1] if 1 <= number <= len(self.locks) else None

    def lane(self, name: str) -> Lane | None:
        return next((lane for lane in self.lanes if lane.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """A compact dict (waits and holds as arrays; runs are derived again on load)."""
        return {
            "v": FORMAT_VERSION,
            "end": self.end,
            "main_pid": self.main_pid,
            "truncated": self.truncated,
            "cuts": [[pid, at] for pid, at in sorted(self.cuts.items())],
            "spans_dropped": self.spans_dropped,
            "kept_until": self.kept_until,
            "lanes_dropped": self.lanes_dropped,
            "locks": [[lk.number, lk.kind, lk.line, lk.pid] for lk in self.locks],
            "lanes": [_lane_json(lane) for lane in self.lanes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Timeline:
        tl = cls(
            end=float(data.get("end", 0.0)),
            main_pid=int(data.get("main_pid", 0)),
            truncated=bool(data.get("truncated")),
            cuts={int(pid): float(at) for pid, at in data.get("cuts", [])},
            spans_dropped=int(data.get("spans_dropped", 0)),
            kept_until=data.get("kept_until"),
            lanes_dropped=int(data.get("lanes_dropped", 0)),
        )
        tl.locks = [Lock(int(n), str(kind), line, int(pid)) for n, kind, line, pid in data.get("locks", [])]
        tl.lanes = [_lane_from_json(item) for item in data.get("lanes", [])]
        return tl


def _lane_json(lane: Lane) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": lane.name,
        "kind": lane.kind,
        "pid": lane.pid,
        "tid": lane.tid,
        "start": lane.start,
        "end": lane.end,
    }
    label = lane.label if lane.label != lane.name else ""  # most lanes are named by their label
    optional = {"ended": lane.ended, "line": lane.line, "label": label, "task": lane.task}
    item.update({key: value for key, value in optional.items() if value})
    # [start, end, what, lock, line, open] and [start, end, lock, line, open]
    item["waits"] = [[s.start, s.end, s.what, s.lock, s.line, int(s.open)] for s in lane.waits()]
    item["holds"] = [[s.start, s.end, s.lock, s.line, int(s.open)] for s in lane.holds()]
    return item


def _lane_from_json(item: dict[str, Any]) -> Lane:
    lane = Lane(
        name=str(item["name"]),
        kind=str(item["kind"]),
        pid=int(item["pid"]),
        tid=int(item["tid"]),
        start=float(item["start"]),
        end=float(item["end"]),
        ended=bool(item.get("ended")),
        line=item.get("line"),
        label=str(item.get("label") or item["name"]),
        task=int(item.get("task", 0)),
    )
    for start, end, what, lock, line, is_open in item.get("waits", []):
        lane.spans.append(Span(WAIT, start, end, lock=lock, what=what, line=line, open=bool(is_open)))
    for start, end, lock, line, is_open in item.get("holds", []):
        lane.spans.append(Span(HOLD, start, end, lock=lock, line=line, open=bool(is_open)))
    lane.derive_runs()
    return lane
