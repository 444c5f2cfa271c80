"""Run one child under limits with `subprocess` and psutil only: the portable sandbox's run.

Runs inside the portable helper (portable_helper.py). No fork, no rlimits, no fd passing, no
selectable pipes: what works on Windows and macOS as on Linux.

- the child: `subprocess.Popen` in a fresh work dir, with the scrubbed environment, its own
  session where the system has one (POSIX), its own process group on Windows;
- stdin: a private copy of the test's input file (rewriting it changes no test);
- stdout and stderr: read by one thread each (pipes cannot be selected on Windows), capped;
- the tree: polled with psutil every 10 ms (CPU, RSS, processes + threads), every process
  seen remembered, all of it killed at the end (portable_tree.py);
- observations: the bootstrap appends its events to a file beside the work dir
  (JUDGE_EVENTS_PATH), read back after the run.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TypedDict

from judge.core.limits import Limits
from judge.sandbox import proctree
from judge.sandbox import workdir as run_workdir
from judge.sandbox.bootfiles import started_argv
from judge.sandbox.portable_tree import Tracker
from judge.sandbox.runspec import (
    COLLECT_MAX,
    OBS_CAP,
    READ_ONLY_LAYER,
    STOP_CANCELLED,
    STOP_CPU,
    STOP_MEMORY,
    STOP_OUTPUT,
    STOP_PROCESSES,
    STOP_START_FAILED,
    STOP_WALL,
    RunResult,
    RunSpec,
    observation_cap,
    stretched_deadline,
    trace_env,
)

POLL_INTERVAL = 0.01  # psutil polling of the tree
DRAIN_TIMEOUT = 0.5  # after the end, how long the readers may take to reach EOF
DUMP_WAIT = 0.3  # how long an idle-timeout stack dump may take before the kill
READ_CHUNK = 65536
EVENTS_FILE = "events.jsonl"


@dataclass(frozen=True)
class Features:
    """What this helper's system gives a run (from the plan's layers, see layers.py)."""

    session: bool  # a session of its own (POSIX setsid), killed as a whole at the end
    stack_dump: bool  # SIGUSR1 makes the bootstrap dump every thread's stack

    @classmethod
    def of(cls, layers: tuple[str, ...]) -> Features:
        return cls(session="session" in layers, stack_dump="stack-dump" in layers)


@dataclass
class _Reader:
    """Reads one pipe to EOF in a thread, keeping at most `cap` bytes (the rest is read and
    dropped, so a flood never blocks the child nor grows the helper)."""

    stream: IO[bytes]
    cap: int
    data: bytearray = field(default_factory=bytearray)
    total: int = 0
    thread: threading.Thread | None = None

    def start(self, name: str) -> None:
        self.thread = threading.Thread(target=self._read, name=name, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        fd = self.stream.fileno()
        while True:
            try:
                chunk = os.read(fd, READ_CHUNK)
            except OSError:
                return
            if not chunk:
                return
            self.total += len(chunk)
            room = self.cap - len(self.data)
            if room > 0:
                self.data += chunk[:room]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.data)


@dataclass
class _Exit:
    """The main process's end, as its waiter thread saw it."""

    done: threading.Event = field(default_factory=threading.Event)
    returncode: int | None = None
    cpu: float | None = None  # its CPU and its reaped children's (wait4), where known
    maxrss: int = 0


def run(
    spec: RunSpec,
    stdin_path: str | None,
    layers: tuple[str, ...],
    cancel: threading.Event,
    on_start: Callable[[int, float | None], None],
) -> RunResult:
    """One run in a fresh folder (work dir, input copy, events file), removed afterwards."""
    root = tempfile.mkdtemp(prefix="judge-run-")
    try:
        return _run(spec, stdin_path, layers, root, cancel, on_start)
    finally:
        run_workdir.unseal(os.path.join(root, "work"))
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class _Started:
    """A started run: what the steps from its start to its result share."""

    proc: subprocess.Popen[bytes]
    start: float  # time.monotonic() right before the start
    stdout: _Reader
    stderr: _Reader
    tracker: Tracker | None  # None: the main process ended before it could be tracked
    ended: _Exit
    session: int | None  # the run's own session (POSIX), killed as a whole at the end


