"""The timeline of a run (judge/timeline/, issue 13) from synthetic event streams in the
bootstrap's format: lanes, waits and holds, the Trace Event JSON and its validator, the
deadlock cycle, sequential threads, the text and SVG views, JSON round trip, Russian."""

from __future__ import annotations

import json
import re
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from judge import timeline as trace
from judge.core.i18n import using
from judge.timeline import Timeline
from tests.test_trace_events import TWO_LOCK_DEADLOCK

# Pure Python but the real runs at the end (Linux only, like the sandbox they use).
pytestmark = pytest.mark.portable

SVG = "{http://www.w3.org/2000/svg}"
MAIN_PID, MAIN_TID = 4242, 140000000000001


class Stream:
    """Event lines as the bootstrap writes them; times in ms after the solution's start."""

    def __init__(self, t0: float = 1000.0) -> None:
        self.t0 = t0
        self.lines: list[str] = []

    def ev(self, e: str, at: float, pid: int = MAIN_PID, tid: int = MAIN_TID, **fields: object) -> Stream:
        self.lines.append(json.dumps({"e": e, "pid": pid, "tid": tid, "t": self.t0 + at / 1000, **fields}))
        return self

    def raw(self) -> bytes:
        return "\n".join(self.lines).encode()

    def timeline(self) -> Timeline:
        return trace.build(self.raw())


def spans(lane: trace.Lane, kind: str) -> list[tuple]:
    return [(s.start, s.end, s.lock, s.what) for s in lane.spans if s.kind == kind]


def three_threads_with_a_lock() -> Stream:
    """Three threads take one lock in turn; the main thread joins them."""
    s = Stream().ev("start", 0).ev("lock_new", 0.2, lock=901, kind="Lock", line=4)
    for n, tid in ((1, 11), (2, 12), (3, 13)):
        s.ev("tstart", n * 0.5, tid=tid, name=f"Thread-{n}", line=9)
    s.ev("wait", 1.6, what="join", line=12)
    s.ev("lock_req", 1.0, tid=11, lock=901, line=6).ev("lock_got", 1.0, tid=11, lock=901)
    s.ev("lock_req", 1.5, tid=12, lock=901, line=6).ev("lock_req", 2.0, tid=13, lock=901, line=6)
    s.ev("lock_rel", 3.0, tid=11, lock=901).ev("lock_got", 3.0, tid=12, lock=901).ev("tend", 3.2, tid=11)
    s.ev("lock_rel", 5.0, tid=12, lock=901).ev("lock_got", 5.0, tid=13, lock=901).ev("tend", 5.1, tid=12)
    s.ev("lock_rel", 7.0, tid=13, lock=901).ev("tend", 7.2, tid=13)
    return s.ev("wait_end", 7.5).ev("pend", 8.0)


def two_lock_deadlock() -> Stream:
    """Thread-1 takes lock 1 then lock 2, Thread-2 lock 2 then lock 1: both wait forever."""
    s = Stream().ev("start", 0)
    s.ev("lock_new", 0.1, lock=501, kind="Lock", line=3).ev("lock_new", 0.2, lock=502, kind="Lock", line=4)
    s.ev("tstart", 1, tid=21, name="Thread-1", line=15).ev("tstart", 1.2, tid=22, name="Thread-2", line=15)
    s.ev("lock_req", 2, tid=21, lock=501, line=7).ev("lock_got", 2, tid=21, lock=501)
    s.ev("lock_req", 2.1, tid=22, lock=502, line=11).ev("lock_got", 2.1, tid=22, lock=502)
    s.ev("lock_req", 4, tid=21, lock=502, line=8).ev("lock_req", 4.2, tid=22, lock=501, line=12)
    s.ev("wait", 5, what="join", line=17)
    # The run is killed at its time limit: nothing ends; the last event is a late one.
    return s.ev("lock_new", 2000, lock=503, kind="Lock", line=20)


# --- lanes, waits, holds -------------------------------------------------------------------


def test_three_threads_with_a_lock_lanes_waits_and_holds():
    tl = three_threads_with_a_lock().timeline()
    assert [lane.name for lane in tl.lanes] == ["main", "Thread-1", "Thread-2", "Thread-3"]
    assert [lock.name for lock in tl.locks] == ["lock 1"] and tl.locks[0].kind == "Lock"
    assert tl.locks[0].line == 4
    main, t1, t2, t3 = tl.lanes
    assert (main.start, main.end, main.ended) == (0.0, 8.0, True)
    assert (t1.start, t1.end, t1.ended, t1.line) == (0.5, 3.2, True, 9)
    assert spans(main, "wait") == [(1.6, 7.5, 0, "join")]
    # An uncontended acquire is no wait; a contended one waits until lock_got.
    assert spans(t1, "wait") == []
    assert spans(t2, "wait") == [(1.5, 3.0, 1, "lock")]
    assert spans(t3, "wait") == [(2.0, 5.0, 1, "lock")]
    assert spans(t1, "hold") == [(1.0, 3.0, 1, "")]
    assert spans(t2, "hold") == [(3.0, 5.0, 1, "")] and spans(t3, "hold") == [(5.0, 7.0, 1, "")]
    assert t2.holds()[0].line == 6 and not t2.holds()[0].open
    # Running: alive and not waiting.
    assert spans(t2, "run") == [(1.0, 1.5, 0, ""), (3.0, 5.1, 0, "")]
    assert spans(main, "run") == [(0.0, 1.6, 0, ""), (7.5, 8.0, 0, "")]
    assert trace.deadlock_cycle(tl) == [] and not tl.truncated


def test_three_threads_trace_events_validate_and_balance():
    tl = three_threads_with_a_lock().timeline()
    obj = trace.trace_events(tl)
    assert trace.validate_trace(obj) == []
    assert obj["displayTimeUnit"] == "ms" and obj["otherData"]["deadlock"] == []
    events = obj["traceEvents"]
    json.dumps(obj)  # serialisable as it is
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e["name"] == "thread_name"}
    assert names == {
        (MAIN_PID, MAIN_TID): "main",
        (MAIN_PID, 11): "Thread-1",
        (MAIN_PID, 12): "Thread-2",
        (MAIN_PID, 13): "Thread-3",
    }
    assert any(e["name"] == "process_name" and e["pid"] == MAIN_PID for e in events)
    timed = [e for e in events if e["ph"] != "M"]
    assert [e["ts"] for e in timed] == sorted(e["ts"] for e in timed)
    for tid in (11, 12, 13):
        mine = [e for e in timed if e["tid"] == tid]
        assert [e["ph"] for e in mine if e["ph"] in "BE"] == ["B", "E"]
    waits = [e for e in timed if e["ph"] == "X" and e["cat"] == "wait"]
    assert {(e["tid"], e["ts"], e["dur"]) for e in waits} >= {(12, 1500, 1500), (13, 2000, 3000)}
    t2_wait = next(e for e in waits if e["tid"] == 12)
    assert t2_wait["args"] == {"line": 6, "lock": "lock 1", "kind": "Lock"}
    instants = {(e["tid"], e["name"], e["ts"]) for e in timed if e["ph"] == "i"}
    assert {(12, "lock_req", 1500), (12, "lock_got", 3000)} <= instants
    assert all(e["dur"] >= 0 for e in timed if e["ph"] == "X")


