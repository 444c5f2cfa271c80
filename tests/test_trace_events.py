"""The bootstrap's TRACE events (RunSpec.trace): real programs in the real sandbox."""

from __future__ import annotations

import json
import sys
import textwrap
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from judge.core.limits import Limits
from judge.grading.observe import TRACE_EVENTS, observe
from judge.sandbox import RunSpec, Sandbox

BOOTSTRAP = str(Path(__file__).resolve().parents[1] / "judge" / "sandbox" / "bootstrap.py")
CAP = 10000
CHILD_CAP = 2500


# Two threads taking two locks in opposite orders, each sleeping between: a certain deadlock.
TWO_LOCK_DEADLOCK = """
        import threading, time
        a, b = threading.Lock(), threading.Lock()
        def one():
            with a:
                time.sleep(0.2)
                with b:
                    pass
        def two():
            with b:
                time.sleep(0.2)
                with a:
                    pass
        ts = [threading.Thread(target=one), threading.Thread(target=two)]
        for t in ts: t.start()
        for t in ts: t.join()
    """


@pytest.fixture(scope="module")
def box():
    with Sandbox(isolation="basic", zygote=True) as b:
        yield b


def _spec(
    code: str, trace: bool = True, wall: float = 30, zygote: bool = False, env: tuple[tuple[str, str], ...] = ()
) -> RunSpec:
    return RunSpec(
        argv=(sys.executable, BOOTSTRAP, "sol.py"),
        limits=Limits(time=10, wall_time=wall),
        files=(("sol.py", textwrap.dedent(code).lstrip("\n").encode()),),
        observe=True,
        trace=trace,
        zygote=zygote,
        env=env,
    )


def _events(run) -> list[dict]:
    """Every line of the channel that is JSON (a stack dump shares it): none may be broken."""
    lines = [line for line in run.observations.splitlines() if line.startswith(b"{")]
    return [json.loads(line) for line in lines]


def _trace_only(events: list[dict]) -> list[dict]:
    return sorted((e for e in events if e["e"] in TRACE_EVENTS or "t" in e), key=lambda e: e["t"])


# The barrier keeps the three alive at once: a finished thread's ident may be reused.
THREE_THREADS = """
    import threading
    lock = threading.Lock()
    together = threading.Barrier(3)
    total = 0
    def work():
        global total
        together.wait()
        for _ in range(5):
            with lock:
                total += 1
    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(total)
"""


@pytest.mark.parametrize("zygote", [False, True], ids=["fresh", "warm"])
def test_three_threads_sharing_a_lock(box, zygote):
    run = box.run(_spec(THREE_THREADS, zygote=zygote))
    assert run.exit_code == 0 and run.stdout == b"15\n", run.stderr.decode()
    assert run.warm == zygote
    events = _trace_only(_events(run))
    start = next(e for e in events if e["e"] == "start")
    assert isinstance(start["tid"], int)
    starts = [e for e in events if e["e"] == "tstart"]
    ends = [e for e in events if e["e"] == "tend"]
    assert len(starts) == 3 and len(ends) == 3
    tids = {e["tid"] for e in starts}
    assert len(tids) == 3 and start["tid"] not in tids
    assert {e["tid"] for e in ends} == tids
    assert all(e["line"] == 13 and e["name"].startswith("Thread-") for e in starts)  # t.start()
    [new] = [e for e in events if e["e"] == "lock_new"]
    assert new["kind"] == "Lock" and new["line"] == 2
    got, rel = Counter(), Counter()
    for e in events:
        if e["e"] in ("lock_got", "lock_rel"):
            assert e["lock"] == new["lock"]
            (got if e["e"] == "lock_got" else rel)[e["tid"]] += 1
    assert got == rel == {tid: 5 for tid in tids}
    for e in events:  # a thread's own events lie between its tstart and tend
        if e["tid"] in tids and e["e"] not in ("tstart", "tend"):
            mine = next(s for s in starts if s["tid"] == e["tid"])
            end = next(x for x in ends if x["tid"] == e["tid"])
            assert mine["t"] <= e["t"] <= end["t"]
    joins = [e for e in events if e["e"] == "wait" and e["what"] == "join"]  # those still running
    assert all(e["line"] == 15 and e["tid"] == start["tid"] for e in joins)
    assert [e["pid"] for e in events if e["e"] == "pend"] == [start["pid"]]


