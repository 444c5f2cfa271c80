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

from judge.sandbox import confine, linux, proctree, wire
from judge.sandbox.cgroups import Cgroup
from judge.sandbox.layers import plan_isolation
from judge.sandbox.plan import Plan
from judge.sandbox.zygote import Spawned, Zygote
from judge.sandbox.zygote import usable as zygote_usable
from judge.sandbox.runspec import (
    COLLECT_MAX, STOP_CANCELLED, STOP_CPU, STOP_MEMORY, STOP_OUTPUT, STOP_PROCESSES,
    STOP_START_FAILED, STOP_WALL, RunResult, RunSpec, observation_cap, trace_env,
)

POLL_INTERVAL = 0.01      # psutil polling of tree CPU and RSS
DRAIN_TIMEOUT = 0.5       # after the end, how long to wait for the pipes' EOF
DUMP_WAIT = 0.3           # how long a stack dump may take before the kill
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


def supervise(spec: RunSpec, stdin_fd: int | None, confinement: Confinement | None = None,
              stdout_fd: int | None = None, control: socket.socket | None = None) -> RunResult:
    """Run one spec. An interactive spec comes with the child's stdin and stdout fds, which
    this function owns: they are closed as soon as the child has them (or on any failure)."""
    confinement = confinement or Confinement(plan_isolation("basic"))
    given = _GivenStdio([fd for fd in (stdin_fd, stdout_fd) if fd is not None]
                        if spec.interactive else [])
    try:
        if spec.interactive and (stdin_fd is None or stdout_fd is None):
            return RunResult(stopped=STOP_START_FAILED, exit_code=127, isolation=confinement.plan.layers,
                             stderr=b"judge-sandbox: an interactive run needs its stdin and stdout")
        workdir = tempfile.mkdtemp(prefix="judge-run-")
        try:
            return _supervise(spec, stdin_fd, workdir, confinement, stdout_fd, given, control)
        finally:
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


def _supervise(spec: RunSpec, stdin_fd: int | None, workdir: str, confinement: Confinement,
               stdout_fd: int | None = None, given: _GivenStdio | None = None,
               control: socket.socket | None = None) -> RunResult:
    isolation = confinement.plan.layers
    cgroup, uid = confinement.cgroup, confinement.uid
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
    if cgroup is not None:
        # Room for the wrappers (bwrap's monitor and init) on top of the solution's own tasks.
        cgroup.prepare(spec.limits.memory, spec.limits.processes + 4)
    env = dict(BASE_ENV, HOME=workdir, TMPDIR=workdir)
    env.update(spec.env)
    env.update(trace_env(spec))
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
    spawned = _spawn_warm(spec, confinement, env, workdir, [stdin_fd, out_w, err_w] +
                          ([obs_w] if obs_w >= 0 else []))
    if spawned is not None:
        pid = spawned.pid
    else:
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _exec_child(spec, list(spec.argv), env, workdir, stdin_fd, out_w, err_w, obs_w,
                        cgroup.procs_files() if cgroup is not None else [], uid)
    if given is not None and given.fds:
        given.close()  # stdin and stdout (out_w) of an interactive run: the child has them
    for fd in (out_w if stdout_fd is None else -1, err_w, obs_w, null_fd):
        if fd is not None and fd >= 0:
            os.close(fd)

    result = RunResult(isolation=isolation, warm=spawned is not None)
    stdout = _Stream(out_r, limits.output + 1) if out_r >= 0 else None
    stderr = _Stream(err_r, limits.stderr)
    obs = _Stream(obs_r, observation_cap(spec)) if obs_r >= 0 else None
    streams = {s.fd: s for s in (stdout, stderr, obs) if s is not None}
    for fd in streams:
        os.set_blocking(fd, False)

    sel = selectors.DefaultSelector()
    for fd in streams:
        sel.register(fd, selectors.EVENT_READ)
    pidfd = _pidfd_open(pid)
    if pidfd is not None:
        sel.register(pidfd, selectors.EVENT_READ)
    # The judge's socket: a CANCEL (or the judge gone) stops the run now.
    control_fd = control.fileno() if control is not None else -1
    if control is not None:
        sel.register(control_fd, selectors.EVENT_READ)

    skip = frozenset([confinement.zygote.pid]) if confinement.zygote is not None and \
        confinement.zygote.pid is not None else frozenset()
    watcher = proctree.TreeWatcher(os.getpid(), track_wait=spec.observe, skip=skip)
    wall_deadline = start + limits.wall
    next_poll = start + POLL_INTERVAL
    status = None
    rusage = None
    stopped: str | None = None

    while True:
        now = time.monotonic()
        timeout = max(0.0, min(next_poll, wall_deadline) - now)
        if pidfd is None:  # no pidfd (old kernel, macOS): poll the exit at a short interval
            timeout = min(timeout, 0.002)
        cancelled = False
        for key, _ in sel.select(timeout):
            fd = key.fd
            if fd == pidfd:
                continue
            if control is not None and fd == control_fd:
                sel.unregister(fd)
                cancelled = True  # CANCEL, or EOF: the judge is gone
                message = wire.recv(control)
                for extra in (message[1] if message else []):
                    os.close(extra)
                continue
            if not _read_into(streams[fd]):
                sel.unregister(fd)
        if cancelled:
            stopped = STOP_CANCELLED
            break
        if stdout is not None and stdout.total > limits.output:
            stopped = STOP_OUTPUT
            break
        waited = _try_wait(pid)
        if waited is not None:
            status, rusage = waited
            break
        now = time.monotonic()
        if now >= next_poll:
            next_poll = now + POLL_INTERVAL
            snap = watcher.poll()
            if watcher.cpu_time(before) > limits.time:
                stopped = STOP_CPU
                break
            # With a cgroup the kernel enforces memory and pids itself (and counts shared
            # pages once); without one, the polled tree is all we have.
            if cgroup is None and snap.rss > limits.memory:
                stopped = STOP_MEMORY
                break
            if cgroup is None and snap.tasks > limits.processes:
                stopped = STOP_PROCESSES
                break
        if now >= wall_deadline:
            stopped = STOP_WALL
            result.runqueue_wait = proctree.runqueue_wait(os.getpid(), skip)
            if spec.observe:
                result.stack_dump = _ask_stack_dump(pid, obs)
            break

    result.wall_time = time.monotonic() - start
    result.started_at = start
    reaped: proctree.Reaped = {}
    if stopped is not None:
        watcher.poll()
        if cgroup is not None:
            cgroup.kill_all()
        proctree.kill_tree(os.getpid(), reaped, skip=skip)
        proctree.reap_all(reaped)
        if pid in reaped:
            status, rusage = reaped[pid]
        else:
            status, rusage = _wait(pid)
    else:
        snap = watcher.poll()
        result.leftover = snap.processes
        if snap.processes:
            if cgroup is not None:
                cgroup.kill_all()
            proctree.kill_tree(os.getpid(), reaped, skip=skip)
    proctree.reap_all(reaped)
    _drain(sel, streams, pidfd, control_fd)
    sel.close()
    if pidfd is not None:
        os.close(pidfd)
    for fd in streams:
        os.close(fd)

    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result.cpu_time = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    maxrss = rusage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) if rusage else 0
    result.memory = max(watcher.peak_rss, maxrss)
    if spawned is not None:
        # Counted from the fork: what the child found in memory is the warm interpreter's.
        result.memory = max(0, result.memory - spawned.inherited_rss)
    if cgroup is not None:
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
    result.peak_tasks = watcher.peak_tasks
    if spec.observe:
        result.demand_wait = watcher.runqueue_wait
    result.peak_threads = watcher.peak_threads
    result.processes_seen = max(0, len(watcher.seen) - 1)
    if stdout is not None:
        result.stdout = bytes(stdout.data[: limits.output])
        result.stdout_truncated = stdout.total > limits.output
    result.stderr = bytes(stderr.data)
    result.stderr_truncated = stderr.truncated
    if obs is not None:
        result.observations = bytes(obs.data)
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
    result.stopped = stopped
    result.collected = _collect_files(workdir, spec.collect)
    return result


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