def test_running_and_waiting_slices_nest_inside_the_holds():
    """A hold that starts while running and lasts into a wait: the slices are cut at the
    hold's edges, so a viewer nests them."""
    s = Stream().ev("start", 0).ev("lock_new", 0, lock=1, kind="Lock", line=2)
    s.ev("lock_req", 1, lock=1, line=3).ev("lock_got", 1, lock=1).ev("wait", 2, what="sleep", line=4)
    s.ev("lock_rel", 3, lock=1).ev("wait_end", 4).ev("pend", 5)
    obj = trace.trace_events(s.timeline())
    assert trace.validate_trace(obj) == []
    leaves = [(e["ts"], e["dur"], e["cat"]) for e in obj["traceEvents"] if e["ph"] == "X"]
    assert leaves == [
        (0, 1000, "run"),
        (1000, 1000, "run"),
        (2000, 1000, "wait"),
        (3000, 1000, "wait"),
        (4000, 1000, "run"),
    ]
    holds = [(e["ph"], e["ts"]) for e in obj["traceEvents"] if e["ph"] in "BE"]
    assert holds == [("B", 1000), ("E", 3000)]


def test_holds_that_overlap_without_nesting_become_async_pairs_and_short_ones_instants():
    """Locks released in the order taken (1, 2, release 1, release 2): the second hold
    cannot nest in the first on the thread, so it is an async b/e pair with an id of its own;
    a hold shorter than the resolution is an instant with its duration (issue 25)."""
    s = Stream().ev("start", 0)
    for ident in (1, 2, 3):
        s.ev("lock_new", 0, lock=ident, kind="Lock", line=ident)
    s.ev("lock_got", 1, lock=1).ev("lock_got", 2, lock=2).ev("lock_rel", 3, lock=1).ev("lock_rel", 4, lock=2)
    s.ev("lock_got", 5, lock=3).ev("lock_rel", 5.04, lock=3)  # 40 us: under the resolution
    s.ev("pend", 6)
    obj = trace.trace_events(s.timeline())
    assert trace.validate_trace(obj) == []
    locks = [
        (e["ph"], e["name"], e["ts"]) + ((e["id"],) if e["ph"] in "be" else ())
        for e in obj["traceEvents"]
        if e.get("cat") == "lock" and e["name"] not in ("lock_got", "lock_req")
    ]
    assert locks == [
        ("B", "lock 1", 1000),
        ("b", "lock 2", 2000, 1),
        ("E", "lock 1", 3000),
        ("e", "lock 2", 4000, 1),
        ("i", "lock 3", 5000),
    ]
    [short] = [e for e in obj["traceEvents"] if e["ph"] == "i" and e["name"] == "lock 3"]
    assert short["s"] == "t" and short["args"] == {
        "lock": "lock 3",
        "kind": "Lock",
        "hold": 1,
        "duration_ms": 0.0,
        "resolution_ms": trace.RESOLUTION,
    }
    # The B's args again on its E, with the hold's number: speedscope matches an E to its B by
    # name and args, and a lock taken again at the same ts must not look like the same slice.
    b, e = (x for x in obj["traceEvents"] if x["ph"] in "BE")
    assert b["args"] == e["args"] == {"lock": "lock 1", "kind": "Lock", "hold": 1}
    # Every slice of the thread lies within the hold it meets or apart from it.
    assert [(x["ts"], x["dur"]) for x in obj["traceEvents"] if x["ph"] == "X"] == [
        (0, 1000),
        (1000, 2000),
        (3000, 3000),
    ]


def test_rlock_taken_twice_by_its_owner_is_one_hold():
    s = Stream().ev("start", 0).ev("lock_new", 0, lock=7, kind="RLock", line=2)
    s.ev("lock_req", 1, lock=7).ev("lock_got", 1, lock=7).ev("lock_req", 2, lock=7).ev("lock_got", 2, lock=7)
    s.ev("lock_rel", 3, lock=7).ev("lock_rel", 4, lock=7).ev("pend", 5)
    main = s.timeline().lanes[0]
    assert spans(main, "hold") == [(1.0, 4.0, 1, "")]


def test_condition_wait_releases_and_takes_back_its_lock():
    s = Stream().ev("start", 0).ev("lock_new", 0, lock=3, kind="RLock", line=2)
    s.ev("lock_req", 1, lock=3, line=5).ev("lock_got", 1, lock=3)
    s.ev("wait", 2, what="condition", line=6).ev("lock_rel", 2, lock=3)
    s.ev("lock_req", 8, lock=3).ev("lock_got", 9, lock=3).ev("wait_end", 9)
    s.ev("lock_rel", 10, lock=3).ev("pend", 11)
    tl = s.timeline()
    main = tl.lanes[0]
    assert spans(main, "wait") == [(2.0, 9.0, 0, "condition"), (8.0, 9.0, 1, "lock")]
    assert spans(main, "hold") == [(1.0, 2.0, 1, ""), (9.0, 10.0, 1, "")]
    assert trace.validate_trace(trace.trace_events(tl)) == []


def test_a_timed_out_acquire_ends_its_wait_at_the_lanes_next_event():
    s = Stream().ev("start", 0).ev("lock_new", 0, lock=3, kind="Lock", line=2)
    s.ev("tstart", 0.5, tid=2, name="Thread-1").ev("lock_got", 0.6, tid=2, lock=3)
    s.ev("lock_req", 1, lock=3, line=5).ev("wait", 3, what="join", line=7)  # acquire(timeout=2) failed
    s.ev("lock_rel", 4, tid=2, lock=3).ev("tend", 4, tid=2).ev("wait_end", 4.5)
    main = s.timeline().lanes[0]
    assert spans(main, "wait") == [(1.0, 3.0, 1, "lock"), (3.0, 4.5, 0, "join")]


# --- deadlock ------------------------------------------------------------------------------


def test_two_lock_deadlock_cycle_found_and_described():
    tl = two_lock_deadlock().timeline()
    assert tl.end == 2000.0
    t1 = tl.lane("Thread-1")
    assert not t1.ended and t1.end == 2000.0
    assert [s.open for s in t1.waits()] == [True]
    cycle = trace.deadlock_cycle(tl)
    assert [(w.lane, w.holds, w.waits_for, w.held_by, w.line) for w in cycle] == [
        ("Thread-1", ["lock 1"], "lock 2", "Thread-2", 8),
        ("Thread-2", ["lock 2"], "lock 1", "Thread-1", 12),
    ]
    assert trace.describe_cycle(cycle).splitlines() == [
        "Thread-1 holds lock 1 and waits for lock 2, held by Thread-2.",
        "Thread-2 holds lock 2 and waits for lock 1, held by Thread-1.",
    ]
    with using("ru"):
        assert trace.describe_cycle(cycle).splitlines() == [
            "Thread-1 держит замок 1 и ждёт замок 2, который держит Thread-2.",
            "Thread-2 держит замок 2 и ждёт замок 1, который держит Thread-1.",
        ]
    assert trace.describe_cycle([]) == ""
    obj = trace.trace_events(tl)
    assert trace.validate_trace(obj) == [] and obj["otherData"]["deadlock"] == ["Thread-1", "Thread-2"]