def test_a_deadlock_leaves_both_requests_without_a_grant(box):
    run = box.run(_spec(TWO_LOCK_DEADLOCK, wall=1.5))
    assert run.stopped == "wall_limit"
    events = _trace_only(_events(run))
    news = [e for e in events if e["e"] == "lock_new"]
    assert len({e["lock"] for e in news}) == 2 and {e["line"] for e in news} == {2}
    by_thread = defaultdict(list)
    for e in events:
        if e["e"].startswith("lock_") and e["e"] != "lock_new":
            by_thread[e["tid"]].append(e)
    assert len(by_thread) == 2
    requests = []
    for seq in by_thread.values():
        assert [e["e"] for e in seq] == ["lock_got", "lock_req"], seq
        assert seq[0]["lock"] != seq[1]["lock"]
        requests.append(seq[1])
    assert sorted(e["line"] for e in requests) == [6, 11]
    assert not any(e["e"] in ("tend", "pend") for e in events)  # killed: no ends
    sleeps = [e for e in events if e["e"] == "wait" and e["what"] == "sleep"]
    assert sorted(e["line"] for e in sleeps) == [5, 10]


CHILDREN = """
    import multiprocessing as mp, os, sys
    def work(lock, q):
        with lock:
            q.put(os.getpid())
    if __name__ == "__main__":
        lock, q = mp.Lock(), mp.Queue()
        ps = [mp.Process(target=work, args=(lock, q)) for _ in range(2)]
        for p in ps: p.start()
        got = sorted(q.get() for _ in ps)
        for p in ps: p.join()
        print(mp.get_start_method(), got == sorted(p.pid for p in ps))
"""


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_every_child_process_starts_and_ends(box, method):
    run = box.run(_spec(CHILDREN, env=(("JUDGE_START_METHOD", method),)))
    assert run.exit_code == 0 and run.stdout == f"{method} True\n".encode(), run.stderr.decode()
    events = _trace_only(_events(run))
    main = next(e["pid"] for e in events if e["e"] == "start")
    pstarts = [e for e in events if e["e"] == "pstart"]
    assert len(pstarts) == 2 and all(e["ppid"] == main for e in pstarts)
    assert sorted(e["name"] for e in pstarts) == ["Process-1", "Process-2"]
    children = {e["pid"] for e in pstarts}
    assert main not in children
    assert Counter(e["pid"] for e in events if e["e"] == "pend") == Counter({main: 1, **{c: 1 for c in children}})
    # The same lock in every process: one ID, made on line 6, taken and released in each child.
    [new] = [e for e in events if e["e"] == "lock_new"]
    assert new["kind"] == "mp.Lock" and new["line"] == 6 and new["pid"] == main
    for child in children:
        mine = [e for e in events if e["pid"] == child and e["e"] in ("lock_got", "lock_rel")]
        assert [e["e"] for e in mine] == ["lock_got", "lock_rel"] and all(e["lock"] == new["lock"] for e in mine)
        # A child's main thread is the one that started it.
        assert {e["tid"] for e in mine} == {e["tid"] for e in pstarts if e["pid"] == child}
    assert any(e["e"] == "wait" and e["what"] == "get" and e["line"] == 9 for e in events)
    # The parent says so too, once start() returned: a lane even for a child that never ran.
    spawns = [e for e in events if e["e"] == "pspawn"]
    assert sorted(e["child"] for e in spawns) == sorted(children) and all(e["pid"] == main for e in spawns)


