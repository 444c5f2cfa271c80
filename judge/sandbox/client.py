"""The judge's side of the sandbox: one helper process per parallel slot."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from judge.sandbox import framing, linux
from judge.sandbox.bootfiles import bootstrap_program
from judge.sandbox.helper_sandbox import HelperSandbox
from judge.sandbox.runspec import (
    CANCEL,
    STOP_HELPER_LOST,
    RunResult,
    RunSpec,
)

if TYPE_CHECKING:
    from judge.sandbox.cgroups import Cgroup
    from judge.sandbox.uids import UidLease

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_subreaper_lock = threading.Lock()
_subreaper_state: list[bool] = []  # set once per judge process; a list so no `global` is needed
_swept_cgroups: set[str] = set()  # cgroup kinds swept of dead judges' leftovers by this process


class Sandbox(HelperSandbox):
    """The POSIX sandbox: its helper takes specs over a socket, fds alongside (helper.py)."""

    def __init__(
        self,
        python: str = sys.executable,
        isolation: str = "auto",
        slot: int = 0,
        zygote: bool = False,
        trace: bool | None = None,
    ) -> None:
        super().__init__(python, isolation, slot, trace)
        self.zygote = zygote  # the helper keeps a warm interpreter for specs that allow it
        self._proc: subprocess.Popen[bytes] | None = None
        self._sock: socket.socket | None = None
        self._wrapped = False  # does it live inside namespaces (bwrap's or its own)
        self._cgroup: Cgroup | None = None  # the helper's (strict): ours to create and to remove
        self._uid: UidLease | None = None  # the helper's runs' uid (strict): held while it lives

    def start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        from judge.sandbox import namespaces
        from judge.sandbox.layers import plan_isolation

        # Plan first: its one-off bwrap probe must not leave an orphan with a subreaper.
        plan = plan_isolation(self.isolation)
        _become_subreaper()
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        # The runs' work dirs live in a folder of this helper's: if a run kills the helper
        # before it cleans up, we remove them (inside bwrap /tmp is private and goes anyway).
        if plan.drop_uid and not plan.private_view:
            # Without namespaces (whose /tmp is private) the runs' work dirs are in here, and
            # their unprivileged uid must be able to pass through every folder above them
            # (not to list this one: each work dir is its own uid's, mode 0700). A native
            # helper mounts its new root over this folder, in its own namespace only.
            self._tmp = tempfile.mkdtemp(prefix="judge-helper-", dir=_traversable_tmp())
            os.chmod(self._tmp, 0o711)
        else:
            self._tmp = tempfile.mkdtemp(prefix="judge-helper-")
        # The helper gets no more of our environment than it needs: a solution that reads
        # its ancestors' /proc/PID/environ (possible without the uid layer) finds nothing.
        env = {key: os.environ[key] for key in _HELPER_ENV if key in os.environ}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))
        env["TMPDIR"] = self._tmp
        cgroup_name = self._make_cgroup(plan.cgroup) if plan.cgroup else "-"
        if plan.drop_uid and self._uid is None:
            from judge.sandbox.uids import lease_uid

            self._uid = lease_uid(self.slot)
        prefix = namespaces.helper_prefix(plan, _PACKAGE_ROOT)
        # bootstrap.py's bytecode is written here, outside: the helper and its zygote may
        # see the judge's folder read-only (the fs-view layer) and would run the source.
        bootstrap_program()
        self._wrapped, self._used, self._booted = plan.private_view, False, False
        if self._log is not None:
            self._log.close()
        self._log = tempfile.TemporaryFile(prefix="judge-helper-log-")
        self._proc = subprocess.Popen(
            prefix
            + [
                self.python,
                "-m",
                "judge.sandbox.helper",
                str(child.fileno()),
                plan.to_arg(),
                str(self._uid.uid if self._uid is not None else -1),
                "warm" if self.zygote else "fresh",
                cgroup_name,
            ],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
            stderr=self._log,
            env=env,
            # Its own process group: a run that kills its parent's group takes the helper,
            # never the judge.
            process_group=0,
        )
        child.close()
        self._sock = parent

    def _run(
        self, spec: RunSpec, stdin_path: Path | None, stdio: tuple[int, int] | None, token: object | None
    ) -> RunResult:
        try:
            self.start()
        except BaseException:
            for fd in stdio or ():
                os.close(fd)
            raise
        assert self._sock is not None and self._proc is not None
        self._used = True
        if not self._booted:
            hello = framing.recv(self._sock)
            if hello is None:
                for fd in stdio or ():
                    os.close(fd)
                return self._sandbox_failed("the sandbox helper did not start")
            self._booted = True
        if stdio is not None:
            fds = list(stdio)
        else:
            fds = [_sealed_copy(stdin_path)] if stdin_path is not None else []
        try:
            try:
                with self._cancel_lock:  # (the test's input: sealed in memory, _sealed_copy)
                    framing.send(self._sock, spec, fds or None)
                    self._mark_sent(token)
            finally:
                for fd in fds:
                    os.close(fd)
            reply = framing.recv(self._sock)
        except OSError:
            reply = None
        if reply is None:
            return self._helper_lost()
        result, _ = reply
        return result

    def _send_cancel(self) -> None:
        if self._sock is not None:
            framing.send(self._sock, CANCEL)

    def _helper_lost(self) -> RunResult:
        """The run killed the helper (or its process group). Report it; clean up its orphans.
        A helper that ended with a Python traceback crashed by itself instead: a judge bug."""
        if self._proc is not None and b"Traceback" in self._log_tail():
            linux.wait_or_kill(self._proc, timeout=1)  # its socket closed a moment before it exited
            if self._proc.returncode == 1:
                return self._sandbox_failed("the sandbox helper crashed")
        proc = self._proc
        self._close_helper()
        if proc is not None:
            _kill_orphans(exclude={proc.pid})
        self._drop_tmp()  # with the run's work dir, which its helper did not live to remove
        return RunResult(
            stopped=STOP_HELPER_LOST, exit_code=None, stderr=b"the solution killed the judge's sandbox helper process"
        )

    def _make_cgroup(self, kind: str) -> str:
        """Create the helper's cgroup, named after the slot and this (host) pid: unique on the
        host (inside bwrap every helper has the same pid), and sweepable once we are gone."""
        import secrets

        from judge.sandbox.cgroups import Cgroup, slot_name, sweep_stale

        with _subreaper_lock:
            if kind not in _swept_cgroups:
                _swept_cgroups.add(kind)
                sweep_stale(kind)
        name = slot_name(self.slot, os.getpid(), secrets.token_hex(6))
        self._cgroup = Cgroup.create(kind, name)
        return name

    def _release(self) -> None:
        if self._uid is not None:  # the helper and every run of it are gone: the uid is free
            self._uid.release()
            self._uid = None

    def _close_helper(self) -> None:
        # The inner helper (bwrap's, or a native helper's inside half) may outlive its
        # monitor by a moment and then come to us (we are a subreaper): remember the
        # helper's ancestry to collect exactly those.
        inner = _descendants(self._proc.pid) if self._proc is not None and self._wrapped else []
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._proc is not None:
            if not self._used:
                self._proc.kill()  # started ahead but never needed: no reason to wait for its boot
            linux.wait_or_kill(self._proc, timeout=2)
            self._proc = None
        for pid in inner:
            _collect(pid)
        if self._cgroup is not None:  # the helper is gone: nothing of its runs is left in it
            self._cgroup.remove()
            self._cgroup = None


_HELPER_ENV = ("PATH", "LANG", "LC_ALL", "HOME", "SYSTEMROOT")


def _traversable_tmp() -> str:
    """TMPDIR if others may pass through it and every folder above it, else /tmp (e.g. a
    TMPDIR inside a private home folder, which a solution's uid could not enter)."""
    folder = Path(tempfile.gettempdir()).resolve()
    if all(p.stat().st_mode & 0o001 for p in (folder, *folder.parents)):
        return str(folder)
    return "/tmp"


def _sealed_copy(path: Path) -> int:
    """The test input as a sealed in-memory copy: the solution reads (and seeks) it as a
    file, but even reopening /proc/self/fd/0 for writing cannot change the test's file."""
    memfd_create = getattr(os, "memfd_create", None)
    if memfd_create is None:
        return os.open(path, os.O_RDONLY)
    fd = memfd_create("judge-stdin", os.MFD_CLOEXEC | getattr(os, "MFD_ALLOW_SEALING", 2))
    with open(path, "rb") as src:
        while chunk := src.read(1 << 20):
            os.write(fd, chunk)
    import fcntl

    seals = (
        getattr(fcntl, "F_SEAL_WRITE", 8)
        | getattr(fcntl, "F_SEAL_GROW", 4)
        | getattr(fcntl, "F_SEAL_SHRINK", 2)
        | getattr(fcntl, "F_SEAL_SEAL", 1)
    )
    try:
        fcntl.fcntl(fd, getattr(fcntl, "F_ADD_SEALS", 1033), seals)
    except OSError:
        pass
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _descendants(pid: int) -> list[int]:
    from judge.sandbox import proctree

    return proctree.descendants(pid)


def _collect(pid: int, timeout: float = 1.0) -> None:
    """Reap one specific process if it became our zombie (never waitpid(-1): that could
    steal the exit status of a checker another thread is waiting for)."""
    import time

    deadline = time.monotonic() + timeout
    # Short sleeps first: it is usually a zombie being handed to us as its parent exits.
    delay = 0.0002
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            # Not our child (yet): still alive under its parent, or reaped by someone else.
            try:
                if _parent(pid) != os.getpid() and time.monotonic() < deadline:
                    time.sleep(delay)
                    delay = min(delay * 2, 0.005)
                    continue
            except OSError:
                return
            if time.monotonic() >= deadline:
                return
            continue
        if done or time.monotonic() >= deadline:
            return
        time.sleep(delay)
        delay = min(delay * 2, 0.005)


def _become_subreaper() -> None:
    """The judge itself is a subreaper too: if a helper dies, its orphans come to us."""
    with _subreaper_lock:
        if not _subreaper_state:
            _subreaper_state.append(linux.set_child_subreaper())


def _kill_orphans(exclude: set[int]) -> None:
    """Kill processes reparented to the judge after their helper died.

    They run in sessions of their own (the sandbox calls setsid), which tells them apart
    from the judge's own children (helpers, checkers), which share the judge's session.
    """
    from judge.sandbox import proctree

    own_session = os.getsid(0)
    for pid in proctree.descendants(os.getpid()):
        try:
            if pid in exclude or os.getsid(pid) == own_session:
                continue
            if os.getppid() and _parent(pid) != os.getpid():
                continue
        except OSError:
            continue
        proctree.kill_tree(pid, {})
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (OSError, ChildProcessError):
            pass
    if exclude:
        for pid in exclude:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat", "rb") as fh:
        stat = fh.read()
    return int(stat[stat.rindex(b")") + 2 :].split()[1])