def test_deadlock_svg_draws_the_cycle():
    tl = two_lock_deadlock().timeline()
    svg = trace.svg_timeline(tl)
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg" and root.get("class") == "timeline"
    group = [g for g in root.iter(SVG + "g") if g.get("class") == "deadlock"]
    assert len(group) == 1
    texts = " ".join(t.text or "" for t in group[0].iter(SVG + "text"))
    assert "waits for lock 2 (held by Thread-2)" in texts
    assert "Thread-1 holds lock 1 and waits for lock 2, held by Thread-2." in texts
    with using("ru"):
        ru = trace.svg_timeline(tl)
    assert "ждёт замок 2 (его держит Thread-2)" in ru and "waits for" not in ru


def test_no_cycle_when_the_holder_still_runs_or_ended():
    s = Stream().ev("start", 0).ev("lock_new", 0, lock=1, kind="Lock", line=2)
    s.ev("tstart", 1, tid=2, name="Thread-1").ev("lock_got", 1, tid=2, lock=1).ev("tend", 2, tid=2)
    s.ev("lock_req", 3, lock=1, line=9)  # waits for a lock its dead holder kept
    s.ev("lock_new", 50, pid=77, tid=1, lock=8)  # the run is killed later
    tl = s.timeline()
    assert tl.lanes[0].waits()[0].open and tl.lane("Thread-1").holds()[0].open
    assert trace.deadlock_cycle(tl) == []
    assert 'class="deadlock"' not in trace.svg_timeline(tl)


def test_a_thread_waiting_for_a_lock_it_holds_is_a_cycle_of_one():
    s = Stream().ev("start", 0).ev("lock_new", 0, lock=1, kind="Lock", line=2)
    s.ev("lock_req", 1, lock=1, line=3).ev("lock_got", 1, lock=1).ev("lock_req", 2, lock=1, line=4)
    s.ev("lock_new", 100, lock=2, kind="Lock")
    cycle = trace.deadlock_cycle(s.timeline())
    assert [(w.lane, w.held_by, w.waits_for) for w in cycle] == [("main", "main", "lock 1")]
    assert trace.describe_cycle(cycle) == "The main thread waits for lock 1, which it holds itself."
    with using("ru"):
        assert trace.describe_cycle(cycle) == "Главный поток ждёт замок 1, хотя уже держит его."


def test_daemon_threads_deadlocked_when_the_process_exits():
    s = two_lock_deadlock()
    s.lines.pop()  # not killed: the main process exits and its daemon threads die waiting
    s.ev("pend", 30)
    tl = s.timeline()
    assert tl.lane("main").ended and not tl.lane("Thread-1").ended
    assert [w.lane for w in trace.deadlock_cycle(tl)] == ["Thread-1", "Thread-2"]


# --- sequential threads ------------------------------------------------------------------


def _workers(starts_ends: list[tuple[float, float]]) -> Timeline:
    s = Stream().ev("start", 0)
    for n, (start, end) in enumerate(starts_ends, start=1):
        s.ev("tstart", start, tid=100 + n, name=f"Thread-{n}", line=8).ev("tend", end, tid=100 + n)
    return s.ev("pend", max(end for _start, end in starts_ends) + 1).timeline()


def test_sequential_threads_never_overlap():
    tl = _workers([(1, 12), (12, 25), (25.5, 37)])
    assert trace.never_overlap(tl)
    assert trace.describe_sequential(tl) == (
        "The threads ran one after another, never at the same time: "
        "Thread-1 1–12 ms, Thread-2 12–25 ms, Thread-3 26–37 ms."
    )
    with using("ru"):
        assert trace.describe_sequential(tl) == (
            "Потоки работали по очереди, ни разу одновременно: Thread-1 1–12 мс, Thread-2 12–25 мс, Thread-3 26–37 мс."
        )


def test_parallel_threads_overlap():
    tl = _workers([(1, 12), (2, 13), (3, 14)])
    assert not trace.never_overlap(tl) and trace.describe_sequential(tl) == ""
    assert not trace.never_overlap(_workers([(1, 12)]))  # one thread proves nothing


def test_many_sequential_threads_are_summarised():
    tl = _workers([(i * 2.0, i * 2.0 + 1.5) for i in range(1, 9)])
    text = trace.describe_sequential(tl)
    assert "Thread-4 8–9.5 ms, Thread-5 10–12 ms, and 3 more." in text
    with using("ru"):
        assert "и ещё 3." in trace.describe_sequential(tl)


# --- processes and tasks -------------------------------------------------------------------


def processes_and_tasks() -> Stream:
    s = Stream().ev("start", 0).ev("lock_new", 0.5, lock=777, kind="mp.Lock", line=5)
    s.ev("tstart", 1, tid=31, name="Thread-1", line=9)
    s.ev("pstart", 2, pid=5001, tid=71, ppid=MAIN_PID, name="Process-1")
    s.ev("tstart", 3, pid=5001, tid=72, name="Thread-1", line=20)
    s.ev("lock_req", 4, pid=5001, tid=71, lock=777, line=14).ev("lock_got", 4, pid=5001, tid=71, lock=777)
    s.ev("lock_req", 4.5, lock=777, line=30).ev("lock_rel", 6, pid=5001, tid=71, lock=777)
    s.ev("lock_got", 6, lock=777).ev("lock_rel", 6.5, lock=777)
    s.ev("pstart", 3.5, pid=5002, tid=81, ppid=MAIN_PID, name="Process-2")  # killed: no pend
    s.ev("task", 7, task=9001, name="gather_one", line=40).ev("task", 7.1, task=9002, name="gather_one", line=40)
    s.ev("task", 7.2, tid=31, task=9003, name="in_thread", line=41)
    s.ev("task_end", 9, task=9001).ev("task_end", 10, task=9002)
    s.ev("tend", 10, pid=5001, tid=72).ev("pend", 11, pid=5001, tid=71).ev("tend", 11.5, tid=31)
    return s.ev("pend", 12)


def test_processes_and_tasks_lanes():
    tl = processes_and_tasks().timeline()
    assert [(lane.name, lane.kind) for lane in tl.lanes] == [
        ("main", "main"),
        ("task gather_one", "task"),
        ("task gather_one #2", "task"),
        ("Thread-1", "thread"),
        ("task in_thread", "task"),
        ("Process-1 (pid 5001)", "process"),
        ("Thread-1 (pid 5001)", "thread"),
        ("Process-2 (pid 5002)", "process"),
    ]
    child = tl.lane("Process-1 (pid 5001)")
    assert (child.pid, child.tid, child.start, child.end, child.ended) == (5001, 71, 2.0, 11.0, True)
    killed = tl.lane("Process-2 (pid 5002)")
    assert (killed.end, killed.ended) == (12.0, False)
    task = tl.lane("task gather_one #2")
    assert (task.start, task.end, task.ended, task.line, task.task) == (7.1, 10.0, True, 40, 9002)
    # One multiprocessing lock, the same in both processes: its holders hand it over.
    assert len(tl.locks) == 1 and tl.locks[0].kind == "mp.Lock"
    assert spans(child, "hold") == [(4.0, 6.0, 1, "")]
    assert spans(tl.lane("main"), "wait") == [(4.5, 6.0, 1, "lock")]
    with using("ru"):
        assert task.title() == "задача asyncio gather_one #2" and tl.lanes[0].title() == "главный поток"