# Children that die before their first traced line: killed as they start (SIGKILL from the
# parent right after start()), and a spawned child whose main module raises at import.
DYING_CHILDREN = """
    import multiprocessing as mp, os, signal, sys
    def work():
        pass
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        p = mp.Process(target=work)
        p.start()
        os.kill(p.pid, signal.SIGKILL)
        p.join()
        with mp.Pool(2) as pool:
            pass  # terminated at once on leaving the block
        print(p.exitcode)
"""


def test_a_child_killed_before_its_first_line_still_has_a_lane(box):
    from judge.timeline.build import build
    from judge.timeline.model import PROCESS

    run = box.run(_spec(DYING_CHILDREN))
    assert run.exit_code == 0 and run.stdout == b"-9\n", run.stderr.decode()
    timeline = build(run.observations)
    processes = [lane for lane in timeline.lanes if lane.kind == PROCESS]
    assert len(processes) == 3, [lane.name for lane in processes]
    assert any(lane.label == "Process-1" and not lane.ended for lane in processes)


def test_asyncio_gather_gives_a_task_and_its_end_per_coroutine(box):
    run = box.run(
        _spec("""
        import asyncio
        async def co(i):
            await asyncio.sleep(0.01 * i)
            return i
        async def main():
            return await asyncio.gather(co(1), co(2), co(3))
        print(asyncio.run(main()))
    """)
    )
    assert run.stdout == b"[1, 2, 3]\n", run.stderr.decode()
    events = _trace_only(_events(run))
    tasks = [e for e in events if e["e"] == "task" and e["name"] == "co"]
    assert len(tasks) == 3 and all(e["line"] == 6 for e in tasks)
    ended = {e["task"] for e in events if e["e"] == "task_end"}
    assert {e["task"] for e in tasks} <= ended
    main = next(e for e in events if e["e"] == "task" and e["name"] == "main")
    assert main["line"] == 7 and main["task"] in ended
    assert observe(run).tasks == sum(e["e"] == "task" for e in _events(run))


def test_a_flood_stops_at_the_cap(box):
    run = box.run(
        _spec("""
        import threading
        lock = threading.Lock()
        for _ in range(100000):
            with lock:
                pass
        print("done")
    """)
    )
    assert run.exit_code == 0 and run.stdout == b"done\n", run.stderr.decode()
    events = _events(run)
    traced = [e for e in events if e["e"] in TRACE_EVENTS and e["e"] != "trace_cut"]
    [cut] = [e for e in events if e["e"] == "trace_cut"]
    assert cut["n"] == CAP and len(traced) == CAP
    assert max(e["t"] for e in traced) <= cut["t"]
    assert not any(e["e"] == "pend" for e in events)  # silence after the cut


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_child_process_floods_only_to_its_smaller_cap(box, method):
    """A multiprocessing child gets CHILD_CAP events of its own (the judge reads every child's
    events; it keeps only the earliest spans), the main process the whole CAP."""
    run = box.run(
        _spec(
            """
        import multiprocessing as mp
        def flood(lock):
            for _ in range(20000):
                with lock:
                    pass
        if __name__ == "__main__":
            lock = mp.Lock()
            p = mp.Process(target=flood, args=(lock,))
            p.start()
            p.join()
            print(p.exitcode)
    """,
            env=(("JUDGE_START_METHOD", method),),
        )
    )
    assert run.exit_code == 0 and run.stdout == b"0\n", run.stderr.decode()
    events = _events(run)
    main = next(e["pid"] for e in events if e["e"] == "start")
    child = next(e["pid"] for e in events if e["e"] == "pstart")
    [cut] = [e for e in events if e["e"] == "trace_cut"]
    assert cut["pid"] == child and cut["n"] == CAP
    mine = [e for e in events if e["pid"] == child and e["e"] in TRACE_EVENTS and e["e"] != "trace_cut"]
    assert len(mine) == CHILD_CAP
    assert not any(e["e"] == "trace_cut" and e["pid"] == main for e in events)