def _run(
    spec: RunSpec,
    stdin_path: str | None,
    layers: tuple[str, ...],
    root: str,
    cancel: threading.Event,
    on_start: Callable[[int, float | None], None],
) -> RunResult:
    features = Features.of(layers)
    workdir, env, events = _prepare_workdir(spec, root)
    if spec.read_only_workdir and run_workdir.seal(workdir, None):
        layers += (READ_ONLY_LAYER,)
    started = _start_child(spec, features, layers, workdir, env, stdin_path, root, on_start)
    if isinstance(started, RunResult):  # it could not start
        return started
    result = RunResult(isolation=layers)
    stopped = _watch_until_end(spec, features, started, cancel, events, result)
    result.wall_time = time.monotonic() - started.start
    result.started_at = started.start
    _end_tree(started, stopped, result, spec.limits)
    _measure_usage(result, started.tracker, started.ended, spec.observe)
    _take_output(result, started, spec, events)
    result.stopped = _exit_verdict(result, started.ended.returncode, stopped, spec.limits)
    result.collected = _collect_files(workdir, spec.collect)
    for reader in (started.stdout, started.stderr):
        reader.stream.close()
    return result


def _prepare_workdir(spec: RunSpec, root: str) -> tuple[str, dict[str, str], str]:
    """The work dir under `root` with the spec's files in it, the child's environment, and
    the events file's path (given to an observed run)."""
    workdir = os.path.join(root, "work")
    os.mkdir(workdir)
    for name, content in spec.files:
        path = os.path.join(workdir, name)
        with open(path, "wb") as fh:
            fh.write(content)
        if content.startswith((b"\x7fELF", b"#!")):  # a compiled solution or a script
            os.chmod(path, 0o755)
    env = run_env(workdir, spec.env)
    env.update(trace_env(spec))
    events = os.path.join(root, EVENTS_FILE)
    if spec.observe:
        env["JUDGE_EVENTS_PATH"] = events
    return workdir, env, events


def _start_child(
    spec: RunSpec,
    features: Features,
    layers: tuple[str, ...],
    workdir: str,
    env: dict[str, str],
    stdin_path: str | None,
    root: str,
    on_start: Callable[[int, float | None], None],
) -> _Started | RunResult:
    """Start the run with its pipe readers, tracker and waiter, and tell `on_start` its pid.
    A run that cannot start gets its result (STOP_START_FAILED) instead."""
    import psutil  # before the clock starts (the helper has it loaded since its boot)

    limits = spec.limits
    stdin = _private_input(stdin_path, root)
    argv = started_argv(spec)
    if not os.path.isabs(argv[0]):
        argv[0] = shutil.which(argv[0], path=env.get("PATH")) or argv[0]
    start = time.monotonic()
    try:
        proc = subprocess.Popen(
            argv,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=workdir,
            env=env,
            close_fds=True,
            **_session_options(features),
        )
    except OSError as exc:
        return RunResult(
            stopped=STOP_START_FAILED,
            exit_code=127,
            isolation=layers,
            stderr=f"judge-sandbox: cannot start {spec.argv[0]}: {exc}\n".encode(),
        )
    finally:
        if not isinstance(stdin, int):  # subprocess.DEVNULL
            stdin.close()
    assert proc.stdout is not None and proc.stderr is not None
    tracker: Tracker | None
    created: float | None
    try:  # before the waiter starts: until it reaps the process, its pid is the run's
        tracker = Tracker(psutil.Process(proc.pid))
        created = tracker.main.create_time()
    except psutil.Error:  # on Windows, it may have ended already
        tracker, created = None, None
    # The judge hears of the run first, before anything else here: a program whose first line
    # kills this helper is killed by the judge only if the judge knows its pid by then (an
    # interpreter starts in ~25 ms; the readers wait, the pipes hold 64 KiB meanwhile).
    session = proc.pid if features.session else None
    try:
        on_start(proc.pid, created)
    except BaseException:
        # The judge is gone (its pipe broke as we told it): nothing would ever stop this run.
        _abandon(proc, tracker, session)
        raise
    stdout = _Reader(proc.stdout, limits.output + 1)
    stderr = _Reader(proc.stderr, limits.stderr)
    stdout.start("run-stdout")
    stderr.start("run-stderr")
    ended = _Exit()
    threading.Thread(target=_wait, args=(proc, ended), name="run-wait", daemon=True).start()
    return _Started(proc, start, stdout, stderr, tracker, ended, session)


def _abandon(proc: subprocess.Popen[bytes], tracker: Tracker | None, session: int | None) -> None:
    """Kill a run that nobody will watch: its tree and session, then the process itself."""
    _kill_tree(tracker, session)
    _force_kill(proc, tracker)


def _kill_tree(tracker: Tracker | None, session: int | None) -> None:
    """Kill every process of the run the tracker has seen and its session (POSIX)."""
    if tracker is not None:
        tracker.kill_all(session)
    else:
        from judge.sandbox.portable_tree import kill_session

        kill_session(session)