def test_processes_and_tasks_trace_events():
    tl = processes_and_tasks().timeline()
    obj = trace.trace_events(tl)
    assert trace.validate_trace(obj) == []
    meta = [e for e in obj["traceEvents"] if e["ph"] == "M"]
    processes = {e["pid"]: e["args"]["name"] for e in meta if e["name"] == "process_name"}
    # No pid in the names: the viewers add their own ("Process-1 (pid 5001) (pid 5001)" else).
    assert processes == {MAIN_PID: "main process", 5001: "Process-1", 5002: "Process-2"}
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in meta if e["name"] == "thread_name"}
    assert len(threads) == len(tl.lanes)
    task_tids = [tid for (pid, tid), name in threads.items() if name.startswith("task ")]
    assert len(task_tids) == 3 and len(set(task_tids)) == 3
    real = {lane.tid for lane in tl.lanes if lane.kind != "task"}
    assert not set(task_tids) & real
    assert threads[(5001, 72)] == "Thread-1" and threads[(5001, 71)] == "Process-1"
    with using("ru"):
        names = [e["args"]["name"] for e in trace.trace_events(tl)["traceEvents"] if e["name"] == "process_name"]
    assert names[0] == "главный процесс"


def test_a_reused_thread_ident_gets_its_own_lane_and_track():
    s = Stream().ev("start", 0)
    s.ev("tstart", 1, tid=55, name="Thread-1").ev("tend", 2, tid=55)
    s.ev("tstart", 3, tid=55, name="Thread-2").ev("tend", 4, tid=55).ev("pend", 5)
    tl = s.timeline()
    assert [(lane.name, lane.start, lane.end) for lane in tl.lanes[1:]] == [
        ("Thread-1", 1.0, 2.0),
        ("Thread-2", 3.0, 4.0),
    ]
    obj = trace.trace_events(tl)
    assert trace.validate_trace(obj) == []
    tids = [e["tid"] for e in obj["traceEvents"] if e["name"] == "thread_name"]
    assert len(tids) == len(set(tids)) == 3


def test_events_of_lanes_never_announced_make_their_own_lanes():
    s = Stream().ev("start", 0, tid=None)  # an older bootstrap: no tid on "start"
    s.ev("wait", 1, what="sleep", line=3).ev("wait_end", 2)
    s.ev("lock_new", 2.5, pid=6000, tid=1, lock=4, kind="Lock").ev("wait", 3, pid=6000, tid=1, what="get")
    tl = s.timeline()
    assert [(lane.name, lane.kind) for lane in tl.lanes] == [("main", "main"), ("pid 6000", "process")]
    assert tl.lanes[0].tid == MAIN_TID and spans(tl.lanes[0], "wait") == [(1.0, 2.0, 0, "sleep")]


# --- truncated, malformed -------------------------------------------------------------------


def test_a_truncated_stream():
    s = two_lock_deadlock()
    s.lines.pop()
    s.lines.append(json.dumps({"e": "trace_cut", "pid": MAIN_PID, "n": 10000}))  # no t of its own
    s.ev("lock_got", 100, tid=22, lock=501).ev("tend", 101, tid=22)  # after the cut: not traced
    s.ev("pstart", 50, pid=7000, tid=1, name="Process-1").ev("pend", 60, pid=7000, tid=1)
    tl = s.timeline()
    assert tl.truncated and tl.cuts == {MAIN_PID: 5.0}
    t2 = tl.lane("Thread-2")
    # Its state after the cut is unknown: the wait ends at the cut and is no deadlock.
    assert spans(t2, "wait") == [(4.2, 5.0, 1, "lock")] and not any(s.open for s in t2.spans)
    assert not t2.ended and t2.end == 60.0
    assert trace.deadlock_cycle(tl) == []
    assert "The trace is incomplete" in trace.text_timeline(tl)
    assert "The trace is incomplete" in trace.svg_timeline(tl)
    assert trace.validate_trace(trace.trace_events(tl)) == []
    assert Timeline.from_json(json.loads(json.dumps(tl.to_json()))) == tl


def test_malformed_lines_are_skipped():
    clean = three_threads_with_a_lock()
    noisy = list(clean.lines)
    noisy.insert(3, "Fatal Python error: Aborted")
    noisy.insert(4, 'Thread 0x00007f (most recent call first):\n  File "sol.py", line 7 in work')
    noisy.insert(5, '{"e":"lock_req","pid":4242,')  # cut in the middle
    noisy.insert(6, "[1, 2, 3]")
    noisy.insert(7, '{"pid": 4242, "t": 1000.004}')  # no event name
    noisy.insert(8, '{"e": "thread", "pid": 4242, "cls": "Thread"}')  # a counting event
    noisy.insert(9, '{"e": "wait", "pid": 4242, "tid": 140000000000001, "t": "soon"}')
    noisy.insert(10, "\x00\xff garbage")
    noisy.insert(11, "")
    raw = "\n".join(noisy).encode("utf-8", "surrogateescape") + b"\n\xfe{\xff}\n"
    assert trace.build(raw).to_json() == clean.timeline().to_json()
    assert trace.build(b"").lanes == [] and trace.build(b"not json at all\n").lanes == []


def test_times_from_a_given_run_start():
    s = three_threads_with_a_lock()
    tl = trace.build(s.raw(), run_start=s.t0 - 0.5)  # the run began 500 ms before the solution
    assert tl.lanes[0].start == 500.0 and tl.end == 508.0


def test_lanes_last_until_a_given_run_end():
    s = two_lock_deadlock()
    s.lines.pop()
    tl = trace.build(s.raw(), run_end=s.t0 + 3.0)  # killed at its time limit, 3 s in
    assert tl.end == 3000.0 and tl.lane("Thread-1").end == 3000.0
    assert tl.lane("Thread-1").waits()[0].end == 3000.0
    assert len(trace.deadlock_cycle(tl)) == 2


def test_a_thousand_threads_keep_the_earliest_lanes():
    s = Stream().ev("start", 0).ev("lock_new", 0, lock=1, kind="Lock", line=2)
    s.ev("lock_got", 0.5, lock=1)
    for n in range(1, 1001):
        s.ev("tstart", n, tid=n + 10, name=f"Thread-{n}").ev("tend", n + 0.5, tid=n + 10)
    s.ev("tstart", 1001, tid=5, name="Thread-late").ev("lock_req", 1002, tid=5, lock=1, line=9)
    tl = s.ev("wait", 1003, what="join", line=11).ev("lock_new", 1500, lock=2).timeline()
    assert len(tl.lanes) == trace.MAX_LANES and tl.lanes_dropped == 1002 - trace.MAX_LANES
    names = [lane.name for lane in tl.lanes]
    assert names[:3] == ["main", "Thread-1", "Thread-2"] and names[-1] == "Thread-late"  # it is stuck
    assert len(json.dumps(tl.to_json())) < 60_000
    assert "702 more rows (threads, processes or tasks) were left out" in trace.text_timeline(tl)
    assert Timeline.from_json(tl.to_json()) == tl