def _spawn_warm(spec: RunSpec, confinement: Confinement, env: dict[str, str], workdir: str,
                fds: list[int]) -> Spawned | None:
    """Fork the run from the helper's zygote when it can stand in for a fresh interpreter."""
    zygote = confinement.zygote
    if zygote is None or not spec.zygote or not spec.files:
        return None
    source = spec.files[0][0]
    if not zygote_usable(spec.argv, spec.observe, source) or \
            any(not key.startswith("JUDGE_") for key, _ in spec.env):
        return None
    cgroup = confinement.cgroup
    request = {
        "source": source, "observe": spec.observe, "workdir": workdir, "env": env,
        "argv": list(spec.argv), "rlimits": run_rlimits(spec), "uid": confinement.uid,
        "cgroup_procs": cgroup.procs_files() if cgroup is not None else [],
    }
    return zygote.spawn(request, fds)


def _exec_child(spec: RunSpec, argv: list[str], env: dict[str, str], workdir: str, stdin_fd: int,
                out_w: int, err_w: int, obs_w: int, cgroup_procs: list[str], uid: int | None) -> None:
    try:
        # The helper is inside the namespaces already (if any): the child only drops its uid.
        confine.enter(stdin_fd, out_w, err_w, obs_w, workdir, cgroup_procs, run_rlimits(spec), uid,
                      linux.set_no_new_privs, python_signals=False)
        exe = shutil.which(argv[0]) or argv[0] if not os.path.isabs(argv[0]) else argv[0]
        os.execve(exe, argv, env)
    except BaseException as exc:  # noqa: BLE001 - anything here must end the child
        try:
            os.write(2, f"judge-sandbox: cannot start {spec.argv[0]}: {exc}\n".encode())
        finally:
            os._exit(127)


def run_rlimits(spec: RunSpec) -> list[tuple[int, int, int]]:
    limits = spec.limits
    return confine.rlimits(limits.time, limits.memory, limits.output)


def _pidfd_open(pid: int) -> int | None:
    opener = getattr(os, "pidfd_open", None)
    if opener is None:
        return None
    try:
        return opener(pid)
    except OSError:
        return None


def _try_wait(pid: int) -> tuple[int, "resource.struct_rusage"] | None:
    try:
        wpid, status, rusage = os.wait4(pid, os.WNOHANG)
    except ChildProcessError:
        return 0, None  # type: ignore[return-value]
    if wpid == 0:
        return None
    return status, rusage


def _wait(pid: int) -> tuple[int | None, "resource.struct_rusage | None"]:
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


def _drain(sel: selectors.BaseSelector, streams: dict[int, _Stream], pidfd: int | None,
           control_fd: int = -1) -> None:
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
