"""Run one child under limits and watch its whole process tree.

This runs inside the sandbox helper (see helper.py), a process that does nothing else and is
a child subreaper: every process the solution starts, even a double-forked `setsid` daemon,
stays a descendant of the helper, so the helper can measure and kill all of it.
"""

from __future__ import annotations

import errno
import os
import selectors
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from judge.core.limits import Limits
from judge.sandbox import confine, framing, linux, proctree
from judge.sandbox import workdir as run_workdir
from judge.sandbox.bootfiles import started_argv
from judge.sandbox.cgroups import Cgroup
from judge.sandbox.layers import plan_isolation
from judge.sandbox.plan import Plan
from judge.sandbox.runspec import (
    COLLECT_MAX,
    PINNED_LAYER,
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
from judge.sandbox.zygote import Spawned, Zygote
from judge.sandbox.zygote import usable as zygote_usable

if TYPE_CHECKING:
    import resource  # not at run time: the portable helper imports this module where there is none

POLL_INTERVAL = 0.01  # psutil polling of tree CPU and RSS
DRAIN_TIMEOUT = 0.5  # after the end, how long to wait for the pipes' EOF
DUMP_WAIT = 0.3  # how long a stack dump may take before the kill
READ_CHUNK = 65536

# Scrubbed environment: nothing of the judge's own (tokens, paths, secrets) reaches the child.
BASE_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "PYTHONIOENCODING": "utf-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
}