# --- text timeline -----------------------------------------------------------------------------


def test_text_timeline_rows_and_legend():
    tl = three_threads_with_a_lock().timeline()
    lines = trace.text_timeline(tl, width=40).splitlines()
    rows = lines[:4]
    assert [row.split()[0] for row in rows] == ["main", "Thread-1", "Thread-2", "Thread-3"]
    bars = [row[len("Thread-1") + 1 :] for row in rows]
    assert all(len(bar) <= 40 for bar in bars)
    assert bars[0].startswith("████") and "░" in bars[0]
    # Each thread holds lock A in turn, Thread-2 and Thread-3 waited for it first.
    assert re.fullmatch(r" *█+A+█?", bars[1]) and re.fullmatch(r" *█*░+A+█*", bars[2])
    assert bars[3].rstrip().endswith("A█") or bars[3].rstrip().endswith("A")
    assert lines[4].split()[:2] == ["0", "ms"] and lines[4].split()[-2:] == ["8", "ms"]
    assert "█ running" in lines[5] and "░ waiting" in lines[5]
    assert lines[6] == "A = lock 1 (Lock, line 4)"
    assert len(lines) == 7


def test_text_timeline_ascii_mode():
    tl = two_lock_deadlock().timeline()
    text = trace.text_timeline(tl, width=30, ascii=True)
    assert text.isascii()
    rows = text.splitlines()[:3]
    assert all(set(row[len("Thread-1") + 1 :]) <= set("#. ABab") for row in rows)
    assert "a" in rows[1] and "b" in rows[2]  # holding one lock while waiting for the other
    assert "# running" in text and ". waiting" in text


def test_text_timeline_in_russian():
    tl = three_threads_with_a_lock().timeline()
    with using("ru"):
        text = trace.text_timeline(tl)
    assert text.splitlines()[0].startswith("главный поток")
    assert "работает" in text and "ждёт" in text and "A = замок 1 (Lock, строка 4)" in text
    assert "мс" in text
    assert not re.search(r"\b(running|waiting|lock|line|ms)\b", text)


def test_text_timeline_empty_and_many_lanes():
    assert "no trace events" in trace.text_timeline(Timeline())
    tl = _workers([(i, i + 50.0) for i in range(1, 60)])
    text = trace.text_timeline(tl)
    assert "20 more rows not shown" in text


# --- SVG -------------------------------------------------------------------------------------


def test_svg_timeline_structure():
    s = three_threads_with_a_lock()
    s.ev("tstart", 7.3, tid=99, name='<b>&"odd"</b>').ev("tend", 7.4, tid=99)
    tl = s.timeline()
    svg = trace.svg_timeline(tl, width=700)
    root = ET.fromstring(svg)  # well-formed: names are escaped
    assert root.get("class") == "timeline" and root.get("width") == "700"
    lanes = [g for g in root.iter(SVG + "g") if g.get("class") == "lane"]
    assert [g.get("data-lane") for g in lanes] == [lane.name for lane in tl.lanes]
    assert lanes[-1].get("data-lane") == '<b>&"odd"</b>'
    tips = [t.text for t in root.iter(SVG + "title")]
    assert "waiting for lock 1 (line 6), 1.5–3 ms" in tips
    assert "holding lock 1 (line 6), 3–5 ms" in tips
    assert "waiting in join (line 12), 1.6–7.5 ms" in tips
    holds = [r for r in root.iter(SVG + "rect") if r.get("class") == "hold"]
    assert {r.get("fill") for r in holds} == {"#1f77b4"} and len(holds) == 3
    assert not [g for g in root.iter(SVG + "g") if g.get("class") == "deadlock"]
    for bad in ("<script", "href", "@import", "<style", "url("):
        assert bad not in svg
    axis = [t.text for g in root.iter(SVG + "g") if g.get("class") == "axis" for t in g.iter(SVG + "text")]
    assert axis[0] == "0 ms" and "8 ms" in axis
    legend = [t.text for g in root.iter(SVG + "g") if g.get("class") == "legend" for t in g.iter(SVG + "text")]
    assert legend == ["running", "waiting", "lock 1 (Lock, line 4)"]


def test_svg_timeline_in_russian_and_empty():
    tl = processes_and_tasks().timeline()
    with using("ru"):
        svg = trace.svg_timeline(tl)
    root = ET.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter() if t.tag in (SVG + "text", SVG + "title"))
    assert "задача asyncio gather_one" in texts and "работает" in texts and "мс" in texts
    assert not re.search(r"\b(running|waiting|holding|lock|line)\b", texts)
    ET.fromstring(trace.svg_timeline(Timeline()))


# --- JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize("stream", [three_threads_with_a_lock, two_lock_deadlock, processes_and_tasks])
def test_json_round_trip(stream):
    tl = stream().timeline()
    data = json.loads(json.dumps(tl.to_json()))
    back = Timeline.from_json(data)
    assert back == tl and back.to_json() == data
    assert trace.deadlock_cycle(back) == trace.deadlock_cycle(tl)
    assert trace.text_timeline(back) == trace.text_timeline(tl)


def test_json_is_capped_keeping_the_earliest_spans():
    s = Stream().ev("start", 0).ev("lock_new", 0, lock=1, kind="Lock", line=2)
    for i in range(3000):
        s.ev("lock_req", 1 + i * 0.3, lock=1, line=4).ev("lock_got", 1.1 + i * 0.3, lock=1)
        s.ev("lock_rel", 1.2 + i * 0.3, lock=1)
    s.ev("lock_req", 1000, lock=1, line=5).ev("lock_got", 1000, lock=1).ev("lock_req", 1001, lock=1, line=6)
    s.ev("lock_new", 5000, lock=2)  # killed long after: the last wait is still open
    tl = s.timeline()
    kept = [span for lane in tl.lanes for span in lane.spans if span.kind != "run"]
    assert len(kept) == trace.MAX_SPANS and tl.spans_dropped == 6002 - trace.MAX_SPANS
    assert tl.kept_until is not None and all(sp.start <= tl.kept_until or sp.open for sp in kept)
    assert [w.waits_for for w in trace.deadlock_cycle(tl)] == ["lock 1"]  # open spans are kept
    assert len(json.dumps(tl.to_json())) < 120_000
    assert "not shown (from" in trace.text_timeline(tl)
    assert trace.validate_trace(trace.trace_events(tl)) == []


# --- the validator ------------------------------------------------------------------------------


def _valid() -> dict:
    return trace.trace_events(three_threads_with_a_lock().timeline())