def _watch_until_end(
    spec: RunSpec, features: Features, started: _Started, cancel: threading.Event, events: str, result: RunResult
) -> str | None:
    """Poll the tree until the main process ends (None) or a limit (or the judge) stops the
    run (STOP_*). At a wall stop, `result` gets the run-queue wait and the stack dump."""
    limits = spec.limits
    wall_deadline = started.start + limits.wall
    next_poll = started.start + POLL_INTERVAL
    while True:
        now = time.monotonic()
        if started.ended.done.wait(max(0.0, min(next_poll, wall_deadline) - now)):
            return None
        if cancel.is_set():
            return STOP_CANCELLED
        if started.stdout.total > limits.output:
            return STOP_OUTPUT
        now = time.monotonic()
        if now >= next_poll and started.tracker is not None:
            next_poll = now + POLL_INTERVAL
            stopped = _tree_over_limits(started.tracker, limits)
            if stopped is not None:
                return stopped
            now = time.monotonic()  # a poll of a large tree takes a while
        if now >= wall_deadline:
            waited = started.tracker.set_back() if started.tracker is not None else 0.0
            stretched = stretched_deadline(started.start, limits.wall, waited, now)
            if stretched is not None:  # the machine's load set the run back: its own time is not up
                wall_deadline = stretched
                continue
            # On a loaded machine a busy loop gets only a share of a core: the time it waited
            # for one tells it from an idle run (Linux; 0 elsewhere, see docs/SECURITY.md).
            result.runqueue_wait = proctree.runqueue_wait(os.getpid())
            if spec.observe and features.stack_dump:
                result.stack_dump = _ask_stack_dump(started.proc.pid, events)
            return STOP_WALL


def _tree_over_limits(tracker: Tracker, limits: Limits) -> str | None:
    """Poll the tree: the limit it is over (STOP_*), or None."""
    snap = tracker.poll(max_tasks=limits.processes)
    if tracker.cpu_time() > limits.time:
        return STOP_CPU
    # Processes first: a fork bomb's copies each count the pages they share in
    # their RSS, so the memory limit would name the wrong cause at the same poll.
    if snap.tasks > limits.processes:
        return STOP_PROCESSES
    if snap.rss > limits.memory:
        return STOP_MEMORY
    return None


def _end_tree(started: _Started, stopped: str | None, result: RunResult, limits: Limits) -> None:
    """Kill the whole tree (counting what a finished run left running in result.leftover),
    wait for the main process's end and for the readers to reach EOF."""
    tracker = started.tracker
    if tracker is not None:
        tracker.poll(max_tasks=limits.processes)  # the last look (a zombie main still shows its CPU)
        if stopped is None:
            result.leftover = tracker.live()
    _kill_tree(tracker, started.session)
    if not started.ended.done.wait(2.0):
        _force_kill(started.proc, tracker)
        started.ended.done.wait(2.0)
    for reader in (started.stdout, started.stderr):
        if reader.thread is not None:
            reader.thread.join(DRAIN_TIMEOUT)


def _measure_usage(result: RunResult, tracker: Tracker | None, ended: _Exit, observe: bool) -> None:
    """The tree's CPU time, peak memory and counts into `result`: the tracker's, settled with
    the main process's exact wait4 figures where known; wait4's alone without a tracker."""
    if tracker is not None:
        if ended.cpu is not None:
            tracker.settle_main(ended.cpu)
        result.cpu_time = tracker.cpu_time()
        result.memory = max(tracker.peak_rss, ended.maxrss)
        result.peak_tasks = tracker.peak_tasks
        result.peak_threads = tracker.peak_threads
        result.processes_seen = max(0, len(tracker.seen) - 1)
        if observe:
            result.demand_wait = tracker.runqueue_wait
    elif ended.cpu is not None:
        result.cpu_time, result.memory = ended.cpu, ended.maxrss


def _take_output(result: RunResult, started: _Started, spec: RunSpec, events: str) -> None:
    """What the readers captured (stdout cut at the output limit) and, for an observed run,
    the events file into `result`."""
    limits = spec.limits
    result.stdout = bytes(started.stdout.data[: limits.output])
    result.stdout_truncated = started.stdout.total > limits.output
    result.stderr = bytes(started.stderr.data)
    result.stderr_truncated = started.stderr.truncated
    if spec.observe:
        result.observations = _read_capped(events, observation_cap(spec))