def test_waits_of_the_solutions_own_code(box):
    run = box.run(
        _spec("""
        import queue, threading, time
        q = queue.Queue(maxsize=1)
        ev = threading.Event()
        cond = threading.Condition()
        def later():
            ev.wait()
            time.sleep(0.2)
            q.get()
            with cond:
                cond.notify()
            time.sleep(0.5)
        t = threading.Thread(target=later)
        q.put(1)
        with cond:
            t.start()
            time.sleep(0.5)
            ev.set()
            q.put(2)
            cond.wait()
        time.sleep(0)
        t.join()
        print(q.get())
    """)
    )
    assert run.stdout == b"2\n", run.stderr.decode()
    events = _trace_only(_events(run))
    main = next(e["tid"] for e in events if e["e"] == "start")
    [worker] = [e["tid"] for e in events if e["e"] == "tstart"]
    waits = defaultdict(list)
    for e in events:
        if e["e"] == "wait":
            waits[e["tid"]].append((e["what"], e["line"]))
    # Not q.put(1) (room in the queue) nor sleep(0) (it only yields).
    assert waits[main] == [("sleep", 16), ("put", 18), ("condition", 19), ("join", 21)]
    assert waits[worker] == [("event", 6), ("sleep", 7), ("sleep", 11)]
    assert Counter(e["tid"] for e in events if e["e"] == "wait") == Counter(
        e["tid"] for e in events if e["e"] == "wait_end"
    )
    # The Condition's RLock is the solution's: its wait() releases it and takes it again.
    [new] = [e for e in events if e["e"] == "lock_new"]
    assert new["kind"] == "RLock" and new["line"] == 4
    mine = [e["e"] for e in events if e["tid"] == main and e["e"] in ("lock_got", "lock_rel")]
    assert mine == ["lock_got", "lock_rel", "lock_got", "lock_rel"]
    theirs = Counter(e["e"] for e in events if e["tid"] == worker and e["e"] in ("lock_got", "lock_rel"))
    assert theirs == {"lock_got": 1, "lock_rel": 1}


def test_semaphores_and_rlocks_are_traced_as_locks(box):
    run = box.run(
        _spec("""
        import threading, multiprocessing as mp
        s = threading.BoundedSemaphore(2)
        r = threading.RLock()
        v = mp.Value("i", 0)
        with s:
            with r:
                with r:
                    with v.get_lock():
                        v.value += 1
        print(v.value)
    """)
    )
    assert run.stdout == b"1\n", run.stderr.decode()
    events = _trace_only(_events(run))
    kinds = {e["line"]: e["kind"] for e in events if e["e"] == "lock_new"}
    assert kinds == {2: "Semaphore", 3: "RLock", 4: "mp.RLock"}
    ops = Counter(e["e"] for e in events if e["e"] in ("lock_got", "lock_rel"))
    assert ops == {"lock_got": 4, "lock_rel": 4}  # the Value's own locking inside is a library's


OBSERVED = """
    import threading, asyncio, queue
    lock = threading.Lock()
    q = queue.Queue()
    def work():
        with lock:
            q.put(1)
    ts = [threading.Thread(target=work) for _ in range(2)]
    for t in ts: t.start()
    for t in ts: t.join()
    async def co():
        await asyncio.sleep(0)
    async def main():
        await asyncio.gather(co(), co())
    asyncio.run(main())
    print(q.qsize())
"""


def test_off_there_is_no_trace_event_and_the_counts_do_not_change(box):
    plain = box.run(_spec(OBSERVED, trace=False))
    traced = box.run(_spec(OBSERVED, trace=True))
    assert plain.stdout == traced.stdout == b"2\n"
    names = {e["e"] for e in _events(plain)}
    assert not names & set(TRACE_EVENTS) and "start" in names
    assert {e["e"] for e in _events(traced)} & set(TRACE_EVENTS)
    counted = ("threads_started", "processes_started", "tasks", "locks", "queues")
    assert {k: observe(plain).to_json()[k] for k in counted} == {k: observe(traced).to_json()[k] for k in counted}