@dataclass
class _Stream:
    fd: int
    cap: int
    data: bytearray = field(default_factory=bytearray)
    total: int = 0
    truncated: bool = False

    def feed(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = self.cap - len(self.data)
        if room > 0:
            self.data += chunk[:room]
        if len(chunk) > room:
            self.truncated = True


@dataclass(frozen=True)
class Confinement:
    """The layers a helper applies to each run (see layers.py)."""

    plan: Plan
    cgroup: Cgroup | None = None
    uid: int | None = None  # the slot's unprivileged uid
    zygote: Zygote | None = None  # a warm interpreter for Python runs (see zygote.py)


def supervise(
    spec: RunSpec,
    stdin_fd: int | None,
    confinement: Confinement | None = None,
    stdout_fd: int | None = None,
    control: socket.socket | None = None,
) -> RunResult:
    """Run one spec. An interactive spec comes with the child's stdin and stdout fds, which
    this function owns: they are closed as soon as the child has them (or on any failure)."""
    confinement = confinement or Confinement(plan_isolation("basic"))
    given = _GivenStdio([fd for fd in (stdin_fd, stdout_fd) if fd is not None] if spec.interactive else [])
    try:
        if spec.interactive and (stdin_fd is None or stdout_fd is None):
            return RunResult(
                stopped=STOP_START_FAILED,
                exit_code=127,
                isolation=confinement.plan.layers,
                stderr=b"judge-sandbox: an interactive run needs its stdin and stdout",
            )
        workdir = tempfile.mkdtemp(prefix="judge-run-")
        try:
            return _supervise(spec, stdin_fd, workdir, confinement, stdout_fd, given, control)
        finally:
            run_workdir.unseal(workdir)
            shutil.rmtree(workdir, ignore_errors=True)
    finally:
        given.close()


class _GivenStdio:
    """The fds an interactive run was given: closed once, right after the start."""

    def __init__(self, fds: list[int]) -> None:
        self.fds = fds

    def close(self) -> None:
        fds, self.fds = self.fds, []
        for fd in fds:
            os.close(fd)


@dataclass
class _Child:
    """A started run: what the steps from its start to its result share."""

    pid: int
    spawned: Spawned | None  # forked from the zygote (None: forked and exec'd here)
    start: float  # time.monotonic() right before the fork
    before: resource.struct_rusage  # the helper's RUSAGE_CHILDREN right before the fork
    stdout: _Stream | None  # None when interactive: fd 1 is the interactor's
    stderr: _Stream
    obs: _Stream | None  # the observation pipe (fd 3) of an observed run
    streams: dict[int, _Stream]  # the read ends above by fd, non-blocking


@dataclass
class _Watch:
    """What the helper watches a started run with: its selector and its process tree."""

    sel: selectors.BaseSelector
    pidfd: int | None  # readable once the child ends (None: no pidfd here)
    control: socket.socket | None  # the judge's socket
    control_fd: int  # its fd, -1 without one
    watcher: proctree.TreeWatcher
    skip: frozenset[int]  # not the run's: the helper's zygote


@dataclass
class _End:
    """How the run ended: why the sandbox stopped it (None: by itself), and the main
    process's wait status and rusage once it was reaped."""

    stopped: str | None = None
    status: int | None = None
    rusage: resource.struct_rusage | None = None


def _supervise(
    spec: RunSpec,
    stdin_fd: int | None,
    workdir: str,
    confinement: Confinement,
    stdout_fd: int | None = None,
    given: _GivenStdio | None = None,
    control: socket.socket | None = None,
) -> RunResult:
    cgroup = confinement.cgroup
    env, read_only = _prepare_workdir(spec, workdir, confinement)
    child = _start_child(spec, confinement, env, workdir, stdin_fd, stdout_fd, given)
    layers = (
        confinement.plan.layers
        + ((READ_ONLY_LAYER,) if read_only else ())
        + ((PINNED_LAYER,) if run_cpus(spec) else ())
    )
    result = RunResult(isolation=layers, warm=child.spawned is not None)
    watch = _open_watch(spec, confinement, child, control)
    end = _watch_until_end(spec, cgroup, child, watch, result)
    result.wall_time = time.monotonic() - child.start
    result.started_at = child.start
    _end_tree(child, watch, cgroup, end, result)
    _close_watch(child, watch)
    _measure_usage(result, child.before, child.spawned, watch.watcher, end.rusage)
    stopped = _cgroup_verdict(cgroup, result, end.stopped)
    _tree_figures(result, watch.watcher, spec.observe)
    _take_output(result, child, spec.limits.output)
    result.stopped = _exit_verdict(result, end.status, stopped, spec.limits)
    result.collected = _collect_files(workdir, spec.collect)
    return result


def _prepare_workdir(spec: RunSpec, workdir: str, confinement: Confinement) -> tuple[dict[str, str], bool]:
    """Write the spec's files into the work dir (given to the slot's uid, if any, unless the
    run may only read them), size the cgroup; the child's environment, and whether the work
    dir is read-only for the run."""
    cgroup = confinement.cgroup
    uid = None if spec.read_only_workdir else confinement.uid
    for name, content in spec.files:
        path = os.path.join(workdir, name)
        with open(path, "wb") as fh:
            fh.write(content)
        if content.startswith((b"\x7fELF", b"#!")):  # a compiled solution or a script
            os.chmod(path, 0o755)
        if uid is not None:
            os.chown(path, uid, uid)
    if uid is not None:
        os.chown(workdir, uid, uid)
    read_only = spec.read_only_workdir and run_workdir.seal(workdir, confinement.uid)
    if cgroup is not None:
        # Room for the wrappers (bwrap's monitor and init) on top of the solution's own tasks.
        cgroup.prepare(spec.limits.memory, spec.limits.processes + 4)
    env = dict(BASE_ENV, HOME=workdir, TMPDIR=workdir)
    env.update(spec.env)
    env.update(trace_env(spec))
    return env, read_only


def _start_child(
    spec: RunSpec,
    confinement: Confinement,
    env: dict[str, str],
    workdir: str,
    stdin_fd: int | None,
    stdout_fd: int | None,
    given: _GivenStdio | None,
) -> _Child:
    """Start the run, from the zygote or by fork and exec, with its pipes. The helper keeps
    only their read ends (non-blocking); the given fds of an interactive run are closed."""
    cgroup, uid = confinement.cgroup, confinement.uid
    limits = spec.limits
    # Interactive: fd 1 is the pipe to the interactor, nothing of ours reads it.
    out_r, out_w = (-1, stdout_fd) if stdout_fd is not None else os.pipe()
    err_r, err_w = os.pipe()
    obs_r, obs_w = os.pipe() if spec.observe else (-1, -1)
    null_fd = None
    if stdin_fd is None:
        null_fd = os.open(os.devnull, os.O_RDONLY)
        stdin_fd = null_fd

    import resource  # here: the portable helper imports this module (BASE_ENV) where there is none

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    spawned = _spawn_warm(spec, confinement, env, workdir, [stdin_fd, out_w, err_w] + ([obs_w] if obs_w >= 0 else []))
    if spawned is not None:
        pid = spawned.pid
    else:
        # Built before the fork: in the child, everything runs inside _exec_child's try, which
        # ends it whatever happens (a child that returned would be a second helper).
        child = confine.Child(
            stdin_fd=stdin_fd,
            out_w=out_w,
            err_w=err_w,
            obs_w=obs_w,
            workdir=workdir,
            cgroup_procs=cgroup.procs_files() if cgroup is not None else [],
            limits=run_rlimits(spec),
            uid=uid,
            no_new_privs=linux.set_no_new_privs,
            python_signals=False,
            cpus=run_cpus(spec),
        )
        argv = started_argv(spec)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _exec_child(spec, argv, env, child)
    if given is not None and given.fds:
        given.close()  # stdin and stdout (out_w) of an interactive run: the child has them
    for fd in (out_w if stdout_fd is None else -1, err_w, obs_w, null_fd):
        if fd is not None and fd >= 0:
            os.close(fd)

    stdout = _Stream(out_r, limits.output + 1) if out_r >= 0 else None
    stderr = _Stream(err_r, limits.stderr)
    obs = _Stream(obs_r, observation_cap(spec)) if obs_r >= 0 else None
    streams = {s.fd: s for s in (stdout, stderr, obs) if s is not None}
    for fd in streams:
        os.set_blocking(fd, False)
    return _Child(pid, spawned, start, before, stdout, stderr, obs, streams)


def _open_watch(spec: RunSpec, confinement: Confinement, child: _Child, control: socket.socket | None) -> _Watch:
    """A selector on the child's pipes, its end (pidfd) and the judge's socket, and a
    watcher of the helper's process tree (the zygote left out)."""
    sel = selectors.DefaultSelector()
    for fd in child.streams:
        sel.register(fd, selectors.EVENT_READ)
    pidfd = _pidfd_open(child.pid)
    if pidfd is not None:
        sel.register(pidfd, selectors.EVENT_READ)
    # The judge's socket: a CANCEL (or the judge gone) stops the run now.
    control_fd = control.fileno() if control is not None else -1
    if control is not None:
        sel.register(control_fd, selectors.EVENT_READ)

    skip = (
        frozenset([confinement.zygote.pid])
        if confinement.zygote is not None and confinement.zygote.pid is not None
        else frozenset()
    )
    watcher = proctree.TreeWatcher(os.getpid(), skip=skip)
    return _Watch(sel, pidfd, control, control_fd, watcher, skip)


def _watch_until_end(spec: RunSpec, cgroup: Cgroup | None, child: _Child, watch: _Watch, result: RunResult) -> _End:
    """Read the pipes and poll the tree until the main process ends or a limit (or the
    judge) stops the run. At a wall stop, `result` gets the run-queue wait and stack dump."""
    limits = spec.limits
    wall_deadline = child.start + limits.wall
    next_poll = child.start + POLL_INTERVAL
    while True:
        now = time.monotonic()
        timeout = max(0.0, min(next_poll, wall_deadline) - now)
        if watch.pidfd is None:  # no pidfd (old kernel, macOS): poll the exit at a short interval
            timeout = min(timeout, 0.002)
        if _read_ready(child, watch, timeout):
            return _End(STOP_CANCELLED)
        if child.stdout is not None and child.stdout.total > limits.output:
            return _End(STOP_OUTPUT)
        waited = _try_wait(child.pid)
        if waited is not None:
            return _End(None, *waited)
        now = time.monotonic()
        if now >= next_poll:
            next_poll = now + POLL_INTERVAL
            stopped = _tree_over_limits(watch.watcher, child.before, limits, cgroup)
            if stopped is not None:
                return _End(stopped)
        if now >= wall_deadline:
            stretched = stretched_deadline(child.start, limits.wall, watch.watcher.set_back(), now)
            if stretched is not None:  # the machine's load set the run back: its own time is not up
                wall_deadline = stretched
                continue
            result.runqueue_wait = proctree.runqueue_wait(os.getpid(), watch.skip)
            if spec.observe:
                result.stack_dump = _ask_stack_dump(child.pid, child.obs)
            return _End(STOP_WALL)


def _read_ready(child: _Child, watch: _Watch, timeout: float) -> bool:
    """Wait up to `timeout` and read what the pipes hold. True when the judge's socket
    spoke: the run is cancelled."""
    cancelled = False
    for key, _ in watch.sel.select(timeout):
        fd = key.fd
        if fd == watch.pidfd:
            continue
        if watch.control is not None and fd == watch.control_fd:
            watch.sel.unregister(fd)
            cancelled = True  # CANCEL, or EOF: the judge is gone
            message = framing.recv(watch.control)
            for extra in message[1] if message else []:
                os.close(extra)
            continue
        if not _read_into(child.streams[fd]):
            watch.sel.unregister(fd)
    return cancelled


def _tree_over_limits(
    watcher: proctree.TreeWatcher, before: resource.struct_rusage, limits: Limits, cgroup: Cgroup | None
) -> str | None:
    """Poll the tree: the limit it is over (STOP_*), or None."""
    snap = watcher.poll()
    if watcher.cpu_time(before) > limits.time:
        return STOP_CPU
    # With a cgroup the kernel enforces memory and pids itself (and counts shared
    # pages once); without one, the polled tree is all we have.
    if cgroup is None and snap.rss > limits.memory:
        return STOP_MEMORY
    if cgroup is None and snap.tasks > limits.processes:
        return STOP_PROCESSES
    return None


def _end_tree(child: _Child, watch: _Watch, cgroup: Cgroup | None, end: _End, result: RunResult) -> None:
    """Kill what is left of the tree and reap all of it. A stopped run loses everything
    (its main process's status and rusage come from the reaping); a finished one, what it
    left running (counted in result.leftover)."""
    reaped: proctree.Reaped = {}
    if end.stopped is not None:
        watch.watcher.poll()
        if cgroup is not None:
            cgroup.kill_all()
        proctree.kill_tree(os.getpid(), reaped, skip=watch.skip)
        proctree.reap_all(reaped)
        if child.pid in reaped:
            end.status, end.rusage = reaped[child.pid]
        else:
            end.status, end.rusage = _wait(child.pid)
    else:
        snap = watch.watcher.poll()
        result.leftover = snap.processes
        if snap.processes:
            if cgroup is not None:
                cgroup.kill_all()
            proctree.kill_tree(os.getpid(), reaped, skip=watch.skip)
    proctree.reap_all(reaped)


def _close_watch(child: _Child, watch: _Watch) -> None:
    """Drain the pipes, then close them, the selector and the pidfd."""
    _drain(watch.sel, child.streams, watch.pidfd, watch.control_fd)
    watch.sel.close()
    if watch.pidfd is not None:
        os.close(watch.pidfd)
    for fd in child.streams:
        os.close(fd)


def _measure_usage(
    result: RunResult,
    before: resource.struct_rusage,
    spawned: Spawned | None,
    watcher: proctree.TreeWatcher,
    rusage: resource.struct_rusage | None,
) -> None:
    """The tree's CPU time (everything the helper reaped since `before`) and peak memory
    (the polled tree's, or the main process's own maxrss if higher) into `result`."""
    import resource  # (see _start_child)

    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result.cpu_time = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    maxrss = rusage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) if rusage else 0
    result.memory = max(watcher.peak_rss, maxrss)
    if spawned is not None:
        # Counted from the fork: what the child found in memory is the warm interpreter's.
        result.memory = max(0, result.memory - spawned.inherited_rss)


