"""The portable sandbox (judge/sandbox/portable.py), in a Windows stand-in on this machine.

`judge check --isolation portable` runs in an interpreter where, before the judge is
imported, `resource` and `fcntl` cannot be imported and `os.fork`, `os.wait4`, `os.setsid`,
`os.killpg` and `socket.AF_UNIX` are gone: what Windows lacks. It is done by a sitecustomize
on PYTHONPATH, so the sandbox helper the judge starts (a fresh interpreter that inherits
PYTHONPATH) is a stand-in too; the solutions get the scrubbed environment and run as usual.
psutil is imported first: its Linux backend needs `resource`, its Windows one does not.

Checked: every solution of the six assigned problems and of three concurrency exercises gets
the verdict its folder names (observations through the events file), hostile programs get
their basic-mode verdicts where the portable layers exist and leave nothing running, the
report names the portable layers, and the levels that need POSIX refuse in one line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from tests.conftest import PROBLEMS, ROOT, run_judge

ASSIGNED = ("3449", "3457", "3504", "3506", "3737", "3738")
CONCURRENCY = ("threads-lock", "processes-lock", "asyncio-gather")
HOSTILE = ROOT / "tests" / "hostile"
# Basic mode's verdicts (tests/hostile/expected.yaml) for the layers portable has too. A fork
# bomb may be MLE as in basic: each forked interpreter's RSS counts the pages it shares, so
# 13 copies read as 130 MiB before the 33rd task exists.
HOSTILE_VERDICTS = {
    "infinite_loop.py": {"TLE"},
    "sleep_forever.py": {"ILE"},
    "memory_bomb.py": {"MLE"},
    "memory_split.py": {"MLE"},
    "stdout_flood.py": {"OLE"},
    "fork_bomb.py": {"SV", "MLE"},
    "thread_bomb.py": {"SV"},
    "kill_parent.py": {"SV"},
    "busy_children.py": {"TLE"},
    "zombies.py": {"AC"},
}
# Programs that fork by hand: where this system has no fork (Windows), they cannot run at all.
NEED_FORK = {"fork_bomb.py", "memory_split.py", "zombies.py"}
WINDOWS_LACKS = {"resource", "fcntl", "os.fork", "os.wait4", "os.setsid", "os.killpg", "socket.AF_UNIX"}
PORTABLE_ON_WINDOWS = ["helper", "scrubbed-env", "polling", "tree-kill", "events-file"]
# The stand-in keeps SIGUSR1 where the system has it (the idle-timeout stack dump): not Windows.
LAYERS = PORTABLE_ON_WINDOWS + (["stack-dump"] if hasattr(signal, "SIGUSR1") else [])


@dataclass
class Checked:
    code: int
    out: str
    err: str

    @property
    def report(self) -> dict:
        return json.loads(self.out)

    @property
    def result(self) -> dict:
        return self.report["results"][0]


@pytest.fixture(scope="module")
def standin(windows_standin) -> dict[str, str]:
    """The environment that makes `python` a Windows stand-in (see the module's docstring)."""
    return windows_standin


def _check(standin: dict[str, str], problem: Path | str, solution: Path, *extra: str, timeout: float = 300) -> Checked:
    r = run_judge(
        "check",
        str(problem),
        str(solution),
        "--isolation",
        "portable",
        "--json",
        "-",
        *extra,
        env=standin,
        timeout=timeout,
    )
    return Checked(r.code, r.out, r.err)


def test_the_standin_lacks_what_windows_lacks(standin):
    probe = (
        "import os, socket, sys\n"
        "missing = set()\n"
        "for name in ('resource', 'fcntl'):\n"
        "    try:\n"
        "        __import__(name)\n"
        "    except ImportError:\n"
        "        missing.add(name)\n"
        "missing |= {'os.' + n for n in ('fork', 'wait4', 'setsid', 'killpg') if not hasattr(os, n)}\n"
        "if not hasattr(socket, 'AF_UNIX'):\n"
        "    missing.add('socket.AF_UNIX')\n"
        "import judge.cli, judge.grading.grader, judge.sandbox.portable, judge.sandbox.portable_helper\n"
        "import judge.sandbox.client, judge.sandbox.supervise, judge.sandbox.confine, judge.grading.interactive\n"
        "print(' '.join(sorted(missing)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env={**os.environ, **standin}, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()) == WINDOWS_LACKS


def _solutions(names: tuple[str, ...]) -> list:
    from judge.problem import load_expected, load_problem

    cases = []
    for name in names:
        for exp in load_expected(load_problem(PROBLEMS / name)):
            rel = exp.solution.relative_to(PROBLEMS / name / "solutions")
            cases.append(pytest.param(name, exp.solution, exp.verdict.value, id=f"{name}/{rel}"))
    return cases


@pytest.mark.parametrize("problem,solution,verdict", _solutions(ASSIGNED))
def test_assigned_problems_get_their_verdicts(portable_sweep, problem, solution, verdict):
    """Read from the one portable validate of every problem (conftest's portable_sweep)."""
    result = portable_sweep.result(solution)
    assert result["verdict"] == verdict, (result.get("message"), portable_sweep.run.err[-2000:])
    assert portable_sweep.line(solution).startswith("ok "), portable_sweep.line(solution)
    assert portable_sweep.report["environment"]["isolation"] == LAYERS
    assert portable_sweep.report["environment"]["zygote"] is False
    if verdict != "CE":  # (a CE runs nothing)
        assert result["isolation"] == LAYERS


@pytest.mark.parametrize("problem,solution,verdict", _solutions(CONCURRENCY))
def test_concurrency_exercises_get_their_verdicts_from_observations(portable_sweep, problem, solution, verdict):
    result = portable_sweep.result(solution)
    assert result["verdict"] == verdict, (result.get("message"), portable_sweep.run.err[-2000:])
    if verdict != "AC":
        return
    # The rules passed because the bootstrap's events came back through the events file.
    seen = [t["concurrency"] for t in result["tests"] if t.get("concurrency")]
    assert seen and len(seen) == len(result["tests"])
    first = seen[0]
    if problem == "threads-lock":
        assert first["threads_started"] >= 2 and first["locks"], first
    elif problem == "processes-lock":
        assert first["processes_started"] >= 2 and first["locks"], first
    else:
        assert first["tasks"] >= 2, first


def _strays(marker: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        try:
            if proc.info["status"] != psutil.STATUS_ZOMBIE and marker in " ".join(proc.info["cmdline"] or []):
                found.append(proc)
        except psutil.Error:
            continue
    return found


@pytest.mark.parametrize("program", sorted(HOSTILE_VERDICTS))
def test_hostile_programs_get_their_basic_verdicts_and_leave_nothing(standin, program, tmp_path):
    if program in NEED_FORK and not hasattr(os, "fork"):
        pytest.skip(f"{program} forks by hand: this system has no fork")
    # A name of its own, to find any process of it left running afterwards.
    solution = tmp_path / f"portable_{program}"
    solution.write_text((HOSTILE / program).read_text())
    checked = _check(standin, HOSTILE / "problem", solution, timeout=120)
    assert checked.code == (0 if HOSTILE_VERDICTS[program] == {"AC"} else 1), checked.err[-2000:]
    result = checked.result
    assert result["verdict"] in HOSTILE_VERDICTS[program], result.get("message")
    assert all(t["verdict"] in HOSTILE_VERDICTS[program] for t in result["tests"]), result["tests"]
    assert "Traceback" not in checked.err
    deadline = time.monotonic() + 2
    while (strays := _strays(solution.name)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for proc in strays:
        proc.kill()
    assert not strays, f"left running: {[p.pid for p in strays]}"


def test_the_report_and_the_warning_name_what_portable_lacks(standin, tmp_path):
    solution = PROBLEMS / "3504" / "solutions" / "ac" / "one_condition.py"
    checked = _check(standin, "3504", solution)
    assert checked.code == 0, checked.err
    layers = checked.report["environment"]["isolation"]
    assert layers == LAYERS
    assert not {"session", "rlimits", "subreaper", "netns", "cgroup"} & set(layers)
    warning = [line for line in checked.err.splitlines() if "warning" in line]
    assert (
        len(warning) == 1
        and "portable" in warning[0]
        and "rlimits" in warning[0]
        and "subreaper" in warning[0]
        and "session" in warning[0]
    ), checked.err


def test_auto_is_portable_and_posix_levels_refuse_in_one_line_without_fork(standin):
    solution = PROBLEMS / "3504" / "solutions" / "ac" / "one_condition.py"
    auto = run_judge("check", "3504", str(solution), "--isolation", "auto", "--json", "-", env=standin)
    assert auto.code == 0, auto.err
    assert json.loads(auto.out)["environment"]["isolation"][: len(PORTABLE_ON_WINDOWS)] == PORTABLE_ON_WINDOWS
    basic = run_judge("check", "3504", str(solution), "--isolation", "basic", env=standin)
    assert basic.code == 2
    lines = basic.err.strip().splitlines()
    assert len(lines) == 1 and "portable" in lines[0] and "Traceback" not in basic.err, basic.err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_helper_between_judge_and_solution_is_a_standin_too(standin, tmp_path):
    """The solution's parent is the portable helper, started with the stand-in's PYTHONPATH
    (so it ran without fork, wait4, setsid, killpg, resource): not the judge itself."""
    where = tmp_path / "parent.txt"
    solution = tmp_path / "parent_probe.py"
    solution.write_text(
        "import os\n"
        f"with open({str(where)!r}, 'w') as fh:\n"
        "    cmd = open(f'/proc/{os.getppid()}/cmdline', 'rb').read().replace(b'\\0', b' ').decode()\n"
        "    env = open(f'/proc/{os.getppid()}/environ', 'rb').read().split(b'\\0')\n"
        "    path = [e.decode() for e in env if e.startswith(b'PYTHONPATH=')]\n"
        "    fh.write(cmd + '\\n' + ' '.join(path) + '\\n')\n"
        "print('NO')\n"
    )
    checked = _check(standin, "3504", solution)
    assert checked.code == 1
    cmd, path = where.read_text().splitlines()
    assert "judge.sandbox.portable_helper" in cmd
    assert standin["PYTHONPATH"].split(os.pathsep)[0] in path


# -- the sandbox's own interface, here without the stand-in ---------------------------


def _spec(code: str, name: str = "sol.py", **limits):
    from judge.core.limits import Limits
    from judge.sandbox.runspec import RunSpec

    return RunSpec(argv=(sys.executable, name), limits=Limits(**limits), files=((name, code.encode()),))


def test_a_cancel_stops_the_run_and_only_that_one():
    from judge.sandbox.factory import make_sandbox
    from judge.sandbox.runspec import STOP_CANCELLED

    with make_sandbox("portable") as box:
        cancel = box.canceller()
        threading.Timer(0.5, cancel).start()
        start = time.monotonic()
        result = box.run(_spec("import time\ntime.sleep(30)\n", wall_time=20.0))
        assert result.stopped == STOP_CANCELLED and time.monotonic() - start < 10
        cancel()  # its run is over: the next one is not touched
        again = box.run(_spec("print('ok')\n"))
        assert again.ok and again.stdout == b"ok\n"


def test_interactive_runs_say_they_need_posix():
    from dataclasses import replace

    from judge.sandbox.factory import make_sandbox
    from judge.sandbox.runspec import STOP_START_FAILED

    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()
    try:
        with make_sandbox("portable") as box:
            result = box.run(replace(_spec("print(input())\n"), interactive=True), stdio=(to_r, from_w))
        assert result.stopped == STOP_START_FAILED and b"POSIX" in result.stderr
    finally:
        os.close(to_w)
        os.close(from_r)


def test_a_new_helper_takes_over_after_a_run_killed_its_parent():
    from judge.sandbox.factory import make_sandbox
    from judge.sandbox.runspec import STOP_HELPER_LOST

    with make_sandbox("portable") as box:
        name = f"parent_killer_{os.getpid()}.py"
        killed = box.run(_spec("import os, time\nos.kill(os.getppid(), 9)\ntime.sleep(30)\n", name))
        assert killed.stopped == STOP_HELPER_LOST
        after = box.run(_spec("print(6 * 7)\n"))
        assert after.ok and after.stdout == b"42\n"
    assert not _strays(name)  # the orphaned solution was killed by the judge


def test_a_run_that_killed_its_helper_before_its_pid_was_told_is_killed():
    """The run above, had it killed the helper before the helper could tell its pid (its
    first line, on a loaded machine: seen once under the suite's load). The judge finds it
    by the work folder its environment names, inside the lost helper's folder, and kills it
    and what it started; a process outside that folder is left alone."""
    from judge.sandbox.factory import make_sandbox
    from judge.sandbox.runspec import STOP_HELPER_LOST

    marker = f"unannounced_{os.getpid()}"
    code = f"import subprocess, sys, time  # {marker}\n"
    code += "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)  # " + marker + "'])\n"
    code += "time.sleep(60)\n"
    with make_sandbox("portable") as box:
        assert box.run(_spec("print(6 * 7)\n")).ok  # the helper and its folder exist
        work = os.path.join(box._tmp, "judge-run-unannounced", "work")
        os.makedirs(work)
        env = {"PATH": os.environ["PATH"], "HOME": work, "TMPDIR": work}
        run = subprocess.Popen([sys.executable, "-c", code], env=env, start_new_session=True)
        bystander = subprocess.Popen([sys.executable, "-c", f"import time  # {marker}\ntime.sleep(60)"])
        try:
            deadline = time.monotonic() + 10
            while len(_strays(marker)) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(_strays(marker)) == 3, "the run and its child did not start"
            lost = box._helper_lost(None)  # as when the helper's pipe ends with no "started"
            assert lost.stopped == STOP_HELPER_LOST
            run.wait(timeout=5)
            deadline = time.monotonic() + 5
            while len(_strays(marker)) > 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert [p.pid for p in _strays(marker)] == [bystander.pid]
        finally:
            for proc in _strays(marker):
                proc.kill()
            run.kill()
            bystander.kill()
            run.wait()
            bystander.wait()


def test_a_judge_killed_mid_run_leaves_nothing_running(standin, tmp_path):
    """The helper sees EOF on its pipe from the judge: it stops the run, kills its tree, exits."""
    solution = tmp_path / "portable_orphan_sleeper.py"
    solution.write_text("import time\ntime.sleep(60)\n")
    env = {**os.environ, **standin}
    env.pop("JUDGE_CONFIG", None)
    judge = subprocess.Popen(
        [sys.executable, "-m", "judge", "check", str(HOSTILE / "problem"), str(solution), "--isolation", "portable"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        runs: list[psutil.Process] = []
        while not runs and time.monotonic() < deadline:  # (the judge's own command line names it too)
            time.sleep(0.05)
            runs = [p for p in _strays(solution.name) if p.pid != judge.pid]
        assert runs, "the solution never started"
        helpers = [p for p in psutil.Process(judge.pid).children() if "portable_helper" in " ".join(p.cmdline())]
        assert helpers
    finally:
        judge.kill()
        judge.wait()
    deadline = time.monotonic() + 5
    while (
        _strays(solution.name) or any(h.is_running() and h.status() != psutil.STATUS_ZOMBIE for h in helpers)
    ) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _strays(solution.name)
    for proc in left:
        proc.kill()
    assert not left, "the solution outlived the judge"
    assert not any(h.is_running() and h.status() != psutil.STATUS_ZOMBIE for h in helpers), (
        "a helper outlived the judge"
    )


def test_a_run_whose_judge_is_gone_as_it_starts_is_killed(tmp_path):
    """The moment the test above can hit by chance, made certain: the helper tells the judge
    a run's pid and finds the pipe broken (the judge was killed just then). The run, a session
    of its own that nobody will watch, is killed before the helper goes (it did outlive it)."""
    import threading

    from judge.core.limits import Limits
    from judge.sandbox import portable_run
    from judge.sandbox.layers import plan_isolation
    from judge.sandbox.runspec import RunSpec

    marker = f"judge_gone_{os.getpid()}"
    spec = RunSpec(
        argv=(sys.executable, "-c", f"import time  # {marker}\ntime.sleep(60)"),
        limits=Limits(time=10, wall_time=30),
    )
    started: list[int] = []

    def judge_gone(pid: int, created: float | None) -> None:
        started.append(pid)
        raise BrokenPipeError(32, "Broken pipe")

    with pytest.raises(BrokenPipeError):
        portable_run.run(spec, None, plan_isolation("portable").layers, threading.Event(), on_start=judge_gone)
    assert started
    deadline = time.monotonic() + 5
    while _strays(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _strays(marker)
    for proc in left:
        proc.kill()
    assert not left, "the run outlived the helper that started it"