def _exit_verdict(result: RunResult, code: int | None, stopped: str | None, limits: Limits) -> str | None:
    """Put the main process's return code into `result` (a negative one is a signal, on
    POSIX) and return the final stop reason: limits may be found exceeded after the fact.
    Needs result.cpu_time and memory filled in."""
    if code is not None:
        if code < 0 and os.name != "nt":
            result.signal = -code
        else:
            result.exit_code = code
    if stopped is None and result.cpu_time > limits.time:
        stopped = STOP_CPU  # finished, but over the limit (decided after the fact)
    if stopped is None and result.memory > limits.memory:
        stopped = STOP_MEMORY
    return stopped


def run_env(workdir: str, extra: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The scrubbed environment of every sandbox (supervise.BASE_ENV): nothing of the judge's
    own. Windows needs SYSTEMROOT to start Python at all, and its own PATH."""
    from judge.sandbox.supervise import BASE_ENV

    env = dict(BASE_ENV, HOME=workdir, TMPDIR=workdir)
    if os.name == "nt":
        system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        env.update(
            SYSTEMROOT=system_root,
            TEMP=workdir,
            TMP=workdir,
            USERPROFILE=workdir,
            PATH=os.pathsep.join([os.path.dirname(sys.executable), os.path.join(system_root, "System32")]),
        )
    env.update(extra)
    return env


class _SessionOptions(TypedDict, total=False):
    """Popen's keyword arguments that keep the run from the helper's signals, per platform."""

    creationflags: int
    start_new_session: bool


def _session_options(features: Features) -> _SessionOptions:
    if sys.platform == "win32":  # = os.name == "nt", in the form mypy checks per platform
        # Its own process group: the console's Ctrl+C and Ctrl+Break do not reach the helper.
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True} if features.session else {}


def _force_kill(proc: subprocess.Popen[bytes], tracker: Tracker | None) -> None:
    """The main process outlived the tree kill (it should not). Not Popen.kill on POSIX: its
    poll() could reap the process under the waiter thread's wait4."""
    import psutil

    if os.name == "nt" or tracker is None:
        proc.kill()
        return
    try:
        tracker.main.kill()
    except psutil.Error:
        pass


def _private_input(path: str | None, root: str) -> int | IO[bytes]:
    """The test's input as the child's stdin: a copy of its own, opened read-only. Reopening
    its stdin for writing (/proc/self/fd/0) changes the copy, never the test."""
    if path is None:
        return subprocess.DEVNULL
    copy = os.path.join(root, "stdin")
    shutil.copyfile(path, copy)
    return open(copy, "rb")


def _wait(proc: subprocess.Popen[bytes], ended: _Exit) -> None:
    """Wait for the main process. Where the system has wait4 (POSIX), its rusage gives the
    exact CPU time of the process and of the children it reaped, and its peak RSS."""
    wait4 = getattr(os, "wait4", None)
    try:
        if wait4 is not None:
            _, status, usage = wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            ended.cpu = usage.ru_utime + usage.ru_stime
            ended.maxrss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        else:
            proc.wait()
    except ChildProcessError:
        pass
    finally:
        ended.returncode = proc.returncode
        ended.done.set()


def _ask_stack_dump(pid: int, events: str) -> str:
    """SIGUSR1 makes the bootstrap's faulthandler append every thread's stack to the events
    file. (Windows has no SIGUSR1: no dump there, and the layer says so.)"""
    mark = _size(events)
    try:
        os.kill(pid, signal.SIGUSR1)
    except (ProcessLookupError, PermissionError, AttributeError):
        return ""
    deadline = time.monotonic() + DUMP_WAIT
    last, quiet_since = mark, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.01)
        size = _size(events)
        if size != last:
            last, quiet_since = size, time.monotonic()
        elif last > mark and time.monotonic() - quiet_since > 0.05:
            break
    try:
        with open(events, "rb") as fh:
            fh.seek(mark)
            return fh.read(OBS_CAP).decode("utf-8", "replace")
    except OSError:
        return ""


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _read_capped(path: str, cap: int) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(cap)
    except OSError:
        return b""


def _collect_files(workdir: str, names: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    """The run's own files the spec asked for: regular files only, not through a symlink
    (where the system can refuse one), size-capped."""
    found = []
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    for name in names:
        if not name or "/" in name or "\\" in name or name in (".", ".."):
            continue
        path = os.path.join(workdir, name)
        if os.path.islink(path):
            continue
        try:
            fd = os.open(path, flags)
        except OSError:
            continue
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and info.st_size <= COLLECT_MAX:
                with os.fdopen(fd, "rb", closefd=False) as fh:
                    found.append((name, fh.read(COLLECT_MAX + 1)[:COLLECT_MAX]))
        finally:
            os.close(fd)
    return tuple(found)