def _cgroup_verdict(cgroup: Cgroup | None, result: RunResult, stopped: str | None) -> str | None:
    """The stop reason once the cgroup's counters are read (its memory peak into `result`)."""
    if cgroup is None:
        return stopped
    # The cgroup decides the verdict (its own OOM counter); the reported peak stays the
    # tree's RSS as in every mode, because the cgroup's figure also holds page cache and
    # tmpfs pages, which makes it jump between identical runs.
    counters = cgroup.counters()
    result.cgroup_memory_peak = counters.memory_peak
    if counters.oom_killed:
        stopped = STOP_MEMORY
    elif counters.pids_limited and stopped in (None, STOP_WALL, STOP_CPU):
        # A fork or thread bomb stopped by the pids limit often ends up spinning or
        # waiting until a time limit: the cause to report is the bomb.
        stopped = STOP_PROCESSES
    return stopped


def _tree_figures(result: RunResult, watcher: proctree.TreeWatcher, observe: bool) -> None:
    """The watcher's peaks and counts into `result`."""
    result.peak_tasks = watcher.peak_tasks
    if observe:
        result.demand_wait = watcher.runqueue_wait
    result.peak_threads = watcher.peak_threads
    result.processes_seen = max(0, len(watcher.seen) - 1)


def _take_output(result: RunResult, child: _Child, output_limit: int) -> None:
    """What the pipes captured into `result` (stdout cut at the output limit)."""
    if child.stdout is not None:
        result.stdout = bytes(child.stdout.data[:output_limit])
        result.stdout_truncated = child.stdout.total > output_limit
    result.stderr = bytes(child.stderr.data)
    result.stderr_truncated = child.stderr.truncated
    if child.obs is not None:
        result.observations = bytes(child.obs.data)


