"""The controlled scheduler (judge/sandbox/schedule.py): real programs in the real sandbox, one
interleaving per seed, the same on every run and under any load."""

from __future__ import annotations

import json
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from judge.core.limits import Limits
from judge.grading.observe import observe
from judge.sandbox import RunSpec, Sandbox
from tests.conftest import PROBLEMS, SWEEPS, cpu_burner, one_sweep, run_judge

BOOTSTRAP = str(Path(__file__).resolve().parents[1] / "judge" / "sandbox" / "bootstrap.py")
DEADLOCK_EXIT = 86

# The lecture's counters, printed without a lock: lines of two threads can glue.
UNLOCKED_COUNTERS = """
    import threading, time
    def count(n, start, end):
        for v in range(start, end):
            print(f"Thread {n}: {v}")
            time.sleep(0.1)
    ts = [threading.Thread(target=count, args=(i, 10 * i, 10 * i + 4)) for i in range(1, 5)]
    for t in ts: t.start()
    for t in ts: t.join()
    print("END")
"""
LOCKED_COUNTERS = UNLOCKED_COUNTERS.replace(
    '            print(f"Thread {n}: {v}")', '            with lock:\n                print(f"Thread {n}: {v}")'
).replace("import threading, time", "import threading, time\n    lock = threading.Lock()")


@pytest.fixture(scope="module")
def box():
    with Sandbox(isolation="basic", zygote=True) as b:
        yield b


def _run(box, code: str, seed: int, stdin: bytes = b"", zygote: bool = True, trace: bool = False):
    spec = RunSpec(
        argv=(sys.executable, BOOTSTRAP, "sol.py"),
        limits=Limits(time=20, wall_time=60),
        files=(("sol.py", textwrap.dedent(code).lstrip("\n").encode()),),
        observe=True,
        trace=trace,
        zygote=zygote,
        env=(("JUDGE_SCHEDULE", str(seed)),),
        schedule=seed,
    )
    with tempfile.NamedTemporaryFile("wb", suffix=".in", delete=False) as fh:
        fh.write(stdin)
    try:
        return box.run(spec, Path(fh.name))
    finally:
        Path(fh.name).unlink()


@pytest.mark.xdist_group(SWEEPS)  # its burner is a sweep's
def test_a_seed_is_one_interleaving_byte_for_byte_quiet_and_beside_a_burner(box):
    """The same seed gives the same output, from a zygote or a fresh interpreter, on a quiet
    machine and beside as many busy processes as cores; different seeds explore."""
    seeds = range(1, 6)
    quiet = {seed: _run(box, UNLOCKED_COUNTERS, seed).stdout for seed in seeds}
    fresh = {seed: _run(box, UNLOCKED_COUNTERS, seed, zygote=False).stdout for seed in seeds}
    with one_sweep(), cpu_burner(60.0):  # (a burner never loads another worker's sweep)
        loaded = {seed: _run(box, UNLOCKED_COUNTERS, seed).stdout for seed in seeds}
    assert quiet == fresh == loaded
    assert len(set(quiet.values())) > 1, "every seed gave the same interleaving"
    assert all(out.endswith(b"END\n") and out.count(b"Thread") == 16 for out in quiet.values())


def test_unlocked_prints_are_an_output_race_in_every_seed_and_locked_ones_never(box):
    for seed in range(1, 9):
        racy = observe(_run(box, UNLOCKED_COUNTERS, seed))
        assert racy.output_race is not None, seed
        assert racy.output_race["line"] == 4 and racy.output_race["thread"] != racy.output_race["other"]
        locked = _run(box, LOCKED_COUNTERS, seed)
        assert observe(locked).output_race is None, seed
        lines = locked.stdout.decode().splitlines()
        assert len(lines) == 17 and all(line == "END" or line.startswith("Thread ") for line in lines)
        assert all(line.count("Thread") <= 1 for line in lines)


def test_writes_ordered_by_join_or_an_event_are_no_race(box):
    code = """
        import threading
        done = threading.Event()
        def worker():
            print("worker")
            done.set()
        t = threading.Thread(target=worker)
        print("before")             # before start(): ordered
        t.start()
        done.wait()
        print("after the event")    # the event orders it after the worker's line
        t.join()
        print("after join")
    """
    for seed in range(1, 9):
        run = _run(box, code, seed)
        assert run.stdout == b"before\nworker\nafter the event\nafter join\n"
        assert observe(run).output_race is None, seed


def test_a_lost_update_is_found_by_every_seed_and_a_lock_prevents_it(box):
    starter = (PROBLEMS / "threads-lock" / "solutions" / "rv" / "starter_no_lock.py").read_text()
    ref = (PROBLEMS / "threads-lock" / "solutions" / "ac" / "ref.py").read_text()
    for seed in range(1, 9):
        assert int(_run(box, starter, seed, b"3 200\n").stdout) < 600, seed
        assert _run(box, ref, seed, b"3 200\n").stdout == b"600\n", seed


def test_a_deadlock_is_reported_at_once_with_every_threads_place(box):
    from tests.test_trace_events import TWO_LOCK_DEADLOCK as code  # each holds one lock, wants the other

    run = _run(box, code, 1, trace=True)
    obs = observe(run)
    assert run.exit_code == DEADLOCK_EXIT and run.stopped is None and obs.deadlock
    assert run.wall_time < 10  # found at once, not at the 60 s wall limit
    assert 'sol.py", line 6' in obs.deadlock_dump and 'sol.py", line 11' in obs.deadlock_dump
    from judge.timeline import build, deadlock_cycle

    assert len(deadlock_cycle(build(run.observations))) == 2  # the timeline sees the cycle too


