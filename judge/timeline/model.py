"""The timeline of one run: lanes (threads, processes, asyncio tasks), what each lane did
when (running, waiting, holding a lock) and the locks it used.

Times are milliseconds from the solution's start, rounded to 0.1 ms. Only waits and lock
holds are stored (and serialised): a lane runs whenever it is alive and not waiting, so the
running spans are derived, which keeps the JSON stored in report.json small.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from judge.core.i18n import _
from judge.core.schema import as_float

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

    def to_json(self) -> dict[str, object]:
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
    def from_json(cls, data: Mapping[str, object]) -> Timeline:
        tl = cls(
            end=as_float(data.get("end", 0.0)),
            main_pid=_int(data.get("main_pid", 0)),
            truncated=bool(data.get("truncated")),
            cuts={_int(pid): as_float(at) for pid, at in _rows(data.get("cuts", []))},
            spans_dropped=_int(data.get("spans_dropped", 0)),
            kept_until=_optional(data.get("kept_until"), _number),
            lanes_dropped=_int(data.get("lanes_dropped", 0)),
        )
        tl.locks = [
            Lock(_int(n), str(kind), _optional(line, _integer), _int(pid))
            for n, kind, line, pid in _rows(data.get("locks", []))
        ]
        tl.lanes = [_lane_from_json(_object(item)) for item in _array(data.get("lanes", []))]
        return tl


def _lane_json(lane: Lane) -> dict[str, object]:
    item: dict[str, object] = {
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


def _lane_from_json(item: Mapping[str, object]) -> Lane:
    lane = Lane(
        name=str(item["name"]),
        kind=str(item["kind"]),
        pid=_int(item["pid"]),
        tid=_int(item["tid"]),
        start=as_float(item["start"]),
        end=as_float(item["end"]),
        ended=bool(item.get("ended")),
        line=_optional(item.get("line"), _integer),
        label=str(item.get("label") or item["name"]),
        task=_int(item.get("task", 0)),
    )
    for start, end, what, lock, line, is_open in _rows(item.get("waits", [])):
        lane.spans.append(
            Span(
                WAIT,
                _number(start),
                _number(end),
                lock=_integer(lock),
                what=_string(what),
                line=_optional(line, _integer),
                open=bool(is_open),
            )
        )
    for start, end, lock, line, is_open in _rows(item.get("holds", [])):
        lane.spans.append(
            Span(
                HOLD,
                _number(start),
                _number(end),
                lock=_integer(lock),
                line=_optional(line, _integer),
                open=bool(is_open),
            )
        )
    lane.derive_runs()
    return lane


# Reading the JSON back. What to_json wrote is read as it was: the converting readers (as_float,
# _int) do what float() and int() did with it, the others check a value's type and keep the
# value. Anything else (a document of another shape) is a TypeError, as float() and int() give.
T = TypeVar("T")


def _scalar(value: object) -> int | float | str:
    """A value float() and int() read: a number, or a string of one."""
    if isinstance(value, (int, float, str)):
        return value
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _int(value: object) -> int:
    return int(_scalar(value))


def _number(value: object) -> float:
    if isinstance(value, (int, float)):
        return value
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _integer(value: object) -> int:
    if isinstance(value, int):
        return value
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def _string(value: object) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _optional(value: object, read: Callable[[object], T]) -> T | None:
    return None if value is None else read(value)


def _array(value: object) -> list[object]:
    if isinstance(value, list):
        return value
    raise TypeError(f"expected an array, got {type(value).__name__}")


def _object(value: object) -> Mapping[str, object]:
    if isinstance(value, dict):
        return value
    raise TypeError(f"expected an object, got {type(value).__name__}")


def _rows(value: object) -> list[list[object]]:
    """An array of arrays (cuts, locks, waits, holds), each row for the caller to unpack."""
    return [_array(row) for row in _array(value)]
