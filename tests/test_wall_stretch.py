"""The wall-time limit is the run's own time: beside other work its deadline moves by the time
its processes waited for a CPU (judge/sandbox/runspec.py WALL_STRETCH), never further than
the cap, and an idle run is stopped on time. CI's processes-primes reference solutions got
TLE beside a burner on a slower runner before this (three re-measurements, all starved)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import time

import pytest

from judge.core.limits import Limits
from judge.sandbox import STOP_WALL, RunSpec, Sandbox
from judge.sandbox.portable import PortableSandbox
from judge.sandbox.proctree import WaitLog
from judge.sandbox.runspec import WALL_STRETCH, is_busy, stretched_deadline
from tests.conftest import SWEEPS, one_sweep

pytestmark = pytest.mark.xdist_group(SWEEPS)

SCHEDSTAT = os.path.exists(f"/proc/{os.getpid()}/schedstat")
needs_schedstat = pytest.mark.skipif(
    not SCHEDSTAT,
    reason="the run-queue wait is read from Linux's /proc/PID/schedstat; elsewhere the deadline never moves",
)


def test_the_deadline_moves_by_the_wait_up_to_the_cap():
    assert stretched_deadline(100.0, 2.0, 0.0, now=102.0) is None  # quiet: stopped on time
    assert stretched_deadline(100.0, 2.0, 0.5, now=102.0) == 102.5
    assert stretched_deadline(100.0, 2.0, 60.0, now=102.0) == 100.0 + 2.0 * WALL_STRETCH
    assert stretched_deadline(100.0, 2.0, 60.0, now=100.0 + 2.0 * WALL_STRETCH) is None  # the cap
    assert stretched_deadline(100.0, 2.0, 0.005, now=102.0) is None  # not worth a wake-up


@contextlib.contextmanager
def _starving(per_core: int, cores: set[int] | None = None):
    """Busy processes, `per_core` for every core (of `cores`, each kept to them; default: the
    machine's), while the block runs. Each in a session of its own: with Linux's autogroup
    scheduling every session shares the CPUs equally, and the run is in one of its own (the
    sandbox's setsid); burners in one session would get no more than the run's tree together."""
    code = "import time\nend = time.time() + 120\nwhile time.time() < end:\n    pass\n"
    count = per_core * (len(cores) if cores else os.cpu_count() or 1)
    pin = (lambda: os.sched_setaffinity(0, cores)) if cores else None
    procs = [
        subprocess.Popen([sys.executable, "-c", code], start_new_session=True, preexec_fn=pin) for _ in range(count)
    ]
    try:
        time.sleep(0.2)  # running before the run starts
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def _spec(code: str, wall: float) -> RunSpec:
    return RunSpec(
        argv=(sys.executable, "sol.py"),
        limits=Limits(time=30, wall_time=wall),
        files=(("sol.py", textwrap.dedent(code).encode()),),
    )


# About 0.7 s of one CPU: inside a 1.5 s wall limit on any machine the suite runs on, outside
# it with a third of a core.
WORK = """\
    import time
    end = time.process_time() + 0.7
    while time.process_time() < end:
        pass
    print("done")
"""


@pytest.fixture(params=["posix", "portable"])
def box(request):
    with Sandbox(isolation="basic") if request.param == "posix" else PortableSandbox(isolation="portable") as b:
        yield b


@needs_schedstat
def test_a_starved_run_gets_its_own_time_an_idle_one_is_stopped_on_time(box):
    with one_sweep(), _starving(per_core=2):
        done = box.run(_spec(WORK, wall=1.5))
        forever = box.run(_spec("while True:\n    pass\n", wall=1.0))
        idle = box.run(_spec("import time\ntime.sleep(60)\n", wall=1.0))
    # Four busy sessions beside the run's on two cores: 0.7 s of CPU takes about two seconds
    # of wall time. Stopped at 1.5 s this was a TLE that only the machine's load caused. (The
    # cap, 4.5 s, leaves room for the other xdist worker's test as well.)
    assert done.stopped is None and done.stdout == b"done\n", (done.stopped, done.wall_time, done.cpu_time)
    assert done.wall_time > 1.5 or done.cpu_time < 0.7 * 0.9  # it did wait (or the machine is huge)
    # A loop that never ends is stopped at the cap, busy: TLE, not a hang.
    assert forever.stopped == STOP_WALL and is_busy(forever)
    assert 1.0 < forever.wall_time < 1.0 * WALL_STRETCH + 1.0
    # Sleeping waits for no CPU: stopped at the limit as on a quiet machine.
    assert idle.stopped == STOP_WALL and not is_busy(idle)
    assert idle.wall_time < 1.0 + 0.5


def test_the_deadline_moves_only_by_the_wait(box):
    """Without a burner (beside at most the other xdist worker's test) a busy run stops at the
    limit plus what it waited for a CPU, never later: on a quiet machine, at the limit."""
    with one_sweep():
        forever = box.run(_spec("while True:\n    pass\n", wall=0.5))
    assert forever.stopped == STOP_WALL and is_busy(forever)
    # runqueue_wait: the tree's wait read at the stop (here one process: its own).
    assert 0.5 <= forever.wall_time < 0.5 + forever.runqueue_wait + 0.3, (forever.wall_time, forever.runqueue_wait)


def test_waits_side_by_side_count_once_one_after_another_add_up():
    log = WaitLog()
    log.see(1, 0)
    log.close_poll(now=10.0)
    # Two processes waiting at the same time: the run lost the longer wait, not the sum.
    log.see(1, 300_000_000)
    log.see(2, 200_000_000)
    log.close_poll(now=10.5)
    assert log.set_back == pytest.approx(0.3)
    # Process 1 ended; process 3 runs after it: its wait adds to what the run lost.
    log.see(3, 400_000_000)
    log.close_poll(now=11.0)
    assert log.set_back == pytest.approx(0.7)
    assert log.longest == pytest.approx(0.4) and log.total == pytest.approx(0.9)
    # The threads of one process wait side by side: never more than the time since the last poll.
    log.see(3, 2_400_000_000)
    log.close_poll(now=11.5)
    assert log.set_back == pytest.approx(1.2)


# Six children, one after another, each about 0.1 s of CPU: a program that starts and joins
# in the same loop. Its own time is about 0.8 s of the 1.4 s limit. CI's processes-primes
# rv/start_join_same_loop.py got TLE in place of RV: the deadline moved by the longest wait of
# one child, each child's wait ending with it.
ONE_AFTER_ANOTHER = """\
    import subprocess, sys
    burn = "import time\\nend = time.process_time() + 0.1\\nwhile time.process_time() < end:\\n    pass\\n"
    for _ in range(6):
        subprocess.run([sys.executable, "-c", burn], check=True)
    print("done")
"""


@needs_schedstat
def test_children_starved_one_after_another_get_their_own_time(box):
    with one_sweep(), _starving(per_core=2):
        done = box.run(_spec(ONE_AFTER_ANOTHER, wall=1.4))
    assert done.stopped is None and done.stdout == b"done\n", (done.stopped, done.wall_time, done.cpu_time)


@needs_schedstat
def test_an_accepted_solution_on_a_machine_too_busy_to_measure_is_ie_never_rv(tmp_path):
    """A "not concurrent" verdict the load explains is measured again after a pause, and if the
    load still explains the last measurement the test is IE (the judge could not measure), never
    RV. One core for the judge and the solution, shared with twelve busy sessions: the accepted
    asyncio solution gets about a thirteenth of it and takes well over the 0.84 s allowed. CI,
    2026-12-07: this solution, starved in three runs back to back beside a burner and two busy
    test workers, was RV (judge/grading/remeasure.py CONCURRENCY_PAUSES)."""
    import json
    import shutil

    import yaml

    from tests.conftest import PROBLEMS, run_judge

    problem = tmp_path / "asyncio-gather"
    shutil.copytree(PROBLEMS / "asyncio-gather", problem, ignore=shutil.ignore_patterns("solutions", "statement*"))
    for test in (problem / "tests").glob("*/*"):
        if not test.name.startswith("02.") or test.parent.name != "sample":
            test.unlink()  # one test: four measurements of it take long enough
    spec = yaml.safe_load((problem / "problem.yaml").read_text(encoding="utf-8"))
    spec["groups"] = [{"name": "sample", "tests": "sample/*", "points": 100}]
    (problem / "problem.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    solution = PROBLEMS / "asyncio-gather" / "solutions" / "ac" / "taskgroup.py"
    core, before = {min(os.sched_getaffinity(0))}, os.sched_getaffinity(0)
    with one_sweep(), _starving(per_core=12, cores=core):
        os.sched_setaffinity(0, core)  # the judge started below inherits it
        try:
            run = run_judge("check", str(problem), str(solution), "--json", "-", timeout=300)
        finally:
            os.sched_setaffinity(0, before)
    assert run.code == 3, run.err  # the contract's exit code of an internal error: not the student's
    (test,) = json.loads(run.out)["results"][0]["tests"]
    concurrency = test["concurrency"]
    assert test["verdict"] == "IE", (test["verdict"], test["message"], concurrency)
    assert "the machine was too busy" in test["message"] and "0.84 s allowed" in test["message"]
    assert concurrency["wall_time"] > 0.84 and concurrency["cores_wanted"] <= 1.0  # starved, not busy itself