def test_validate_trace_catches_unsorted_events():
    obj = _valid()
    events = obj["traceEvents"]
    last = max(i for i, e in enumerate(events) if e["ph"] == "X")
    events.insert(12, events.pop(last))
    assert any("before the previous event" in p for p in trace.validate_trace(obj))


def test_validate_trace_catches_a_missing_end():
    obj = _valid()
    obj["traceEvents"] = [e for e in obj["traceEvents"] if not (e["ph"] == "E" and e["tid"] == 12)]
    problems = trace.validate_trace(obj)
    assert problems and all("never ended" in p for p in problems)
    obj = _valid()
    first_b = next(i for i, e in enumerate(obj["traceEvents"]) if e["ph"] == "B")
    del obj["traceEvents"][first_b]
    assert any("E without a matching B" in p for p in trace.validate_trace(obj))


def test_validate_trace_catches_negative_durations_and_missing_keys():
    obj = _valid()
    x = next(e for e in obj["traceEvents"] if e["ph"] == "X")
    x["dur"] = -5
    assert any("negative duration -5" in p for p in trace.validate_trace(obj))
    obj = _valid()
    del next(e for e in obj["traceEvents"] if e["ph"] == "B")["name"]
    assert any("missing name" in p for p in trace.validate_trace(obj))
    obj = _valid()
    obj["traceEvents"].append({"ph": "Q", "ts": 10**9, "pid": 1, "tid": 1})
    assert any("unknown phase" in p for p in trace.validate_trace(obj))
    assert trace.validate_trace([]) == ["the trace is not an object with a traceEvents list"]


def test_validate_trace_catches_unnamed_threads():
    obj = _valid()
    obj["traceEvents"] = [e for e in obj["traceEvents"] if not (e["ph"] == "M" and e.get("tid") == 13)]
    assert any("tid 13 has no thread_name" in p for p in trace.validate_trace(obj))
    obj = _valid()
    obj["traceEvents"].append({"ph": "i", "name": "x", "s": "t", "ts": 10**9, "pid": 1, "tid": 1})
    assert any("pid 1 has no process_name" in p for p in trace.validate_trace(obj))
    with using("ru"):
        assert all(not p.isascii() for p in trace.validate_trace(obj))


# The stricter rules (issue 25): each breaks a valid trace in one way and must be caught.


def _fifo_release() -> dict:
    """A thread that takes lock 1, then lock 2, and releases 1 first: an async b/e pair."""
    s = Stream().ev("start", 0).ev("lock_new", 0, lock=1, kind="Lock").ev("lock_new", 0, lock=2, kind="Lock")
    s.ev("lock_got", 1, lock=1).ev("lock_got", 2, lock=2).ev("lock_rel", 3, lock=1).ev("lock_rel", 4, lock=2)
    return trace.trace_events(s.ev("pend", 5).timeline())


def _event(obj: dict, ph: str, **match: object) -> dict:
    return next(e for e in obj["traceEvents"] if e["ph"] == ph and all(e.get(k) == v for k, v in match.items()))


def _add(obj: dict, event: dict) -> None:
    """`event` among the others in ts order (so that only the rule under test is broken)."""
    events = obj["traceEvents"]
    events.append(event)
    events.sort(key=lambda e: (e["ph"] != "M", e.get("ts", 0)))


def _overlapping_slice(obj: dict) -> None:
    x = _event(obj, "X", tid=12, cat="wait")  # Thread-2 waits 1.5-3 ms, then holds lock 1
    _add(obj, {**x, "name": "later", "ts": x["ts"] + 1, "args": {}})


def _slice_across_a_hold(obj: dict) -> None:
    b = _event(obj, "B", tid=13)
    _add(obj, {"ph": "X", "name": "across", "ts": b["ts"] - 100, "dur": 200, "pid": b["pid"], "tid": 13})


def _slice_of_no_length(obj: dict) -> None:
    x = _event(obj, "X", tid=11)
    _add(obj, {**x, "name": "nothing", "dur": 0, "args": {}})


def _set(ph: str, key: str, value: object, **match: object):
    def change(obj: dict) -> None:
        _event(obj, ph, **match)[key] = value

    return change


def _drop(ph: str, key: str, **match: object):
    def change(obj: dict) -> None:
        del _event(obj, ph, **match)[key]

    return change


def _remove(ph: str):
    def change(obj: dict) -> None:
        obj["traceEvents"].remove(_event(obj, ph))

    return change


def _top(key: str, value: object):
    def change(obj: dict) -> None:
        obj[key] = value

    return change


def _name_a_process_twice(obj: dict) -> None:
    _add(obj, {**_event(obj, "M", name="process_name"), "args": {"name": "again"}})


def _nan_in_other_data(obj: dict) -> None:
    obj["otherData"]["end_ms"] = float("nan")


RULES = {
    "slices overlap on a thread": (_valid, _overlapping_slice, "'later' on pid 4242 tid 12 overlaps"),
    "a slice across a hold": (_valid, _slice_across_a_hold, "without nesting in it"),
    "a slice of no length": (_valid, _slice_of_no_length, "slice 'nothing' on pid 4242 tid 11 lasts no time"),
    "instant scope": (_valid, _set("i", "s", "x"), "instant scope 'x' is not g, p or t"),
    "thread_name without a tid": (_valid, _drop("M", "tid", name="thread_name"), "thread_name without a tid"),
    "process_name without a string": (
        _valid,
        _set("M", "args", {"name": 7}, name="process_name"),
        "process_name without a string args.name",
    ),
    "thread_name without a name": (
        _valid,
        _set("M", "args", {}, name="thread_name"),
        "thread_name without a string args.name",
    ),
    "sort index not an integer": (
        _valid,
        _set("M", "args", {"sort_index": "1"}, name="thread_sort_index"),
        "thread_sort_index without an integer args.sort_index",
    ),
    "unknown metadata": (_valid, _set("M", "name", "thread_colour"), "unknown metadata 'thread_colour'"),
    "args not an object": (_valid, _set("X", "args", [1, 2]), "(X): args is not an object"),
    "name not a string": (_valid, _set("X", "name", 5), "(X): name is not a string"),
    "NaN in otherData": (_valid, _nan_in_other_data, "otherData.end_ms: nan is not a finite number"),
    "Infinity in an event": (_valid, _set("X", "dur", float("inf")), ".dur: inf is not a finite number"),
    "displayTimeUnit": (_valid, _top("displayTimeUnit", "s"), "displayTimeUnit 's' is neither ms nor ns"),
    "a process named twice": (_valid, _name_a_process_twice, "pid 4242 is named twice"),
    "an async b never ended": (_fifo_release, _remove("e"), "b 'lock 2' (cat lock, id 1) is never ended"),
    "an async e without its b": (_fifo_release, _remove("b"), "e without a matching b (cat lock, id 1)"),
    "an async event without an id": (_fifo_release, _drop("b", "id"), "(b): missing id"),
}


@pytest.mark.parametrize("rule", RULES)
def test_validate_trace_catches_what_the_format_forbids(rule):
    make, damage, says = RULES[rule]
    obj = make()
    assert trace.validate_trace(obj) == []
    damage(obj)
    problems = trace.validate_trace(obj)
    assert any(says in p for p in problems), problems
    with using("ru"):
        assert all(not p.isascii() for p in trace.validate_trace(obj))


