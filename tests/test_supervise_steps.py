"""The steps of a sandboxed run (supervise.py, portable_run.py) and of the GitHub Classroom
import (classroom.py), each on its own: real processes, real wait statuses, real files."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import psutil
import pytest

from judge.core.errors import ConfigError
from judge.core.limits import Limits
from judge.importers import classroom
from judge.importers.common import ProblemBuilder
from judge.sandbox import portable_run, proctree, supervise
from judge.sandbox.layers import plan_isolation
from judge.sandbox.portable_tree import Tracker
from judge.sandbox.runspec import (
    STOP_CPU,
    STOP_MEMORY,
    STOP_OUTPUT,
    STOP_PROCESSES,
    STOP_START_FAILED,
    STOP_WALL,
    RunResult,
    RunSpec,
)
from judge.sandbox.zygote import Spawned

posix_only = pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs wait4 (POSIX)")
MiB = 1 << 20
ROOMY = Limits(time=100, wall_time=100, memory=1 << 40, processes=1000)


def _finished(code: str) -> tuple[int, object]:
    """Run `code` in a fresh interpreter to its end: its raw wait status and rusage."""
    pid = os.posix_spawn(sys.executable, [sys.executable, "-c", code], dict(os.environ))
    _, status, rusage = os.wait4(pid, 0)
    return status, rusage


# -- supervise.py: the result from a finished child -------------------------------------------


@posix_only
def test_the_exit_step_reports_a_real_exit_code_and_signal():
    status, _ = _finished("import sys; sys.exit(3)")
    result = RunResult()
    assert supervise._exit_verdict(result, status, None, ROOMY) is None
    assert (result.exit_code, result.signal) == (3, None)

    status, _ = _finished("import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    result = RunResult()
    assert supervise._exit_verdict(result, status, STOP_WALL, ROOMY) == STOP_WALL
    assert (result.exit_code, result.signal) == (None, signal.SIGKILL)


@posix_only
def test_the_exit_step_tells_a_failed_start_from_a_solutions_own_127():
    status, _ = _finished("import sys; sys.exit(127)")
    failed = RunResult(stderr=b"judge-sandbox: cannot start ./nothing: [Errno 2] No such file\n")
    # The sandbox's own message decides, whatever stopped the run before.
    assert supervise._exit_verdict(failed, status, STOP_WALL, ROOMY) == STOP_START_FAILED
    own = RunResult(stderr=b"command not found\n")
    assert supervise._exit_verdict(own, status, None, ROOMY) is None
    assert own.exit_code == 127


@posix_only
def test_the_exit_step_finds_limits_exceeded_after_the_fact_unless_already_stopped():
    status, _ = _finished("pass")
    limits = Limits(time=1, memory=100 * MiB)
    assert supervise._exit_verdict(RunResult(cpu_time=1.5), status, None, limits) == STOP_CPU
    assert supervise._exit_verdict(RunResult(memory=200 * MiB), status, None, limits) == STOP_MEMORY
    assert supervise._exit_verdict(RunResult(cpu_time=1.5), status, STOP_OUTPUT, limits) == STOP_OUTPUT
    assert supervise._exit_verdict(RunResult(cpu_time=0.5, memory=MiB), status, None, limits) is None


@posix_only
def test_the_usage_step_measures_a_reaped_childs_cpu_and_memory_in_bytes():
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, rusage = _finished(
        "import time\nb = b'x' * (64 << 20)\nt = time.process_time()\nwhile time.process_time() - t < 0.2: pass\n"
    )
    watcher = proctree.TreeWatcher(os.getpid())  # never polled: the wait4 figures decide
    fresh = RunResult()
    supervise._measure_usage(fresh, before, None, watcher, rusage)
    assert fresh.cpu_time >= 0.2
    assert 64 * MiB <= fresh.memory < 1024 * MiB
    # Forked from a zygote: what the child found in memory is not its own.
    warm = RunResult()
    supervise._measure_usage(warm, before, Spawned(0, 32 * MiB), watcher, rusage)
    assert warm.memory == fresh.memory - 32 * MiB
    supervise._measure_usage(warm, before, Spawned(0, 1 << 40), watcher, rusage)
    assert warm.memory == 0


# -- the polled limits, on a real tree --------------------------------------------------------


@pytest.fixture
def tree():
    """A process (the tree's root) with one child holding 64 MiB, both sleeping: 2 processes,
    3 tasks (the child has a second thread)."""
    holder = (
        "import threading, time\nthreading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
        "b = b'x' * (64 << 20)\ntime.sleep(60)\n"
    )
    root = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', {holder!r}])\ntime.sleep(60)\n",
        ]
    )
    try:
        yield root
    finally:
        for child in psutil.Process(root.pid).children(recursive=True):
            child.kill()
        root.kill()
        root.wait()


def _poll_until_big(poll) -> None:
    deadline = time.monotonic() + 20
    while poll().rss < 64 * MiB:
        assert time.monotonic() < deadline, "the tree never grew to 64 MiB"
        time.sleep(0.05)


@posix_only
def test_the_polling_step_names_the_limit_the_tree_is_over(tree):
    import resource

    watcher = proctree.TreeWatcher(tree.pid)  # the tree under its root: the 64 MiB child
    _poll_until_big(watcher.poll)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)

    def over(**limits: float) -> str | None:
        return supervise._tree_over_limits(watcher, before, Limits(**{"time": 100, **limits}), None)

    assert over() is None
    assert over(memory=16 * MiB) == STOP_MEMORY
    assert over(processes=0) == STOP_PROCESSES
    assert over(memory=16 * MiB, processes=0) == STOP_MEMORY  # memory first, here
    assert over(time=0) == STOP_CPU  # the child's allocation took some CPU


def test_the_portable_polling_step_names_processes_before_memory(tree):
    tracker = Tracker(psutil.Process(tree.pid))  # the root and its child
    _poll_until_big(tracker.poll)

    def over(**limits: float) -> str | None:
        return portable_run._tree_over_limits(tracker, Limits(**{"time": 100, **limits}))

    assert over() is None
    assert over(memory=16 * MiB) == STOP_MEMORY
    assert over(processes=1) == STOP_PROCESSES  # 2 processes: counted, not measured
    # A fork bomb's copies share pages that each count in their RSS: processes decide first.
    assert over(memory=16 * MiB, processes=2) == STOP_PROCESSES  # 3 tasks, measured
    assert over(time=0) == STOP_CPU


def test_the_portable_exit_step_reads_a_real_return_code():
    done = subprocess.run([sys.executable, "-c", "import sys; sys.exit(5)"])
    result = RunResult()
    assert portable_run._exit_verdict(result, done.returncode, None, ROOMY) is None
    assert (result.exit_code, result.signal) == (5, None)
    if os.name != "nt":
        killed = subprocess.run([sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"])
        result = RunResult()
        assert portable_run._exit_verdict(result, killed.returncode, None, ROOMY) is None
        assert (result.exit_code, result.signal) == (None, signal.SIGKILL)


# -- the work dir -------------------------------------------------------------------------------

FILES = (("sol", b"\x7fELF..."), ("run.sh", b"#!/bin/sh\necho hi\n"), ("data.txt", b"1 2\n"))


@posix_only
def test_the_workdir_step_writes_the_files_and_scrubs_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_TEST_SECRET", "s3cret")
    spec = RunSpec(argv=("./sol",), limits=ROOMY, files=FILES, env=(("JUDGE_SEED", "7"),))
    env, read_only = supervise._prepare_workdir(spec, str(tmp_path), supervise.Confinement(plan_isolation("basic")))
    assert not read_only and stat.S_IMODE(tmp_path.stat().st_mode) & 0o200  # the run's own, by default
    modes = {name: stat.S_IMODE((tmp_path / name).stat().st_mode) for name, _ in FILES}
    assert modes["sol"] & 0o111 and modes["run.sh"] & 0o111 and not modes["data.txt"] & 0o111
    assert (tmp_path / "data.txt").read_bytes() == b"1 2\n"
    assert env["HOME"] == env["TMPDIR"] == str(tmp_path) and env["JUDGE_SEED"] == "7"
    assert "JUDGE_TEST_SECRET" not in env and "s3cret" not in env.values()
    sealed = tmp_path / "sealed"
    sealed.mkdir()
    _, read_only = supervise._prepare_workdir(
        replace(spec, read_only_workdir=True), str(sealed), supervise.Confinement(plan_isolation("basic"))
    )
    # As root without a uid of the run's own the mode does not hold: then it is not claimed.
    assert read_only == (os.geteuid() != 0) and stat.S_IMODE(sealed.stat().st_mode) == 0o555
    assert not any(stat.S_IMODE((sealed / name).stat().st_mode) & 0o222 for name, _ in FILES)
    sealed.chmod(0o700)


def test_the_portable_workdir_step_gives_the_events_file_to_observed_runs_only(tmp_path):
    plain = RunSpec(argv=("./sol",), limits=ROOMY, files=FILES)
    workdir, env, events = portable_run._prepare_workdir(plain, str(tmp_path))
    assert workdir == str(tmp_path / "work")
    assert Path(workdir, "run.sh").read_bytes() == b"#!/bin/sh\necho hi\n"
    assert events == str(tmp_path / portable_run.EVENTS_FILE) and "JUDGE_EVENTS_PATH" not in env
    observed = RunSpec(argv=("./sol",), limits=ROOMY, files=FILES, observe=True)
    _, env, events = portable_run._prepare_workdir(observed, str(tmp_path / "work"))
    assert env["JUDGE_EVENTS_PATH"] == events == str(tmp_path / "work" / portable_run.EVENTS_FILE)


# -- classroom.py: convert's pieces -------------------------------------------------------------


def _autograding(repo: Path, tests: list[dict]) -> Path:
    path = repo / ".github" / "classroom" / "autograding.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"tests": tests}), encoding="utf-8")
    return path


def test_classroom_entries_become_tests_with_limits_commands_and_groups(tmp_path):
    repo = tmp_path / "hello-world"
    _autograding(
        repo,
        [
            {
                "name": "Sum",
                "setup": "pip3 install x",
                "run": "python3 sum.py",
                "input": "1 2",
                "output": "3",
                "comparison": "exact",
                "timeout": 2,
                "points": 5,
            },
            {"name": "Runs", "run": "python3 sum.py"},  # neither input nor output: skipped
            {"name": "Sum", "run": "python3 sum.py", "input": "2 2", "output": "4", "comparison": "odd"},
        ],
    )
    path, tests = classroom._read_autograding(repo)
    assert path == repo / ".github" / "classroom" / "autograding.json" and len(tests) == 3
    builder = ProblemBuilder("classroom", repo, None)
    classroom._describe_problem(builder, path)
    assert builder.title == {"en": "hello-world"} and builder.checker_name == "regex"
    imported = classroom._Imported()
    for index, entry in enumerate(tests):
        classroom._import_entry(builder, path, index, entry, imported)
    assert [t.name for t in builder.tests] == ["secret/01", "secret/02"]
    assert builder.tests[0].answer == b"3\n" and builder.tests[0].limits == {"time": "120s", "wall_time": "120s"}
    assert imported.timeouts == [120.0, 60.0]
    assert imported.commands == ["pip3 install x", "python3 sum.py"]
    assert any("'Runs'" in note for note in builder.notes)  # the skipped one
    assert any("'odd'" in note for note in builder.notes)  # compared as 'included'
    classroom._set_groups(builder, imported.tests)
    assert [(g.name, g.members, g.points) for g in builder.groups or []] == [
        ("Sum", ["secret/01"], 5.0),
        ("Sum (2)", ["secret/02"], 0.0),
    ]


def test_classroom_without_points_keeps_the_default_groups(tmp_path):
    builder = ProblemBuilder("classroom", tmp_path, None)
    classroom._set_groups(builder, [("secret/01", "a", None), ("secret/02", "b", None)])
    assert builder.groups is None and any("100 points" in note for note in builder.notes)


def test_classroom_entry_errors_name_their_field(tmp_path):
    path = _autograding(tmp_path, [])
    builder = ProblemBuilder("classroom", tmp_path, None)
    bad = {
        "regex": ({"input": "1", "output": "(", "comparison": "regex"}, "tests[0].output"),
        "points": ({"input": "1", "output": "1", "points": True}, "tests[0].points"),
        "key": ({"input": "1", "output": "1", "weight": 2}, "tests[0].weight"),
    }
    for entry, where in bad.values():
        with pytest.raises(ConfigError) as error:
            classroom._import_entry(builder, path, 0, entry, classroom._Imported())
        assert where in str(error.value)
    assert builder.tests == []