def test_the_sandbox_switch_overrides_the_spec():
    with Sandbox(isolation="basic", trace=True) as b:
        run = b.run(_spec(THREE_THREADS, trace=False))
    assert sum(e["e"] == "tstart" for e in _events(run)) == 3
    with Sandbox(isolation="basic", trace=False) as b:
        run = b.run(_spec(THREE_THREADS, trace=True))
    assert run.stdout == b"15\n" and not {e["e"] for e in _events(run)} & set(TRACE_EVENTS)


def test_the_solution_does_not_see_the_setting(box):
    run = box.run(
        _spec("""
        import os
        print(sorted(k for k in os.environ if k.startswith("JUDGE_")))
    """)
    )
    assert run.stdout == b"[]\n"


def test_processes_tracing_at_once_never_mix_their_lines(box):
    """Each write is whole lines of at most PIPE_BUF bytes: _events() parses every line."""
    run = box.run(
        _spec(
            """
        import multiprocessing as mp, threading
        def work(n):
            lock = threading.Lock()
            for _ in range(n):
                with lock:
                    pass
        if __name__ == "__main__":
            ps = [mp.Process(target=work, args=(1000,)) for _ in range(4)]
            for p in ps: p.start()
            for p in ps: p.join()
    """,
            env=(("JUDGE_START_METHOD", "fork"),),
        )
    )
    assert run.exit_code == 0, run.stderr.decode()
    events = _events(run)
    per_child = Counter(e["pid"] for e in events if e["e"] == "lock_got")
    assert sorted(per_child.values()) == [1000] * 4


def test_the_portable_sandbox_traces_through_its_events_file():
    """No fd 3 there: the events file, the same events (a spawned child included)."""
    from judge.sandbox.portable import PortableSandbox

    with PortableSandbox(isolation="portable", trace=True) as b:
        run = b.run(_spec(CHILDREN, trace=False, env=(("JUDGE_START_METHOD", "spawn"),)))
    assert run.exit_code == 0 and run.stdout == b"spawn True\n", run.stderr.decode()
    events = _events(run)
    main = next(e["pid"] for e in events if e["e"] == "start")
    assert [e["ppid"] for e in events if e["e"] == "pstart"] == [main, main]
    assert sum(e["e"] == "lock_got" for e in events) == 2


def test_awaits_of_a_task_are_its_waits(box):
    """An asyncio task's awaits that suspend it (sleep, Event.wait, `async with lock`, Queue.get,
    gather) are waits on the task's own lane, with the line of the await."""
    from judge.timeline.build import build
    from judge.timeline.model import TASK

    run = box.run(
        _spec("""
        import asyncio
        async def worker(name, q, lock, ev):
            await ev.wait()
            async with lock:
                await asyncio.sleep(0.05)
            item = await q.get()
            print(name, item)
        async def main():
            q, lock, ev = asyncio.Queue(), asyncio.Lock(), asyncio.Event()
            tasks = [asyncio.create_task(worker(i, q, lock, ev)) for i in range(2)]
            await asyncio.sleep(0.05)
            ev.set()
            await asyncio.sleep(0.2)
            for i in range(2):
                q.put_nowait(i)
            await asyncio.gather(*tasks)
        asyncio.run(main())
    """)
    )
    assert run.exit_code == 0 and run.stdout == b"0 0\n1 1\n", run.stderr.decode()
    lanes = {lane.name: lane for lane in build(run.observations).lanes if lane.kind == TASK}
    waits = {name: [(s.what, s.line) for s in lane.waits()] for name, lane in lanes.items()}
    assert waits["task main"] == [("await sleep", 11), ("await sleep", 13), ("await gather", 16)]
    assert waits["task worker"] == [("await event", 3), ("await sleep", 5), ("await get", 6)]
    # The second worker finds the lock taken by the first: it waits for it.
    assert waits["task worker #2"] == [("await event", 3), ("await lock", 4), ("await sleep", 5), ("await get", 6)]
    assert all(s.end > s.start for lane in lanes.values() for s in lane.waits())