def test_time_is_virtual_sleeps_and_every_timeout(box):
    code = """
        import queue, threading, time
        t0, w0 = time.monotonic(), time.time()
        lock, cond, ev, q = threading.Lock(), threading.Condition(), threading.Event(), queue.Queue()
        def holder():
            with lock:
                time.sleep(30)
        h = threading.Thread(target=holder)
        h.start()
        time.sleep(1)
        print("acquire with timeout:", lock.acquire(timeout=2))
        print("event:", ev.wait(5))
        try:
            q.get(timeout=3)
        except queue.Empty:
            print("queue: empty")
        with cond:
            print("wait_for:", cond.wait_for(lambda: False, timeout=4))
        print("alive:", h.is_alive())
        h.join()
        print("alive:", h.is_alive())
        print("elapsed:", round(time.monotonic() - t0, 3), round(time.time() - w0, 3))
    """
    for seed in (1, 2):
        run = _run(box, code, seed)
        assert run.stdout.decode().splitlines() == [
            "acquire with timeout: False",
            "event: False",
            "queue: empty",
            "wait_for: False",
            "alive: True",
            "alive: False",
            "elapsed: 30.0 30.0",
        ], run.stderr.decode()
        assert run.wall_time < 10  # 30 s of sleeps on a virtual clock


def test_a_thread_pool_and_a_daemon_run_under_the_scheduler(box):
    code = """
        import threading, time
        from concurrent.futures import ThreadPoolExecutor
        def forever():
            while True:
                time.sleep(1)
        threading.Thread(target=forever, daemon=True).start()
        with ThreadPoolExecutor(max_workers=3) as pool:
            print(sum(pool.map(lambda x: x * x, range(100))))
        pool2 = ThreadPoolExecutor(max_workers=2)  # never shut down: the exit hook does it
        print(pool2.submit(pow, 2, 10).result())
    """
    for seed in range(1, 5):
        run = _run(box, code, seed)
        assert run.exit_code == 0 and run.stdout == b"328350\n1024\n", run.stderr.decode()


def test_the_real_run_writes_whole_lines(box):
    """Outside a schedule, a thread's line is written whole: two threads printing without a
    lock never glue in the real run (whether they may is the schedules' verdict)."""
    code = """
        import sys, threading
        sys.setswitchinterval(1e-6)
        def say(n):
            for i in range(300):
                print(f"Thread {n}: {i}", "x", sep=" ")
                sys.stdout.write(f"raw {n}\\n")
        ts = [threading.Thread(target=say, args=(i,)) for i in range(4)]
        for t in ts: t.start()
        for t in ts: t.join()
        print("tail without newline", end="")
    """
    spec = RunSpec(
        argv=(sys.executable, BOOTSTRAP, "sol.py"),
        limits=Limits(time=20, wall_time=60),
        files=(("sol.py", textwrap.dedent(code).lstrip("\n").encode()),),
        observe=True,
    )
    run = box.run(spec, None)
    lines = run.stdout.decode().split("\n")
    assert lines[-1] == "tail without newline"
    body = lines[:-1]
    assert len(body) == 2400
    assert all((line.startswith("Thread ") and line.endswith(" x")) or line.startswith("raw ") for line in body)


def test_check_replays_a_schedule_that_grading_named(tmp_path):
    """The report names the failing schedule; `judge check --schedule SEED` gives the same
    verdict and message, every time."""
    solution = PROBLEMS / "threads-counters" / "solutions" / "rv" / "unlocked_print.py"
    graded = run_judge("check", "threads-counters", str(solution), "--json", "-")
    report = json.loads(graded.out)["results"][0]
    failed = next(t for t in report["tests"] if t["verdict"] != "AC")
    seed = failed["schedule"]
    assert report["verdict"] == "RV" and "unlocked-print" in report["hint_ids"] and seed >= 1

    def replay() -> dict:
        r = run_judge("check", "threads-counters", str(solution), "--schedule", str(seed), "--json", "-")
        assert r.code == 1, r.err
        result = json.loads(r.out)["results"][0]
        return {t["name"]: (t["verdict"], t["message"]) for t in result["tests"]}

    first, second = replay(), replay()
    assert first == second
    assert first[failed["name"]][0] == "RV"
    refused = run_judge(
        "check", "3504", str(PROBLEMS / "3504" / "solutions" / "ac" / "nested_ifs.py"), "--schedule", "1"
    )
    assert refused.code == 2 and "runs no controlled schedules" in refused.err


def test_tracing_a_schedule_does_not_change_its_interleaving(box):
    """`--schedule SEED --trace`: the timeline is of the very interleaving the untraced run
    took (tracing adds no switch point), for locks, RLocks, semaphores and conditions."""
    code = """
        import threading, time
        lock, rlock, sem, cond = threading.Lock(), threading.RLock(), threading.Semaphore(2), threading.Condition()
        ready = []
        def worker(n):
            for i in range(30):
                with sem:
                    with lock:
                        with rlock:
                            with rlock:
                                print(n, i)
                    time.sleep(0.001 * (n % 3))
            with cond:
                ready.append(n)
                cond.notify_all()
        ts = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in ts: t.start()
        with cond:
            cond.wait_for(lambda: len(ready) == 4)
        print("order", ready)
    """
    outputs = set()
    for seed in range(1, 7):
        plain, traced = _run(box, code, seed), _run(box, code, seed, trace=True)
        assert plain.exit_code == 0, plain.stderr.decode()
        assert plain.stdout == traced.stdout, seed
        assert b'"e":"lock_got"' in traced.observations
        outputs.add(plain.stdout)
    assert len(outputs) > 1