def test_no_number_the_format_forbids_comes_from_the_events():
    """json.loads reads NaN and Infinity: a time that is not finite is no time."""
    s = three_threads_with_a_lock()
    s.lines.insert(3, json.dumps({"e": "wait", "pid": MAIN_PID, "tid": MAIN_TID, "t": float("nan"), "what": "sleep"}))
    s.lines.append('{"e": "lock_new", "pid": 4242, "tid": 1, "t": Infinity, "lock": 5}')
    tl = s.timeline()
    assert tl.to_json() == three_threads_with_a_lock().timeline().to_json()
    assert trace.validate_trace(trace.trace_events(tl)) == []


def test_every_lane_has_a_slice_and_short_waits_are_instants():
    """A child killed before its first line lives RESOLUTION long; a wait cut to no length by
    the next one is an instant with its duration (one rule for every view: Span.instant)."""
    s = Stream().ev("start", 0).ev("pspawn", 1, child=7002, name="Process-2")
    s.ev("wait", 2.0, what="gather", line=5).ev("wait", 2.02, what="join", line=6).ev("wait_end", 3)
    tl = s.ev("pend", 4).timeline()
    child = tl.lane("Process-2 (pid 7002)")
    assert (child.start, child.end) == (1.0, 1.0 + trace.RESOLUTION)
    waits = {span.what: span for span in tl.lanes[0].waits()}
    assert waits["gather"].instant and not waits["join"].instant and not child.runs()[0].instant
    obj = trace.trace_events(tl)
    assert trace.validate_trace(obj) == []
    assert [(e["ts"], e["dur"]) for e in obj["traceEvents"] if e["ph"] == "X" and e["pid"] == 7002] == [(1000, 100)]
    [instant] = [e for e in obj["traceEvents"] if e["ph"] == "i" and e["cat"] == "wait"]
    assert (instant["name"], instant["ts"], instant["args"]["duration_ms"]) == ("waiting: gather", 2000, 0.0)
    assert [e["name"] for e in obj["traceEvents"] if e["ph"] == "X" and e["cat"] == "wait"] == ["waiting: join"]
    svg = ET.fromstring(trace.svg_timeline(tl))
    marks = [r for r in svg.iter(SVG + "rect") if "instant" in (r.get("class") or "").split()]
    assert len(marks) == 1 and "under 0.1 ms at 2 ms" in (marks[0].findtext(SVG + "title") or "")


# --- the Russian catalog ------------------------------------------------------------------------


def _everything_said(tl: Timeline) -> str:
    """Every text a person reads about a timeline."""
    svg = ET.fromstring(trace.svg_timeline(tl))
    names = [e["name"] for e in trace.trace_events(tl)["traceEvents"] if e["ph"] != "M"]
    names += [
        e["args"]["name"] for e in trace.trace_events(tl)["traceEvents"] if e["ph"] == "M" and "name" in e["args"]
    ]
    parts = [trace.text_timeline(tl), trace.describe_cycle(trace.deadlock_cycle(tl)), trace.describe_sequential(tl)]
    parts += [t.text or "" for t in svg.iter() if t.tag in (SVG + "text", SVG + "title")] + names
    return "\n".join(parts)


@pytest.mark.parametrize("stream", [two_lock_deadlock, processes_and_tasks, three_threads_with_a_lock])
def test_no_english_sentence_in_russian_and_no_russian_in_english(stream):
    from tests.language_check import cyrillic, english_sentences

    tl = stream().timeline()
    tl.truncated, tl.cuts, tl.spans_dropped, tl.kept_until, tl.lanes_dropped = True, {1: 2.0}, 3, 4.0, 5
    with using("ru"):
        said = _everything_said(tl)
    assert english_sentences(said) == []
    assert cyrillic(_everything_said(tl)) == []
    seq = _workers([(1, 2), (3, 4)])
    with using("ru"):
        assert english_sentences(_everything_said(seq)) == []


def test_every_timeline_message_has_its_russian_translation():
    pytest.importorskip("babel")
    from judge.commands import i18n_tools

    mine = [m for m in i18n_tools.extract().values() if m.where.startswith(("judge/timeline/",))]
    assert len(mine) > 30
    have = i18n_tools.catalog("ru")
    missing = [m.msgid for m in mine if m.msgid not in have or not i18n_tools._translated(have[m.msgid])]
    assert missing == []


# --- real runs: the bootstrap's events from real programs in the sandbox ----------------------

BOOTSTRAP = str(Path(__file__).resolve().parents[1] / "judge" / "sandbox" / "bootstrap.py")


def _bootstrap_traces() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    from judge.sandbox.runspec import RunSpec as Spec

    with open(BOOTSTRAP, encoding="utf-8") as fh:
        return "lock_req" in fh.read() and "trace" in Spec.__dataclass_fields__


real = pytest.mark.skipif(not _bootstrap_traces(), reason="Linux only, with a bootstrap that writes trace events")


@pytest.fixture(scope="module")
def box():
    from judge.sandbox import Sandbox

    with Sandbox(isolation="basic") as sandbox:
        yield sandbox


def _real(box, code: str, wall: float = 20, env: tuple[tuple[str, str], ...] = ()):
    """(the run, its timeline, built as the grader does: up to the run's end)."""
    from judge.core.limits import Limits
    from judge.sandbox import RunSpec

    spec = RunSpec(
        argv=(sys.executable, BOOTSTRAP, "sol.py"),
        limits=Limits(time=10, wall_time=wall),
        files=(("sol.py", textwrap.dedent(code).lstrip("\n").encode()),),
        observe=True,
        trace=True,
        env=env,
    )
    run = box.run(spec)
    end = run.started_at + run.wall_time if run.started_at else None
    tl = trace.build(run.observations, run_end=end)
    problems = trace.validate_trace(trace.trace_events(tl))
    assert problems == [], problems[:5]
    assert Timeline.from_json(json.loads(json.dumps(tl.to_json()))) == tl
    ET.fromstring(trace.svg_timeline(tl))
    return run, tl


@pytest.mark.process
@real
def test_real_three_threads_with_a_lock(box):
    run, tl = _real(
        box,
        """
        import threading
        lock = threading.Lock()
        total = 0
        def work():
            global total
            for _ in range(5):
                with lock:
                    total += 1
        threads = [threading.Thread(target=work) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(total)
    """,
    )
    assert run.stdout == b"15\n", run.stderr.decode()
    assert [lane.kind for lane in tl.lanes] == ["main", "thread", "thread", "thread"]
    assert all(lane.name.startswith("Thread-") and lane.ended and lane.line == 11 for lane in tl.lanes[1:])
    assert [(lock.name, lock.kind, lock.line) for lock in tl.locks] == [("lock 1", "Lock", 2)]
    assert [len(lane.holds()) for lane in tl.lanes[1:]] == [5, 5, 5]
    assert not any(span.open for lane in tl.lanes for span in lane.spans)
    assert trace.deadlock_cycle(tl) == []
    assert len(trace.text_timeline(tl).splitlines()) == 4 + 3