def _exit_verdict(result: RunResult, status: int | None, stopped: str | None, limits: Limits) -> str | None:
    """Put the main process's end (wait status) into `result` and return the final stop
    reason: a failed start, or limits found exceeded after the fact. Needs result.stderr,
    cpu_time and memory filled in."""
    if status is not None:
        if os.WIFSIGNALED(status):
            result.signal = os.WTERMSIG(status)
        elif os.WIFEXITED(status):
            result.exit_code = os.WEXITSTATUS(status)
            if result.exit_code == 127 and result.stderr.startswith(b"judge-sandbox: "):
                stopped = STOP_START_FAILED
    if stopped is None and result.cpu_time > limits.time:
        stopped = STOP_CPU  # finished, but over the limit (decided after the fact)
    if stopped is None and result.memory > limits.memory:
        stopped = STOP_MEMORY
    return stopped


def _collect_files(workdir: str, names: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    """The run's own files the spec asked for. The run may have replaced them with anything
    (a symlink to an answer file, a FIFO, a huge file): regular files only, opened without
    following a symlink, size-capped."""
    import stat

    found = []
    for name in names:
        if not name or "/" in name or name in (".", ".."):
            continue
        try:
            fd = os.open(os.path.join(workdir, name), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
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


def _spawn_warm(
    spec: RunSpec, confinement: Confinement, env: dict[str, str], workdir: str, fds: list[int]
) -> Spawned | None:
    """Fork the run from the helper's zygote when it can stand in for a fresh interpreter."""
    zygote = confinement.zygote
    if zygote is None or not spec.zygote or not spec.files:
        return None
    source = spec.files[0][0]
    if not zygote_usable(spec.argv, spec.observe, source) or any(not key.startswith("JUDGE_") for key, _ in spec.env):
        return None
    cgroup = confinement.cgroup
    request = {
        "source": source,
        "observe": spec.observe,
        "workdir": workdir,
        "env": env,
        "argv": list(spec.argv),
        "rlimits": run_rlimits(spec),
        "cpus": run_cpus(spec),
        "uid": confinement.uid,
        "cgroup_procs": cgroup.procs_files() if cgroup is not None else [],
    }
    return zygote.spawn(request, fds)


def _exec_child(spec: RunSpec, argv: list[str], env: dict[str, str], child: confine.Child) -> None:
    try:
        # The helper is inside the namespaces already (if any): the child only drops its uid.
        confine.enter(child)
        exe = shutil.which(argv[0]) or argv[0] if not os.path.isabs(argv[0]) else argv[0]
        os.execve(exe, argv, env)
    except BaseException as exc:  # noqa: BLE001 - anything here must end the child
        try:
            os.write(2, f"judge-sandbox: cannot start {spec.argv[0]}: {exc}\n".encode())
        finally:
            os._exit(127)


def run_rlimits(spec: RunSpec) -> list[tuple[int, int, int]]:
    limits = spec.limits
    return confine.rlimits(limits.time, limits.memory, limits.output, limits.stack)


def run_cpus(spec: RunSpec) -> list[int]:
    """The CPUs to pin the run to: spec.cpu_set where this helper may use them all (a cpuset
    of a container may not have them), else none."""
    if not spec.cpu_set or not hasattr(os, "sched_getaffinity"):
        return []
    return sorted(spec.cpu_set) if set(spec.cpu_set) <= os.sched_getaffinity(0) else []


def _pidfd_open(pid: int) -> int | None:
    opener = getattr(os, "pidfd_open", None)
    if opener is None:
        return None
    try:
        return opener(pid)
    except OSError:
        return None


def _try_wait(pid: int) -> tuple[int, resource.struct_rusage] | None:
    try:
        wpid, status, rusage = os.wait4(pid, os.WNOHANG)
    except ChildProcessError:
        return 0, None  # type: ignore[return-value]
    if wpid == 0:
        return None
    return status, rusage


def _wait(pid: int) -> tuple[int | None, resource.struct_rusage | None]:
    try:
        _, status, rusage = os.wait4(pid, 0)
        return status, rusage
    except ChildProcessError:
        return None, None


def _read_into(stream: _Stream) -> bool:
    """Read what is there; False at EOF. Past the cap the bytes are read and dropped, so
    a flood never fills the judge's memory and never blocks the child on a full pipe."""
    while True:
        try:
            chunk = os.read(stream.fd, READ_CHUNK)
        except BlockingIOError:
            return True
        except OSError as exc:
            if exc.errno == errno.EINTR:
                continue
            return False
        if not chunk:
            return False
        stream.feed(chunk)
        if len(chunk) < READ_CHUNK:
            return True


def _drain(sel: selectors.BaseSelector, streams: dict[int, _Stream], pidfd: int | None, control_fd: int = -1) -> None:
    """Read the pipes to EOF: every writer is dead by now, but the kernel may hold data."""
    for fd in (pidfd, control_fd):
        if fd is not None and fd in sel.get_map():
            sel.unregister(fd)
    deadline = time.monotonic() + DRAIN_TIMEOUT
    while sel.get_map() and time.monotonic() < deadline:
        for key, _ in sel.select(max(0.0, deadline - time.monotonic())):
            if not _read_into(streams[key.fd]):
                sel.unregister(key.fd)


def _ask_stack_dump(pid: int, obs: _Stream | None) -> str:
    """SIGUSR1 makes the bootstrap's faulthandler write every thread's stack to fd 3."""
    if obs is None:
        return ""
    mark = len(obs.data)
    try:
        os.kill(pid, signal.SIGUSR1)
    except ProcessLookupError:
        return ""
    deadline = time.monotonic() + DUMP_WAIT
    last_size, quiet_since = mark, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.01)
        _read_into(obs)
        if len(obs.data) != last_size:
            last_size, quiet_since = len(obs.data), time.monotonic()
        elif last_size > mark and time.monotonic() - quiet_since > 0.05:
            break
    return bytes(obs.data[mark:]).decode("utf-8", "replace")