@pytest.mark.process
@real
def test_real_deadlock_killed_at_the_wall_limit(box):
    run, tl = _real(box, TWO_LOCK_DEADLOCK, wall=1.5)
    assert run.stopped == "wall_limit"
    cycle = trace.deadlock_cycle(tl)
    assert [(w.lane, w.holds, w.waits_for, w.line) for w in cycle] == [
        ("Thread-1 (one)", ["lock 1"], "lock 2", 6),
        ("Thread-2 (two)", ["lock 2"], "lock 1", 11),
    ]
    assert tl.end > 1000  # the lanes last until the run was killed, not the last event
    assert "Thread-1 (one) holds lock 1 and waits for lock 2, held by Thread-2 (two)." in trace.describe_cycle(cycle)
    assert 'class="deadlock"' in trace.svg_timeline(tl)


@pytest.mark.process
@real
def test_real_start_and_join_in_one_loop_never_overlap(box):
    _run, sequential = _real(
        box,
        """
        import threading, time
        def work():
            time.sleep(0.03)
        for _ in range(3):
            t = threading.Thread(target=work)
            t.start()
            t.join()
    """,
    )
    assert trace.never_overlap(sequential)
    assert trace.describe_sequential(sequential).startswith("The threads ran one after another")
    _run, parallel = _real(
        box,
        """
        import threading, time
        def work():
            time.sleep(0.03)
        ts = [threading.Thread(target=work) for _ in range(3)]
        for t in ts: t.start()
        for t in ts: t.join()
    """,
    )
    assert not trace.never_overlap(parallel)


@pytest.mark.process
@real
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_real_processes_sharing_a_multiprocessing_lock(box, method):
    run, tl = _real(
        box,
        """
        import multiprocessing as mp, os
        def work(lock, q):
            with lock:
                q.put(os.getpid())
        if __name__ == "__main__":
            lock, q = mp.Lock(), mp.Queue()
            ps = [mp.Process(target=work, args=(lock, q)) for _ in range(2)]
            for p in ps: p.start()
            got = sorted(q.get() for _ in ps)
            for p in ps: p.join()
            print(got == sorted(p.pid for p in ps))
    """,
        env=(("JUDGE_START_METHOD", method),),
    )
    assert run.stdout == b"True\n", run.stderr.decode()
    children = [lane for lane in tl.lanes if lane.kind == "process"]
    assert sorted(lane.label for lane in children) == ["Process-1", "Process-2"]
    assert all(lane.name == f"{lane.label} (pid {lane.pid})" and lane.ended for lane in children)
    assert [(lock.kind, lock.line) for lock in tl.locks] == [("mp.Lock", 6)]
    assert all([span.lock for span in lane.holds()] == [1] for lane in children)


@pytest.mark.process
@real
def test_real_asyncio_tasks(box):
    run, tl = _real(
        box,
        """
        import asyncio
        async def co(i):
            await asyncio.sleep(0.01 * i)
            return i
        async def main():
            return await asyncio.gather(co(1), co(2), co(3))
        print(asyncio.run(main()))
    """,
    )
    assert run.stdout == b"[1, 2, 3]\n", run.stderr.decode()
    names = [lane.name for lane in tl.lanes]
    assert names == ["main", "task main", "task co", "task co #2", "task co #3"]
    assert all(lane.ended and lane.kind == "task" for lane in tl.lanes[1:])


@pytest.mark.process
@real
def test_real_flood_is_truncated_and_small(box):
    run, tl = _real(
        box,
        """
        import threading
        lock = threading.Lock()
        for _ in range(100000):
            with lock:
                pass
        print("done")
    """,
    )
    assert run.stdout == b"done\n"
    assert tl.truncated and tl.spans_dropped > 0
    assert len(json.dumps(tl.to_json())) < 120_000
    assert "The trace is incomplete" in trace.text_timeline(tl)


def test_a_child_that_never_ran_gets_its_lane_from_the_parents_word():
    s = Stream().ev("start", 0)
    s.ev("pspawn", 1, child=7001, name="Process-1").ev("pspawn", 2, child=7002, name="Process-2")
    s.ev("pstart", 1.5, pid=7001, tid=1, ppid=1000, name="Process-1").ev("pend", 5, pid=7001, tid=1)
    tl = s.timeline()
    processes = [(lane.name, lane.start, lane.ended) for lane in tl.lanes if lane.kind == "process"]
    assert processes == [("Process-1 (pid 7001)", 1.5, True), ("Process-2 (pid 7002)", 2.0, False)]


def test_a_thread_that_never_ran_gets_its_lane_from_start():
    """A daemon thread started just before the program ends may never run its first line:
    threads_started counted it and the timeline had no lane for it (one acceptance run in
    about twenty, on a loaded machine)."""
    s = Stream().ev("start", 0)
    s.ev("tspawn", 1, name="Thread-1").ev("tspawn", 2, name="Thread-2").ev("tspawn", 2.5, name="Thread-2")
    s.ev("tstart", 1.2, tid=11, name="Thread-1").ev("tstart", 2.1, tid=12, name="Thread-2").ev("pend", 3)
    threads = sorted((lane.label, lane.start, lane.end) for lane in s.timeline().lanes if lane.kind == "thread")
    # A lane lives at least RESOLUTION (0.1 ms): every view shows it (issue 25).
    assert threads == [("Thread-1", 1.2, 3.0), ("Thread-2", 2.1, 3.0), ("Thread-2", 2.5, 2.6)]


def test_the_rule_for_short_waits_is_the_same_on_every_machine():
    """A blocking call of the solution's own is a wait however short (drawn RESOLUTION long,
    never into the next wait); an acquire() that waited under RESOLUTION is no wait."""
    from judge.timeline.build import RESOLUTION

    s = Stream().ev("start", 0).ev("lock_new", 0.1, lock=7, kind="Lock", line=2)
    s.ev("wait", 1.0, what="gather", line=5).ev("wait_end", 1.02)  # 20 us: still a wait
    s.ev("wait", 1.03, what="join", line=6).ev("wait_end", 1.5)  # starts inside the first's RESOLUTION
    s.ev("lock_req", 2.0, lock=7, line=8).ev("lock_got", 2.02, lock=7).ev("lock_rel", 2.5, lock=7)  # 20 us
    s.ev("lock_req", 3.0, lock=7, line=9).ev("lock_got", 3.3, lock=7).ev("lock_rel", 3.5, lock=7)  # contended
    (main,) = s.ev("pend", 4.0).timeline().lanes
    assert sorted(spans(main, "wait")) == [(1.0, 1.0, 0, "gather"), (1.0, 1.5, 0, "join"), (3.0, 3.3, 1, "lock")]
    s2 = Stream().ev("start", 0).ev("wait", 1.0, what="gather", line=5).ev("wait_end", 1.02).ev("pend", 4.0)
    (only,) = s2.timeline().lanes
    assert spans(only, "wait") == [(1.0, 1.0 + RESOLUTION, 0, "gather")]
