"""The judge's side of the portable sandbox: one helper process per parallel slot.

For macOS and Windows (chosen by `auto` off Linux) and `--isolation portable` on Linux, so
that this machine tests it. The same interface as client.Sandbox: run(spec, stdin_path,
stdio) -> RunResult, canceller(), start(), close(), a context manager; the same RunResult
and STOP_* reasons. Only `subprocess`, threads, pipes and psutil: no fork, no AF_UNIX socket,
no fd passing, no rlimits (portable_run.py says what a run gets).

A persistent helper (portable_helper.py) stands between the judge and the solutions, as on
POSIX: a solution that kills its parent kills the helper, the run is SV and a new helper
takes over; the run's processes are then killed from here (the helper said the main one's
pid when it started it; a run that killed the helper before that is found by the work folder
its environment names).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import TypedDict

from judge.core.i18n import N_, _
from judge.sandbox import framing
from judge.sandbox.helper_sandbox import HelperSandbox
from judge.sandbox.runspec import (
    CANCEL,
    STOP_HELPER_LOST,
    STOP_START_FAILED,
    RunResult,
    RunSpec,
)

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
# What the helper keeps of the judge's environment (the runs get the scrubbed one): a
# solution that reads its parent's environment finds no token of the judge's.
_HELPER_ENV = (
    "PATH",
    "LANG",
    "LC_ALL",
    "HOME",
    "SYSTEMROOT",
    "WINDIR",
    "PATHEXT",
    "COMSPEC",
    "TEMP",
    "TMP",
    "USERPROFILE",
)
# A refusal the student or teacher reads (as the IE message): translated where it is used.
INTERACTIVE_UNSUPPORTED = N_(
    "judge-sandbox: interactive problems need the POSIX sandbox "
    "(--isolation basic or stronger): the portable sandbox cannot hand the "
    "interactor's pipes to the solution"
)


class PortableSandbox(HelperSandbox):
    """The portable sandbox: its helper takes specs over its stdin, answers on its stdout.
    No fork: every run is a fresh interpreter (zygote stays False)."""

    def __init__(
        self, python: str = sys.executable, isolation: str = "portable", slot: int = 0, trace: bool | None = None
    ) -> None:
        super().__init__(python, isolation, slot, trace)
        self._proc: subprocess.Popen[bytes] | None = None
        self._session = False  # do its runs get a session of their own (the plan's "session")
        self._write_lock = threading.Lock()  # run() and a canceller write frames

    def start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        from judge.sandbox.layers import plan_isolation

        plan = plan_isolation(self.isolation)
        self._session = "session" in plan.layers
        self._tmp = tempfile.mkdtemp(prefix="judge-helper-")
        env = {key: os.environ[key] for key in _HELPER_ENV if key in os.environ}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))
        env["TMPDIR"] = self._tmp
        if os.name == "nt":
            env["TEMP"] = env["TMP"] = self._tmp
        if self._log is not None:
            self._log.close()
        self._log = tempfile.TemporaryFile(prefix="judge-helper-log-")
        self._booted, self._used = False, False
        self._proc = subprocess.Popen(
            [self.python, "-m", "judge.sandbox.portable_helper", plan.to_arg(), str(self.slot)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
            **_own_group(),
        )

    def _refused(self, spec: RunSpec, stdio: tuple[int, int] | None) -> RunResult | None:
        """Interactive specs (stdio) are refused: see INTERACTIVE_UNSUPPORTED. (The helper
        gives a run a private copy of its stdin_path.)"""
        if stdio is None and not spec.interactive:
            return None
        for fd in stdio or ():
            os.close(fd)
        if (stdio is not None) != spec.interactive:
            raise ValueError("stdio fds go with an interactive spec, and only with one")
        return RunResult(stopped=STOP_START_FAILED, exit_code=127, stderr=_(INTERACTIVE_UNSUPPORTED).encode())

    def _run(
        self, spec: RunSpec, stdin_path: Path | None, stdio: tuple[int, int] | None, token: object | None
    ) -> RunResult:
        self.start()
        proc = self._proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        self._used = True
        if not self._booted:
            ok, hello = framing.read(proc.stdout)
            if not ok or hello != "ready":
                return self._sandbox_failed("the sandbox helper did not start")
            self._booted = True
        path = str(Path(stdin_path).resolve()) if stdin_path is not None else None
        try:
            with self._cancel_lock:
                self._send((spec, path))
                self._mark_sent(token)
        except OSError:
            return self._helper_lost(None)
        started: tuple[int, float | None] | None = None  # the run's main process: pid, creation time
        while True:
            ok, reply = framing.read(proc.stdout)
            if not ok:
                return self._helper_lost(started)
            if isinstance(reply, tuple) and reply and reply[0] == "started":
                started = reply[1], reply[2]
                continue
            return reply

    def _send(self, obj: object) -> None:
        proc = self._proc
        if proc is None or proc.stdin is None:
            raise OSError("no helper")
        with self._write_lock:
            framing.write(proc.stdin, obj)

    def _send_cancel(self) -> None:
        self._send(CANCEL)

    def _helper_lost(self, started: tuple[int, float | None] | None) -> RunResult:
        """The run killed the helper. Report it (SV); kill what the run left. A helper that
        ended with a Python traceback crashed by itself instead: a judge bug (IE)."""
        proc = self._proc
        if proc is not None:
            try:
                proc.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
            if proc.returncode not in (None, 0) and b"Traceback" in self._log_tail():
                self._kill_runs(started)
                return self._sandbox_failed("the sandbox helper crashed")
        self._kill_runs(started)
        self._close_helper()
        self._drop_tmp()
        return RunResult(
            stopped=STOP_HELPER_LOST, exit_code=None, stderr=b"the solution killed the judge's sandbox helper process"
        )

    def _kill_runs(self, started: tuple[int, float | None] | None) -> None:
        """Kill what the runs of a lost helper left: the run it said it started, and every
        process whose environment names a work folder of this helper's (HOME and TMPDIR, set
        at their start). The second finds a run that killed the helper before the helper
        could tell its pid (its first line, on a loaded machine)."""
        if started is not None:
            _kill_run(*started, self._session)
        if self._tmp is not None:
            for pid in _runs_under(self._tmp):
                _kill_run(pid, None, self._session)

    def _close_helper(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for pipe in (proc.stdin, proc.stdout):
            try:
                if pipe is not None:
                    pipe.close()  # EOF: the helper stops its run (if any) and exits
            except OSError:
                pass
        if not self._used:
            proc.kill()  # started ahead but never needed: no reason to wait for its boot
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class _GroupOptions(TypedDict, total=False):
    """Popen's keyword arguments for a process group of its own, per platform."""

    creationflags: int
    process_group: int


def _own_group() -> _GroupOptions:
    """The helper in a process group of its own: a run that kills its parent's group takes
    the helper, never the judge."""
    if sys.platform == "win32":  # os.name == "nt", in the form mypy narrows on
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"process_group": 0} if hasattr(os, "setpgid") else {}


def _runs_under(folder: str) -> list[int]:
    """The processes whose environment puts HOME or TMPDIR inside `folder`: the runs the
    helper started there (run_env), and what they started, which inherits it. A process this
    user may not read is not one of them."""
    import psutil

    inside = os.path.join(folder, "")
    found = []
    for proc in psutil.process_iter(["pid"]):
        try:
            env = proc.environ()
        except (psutil.Error, OSError):
            continue
        if any(env.get(key, "").startswith(inside) for key in ("HOME", "TMPDIR")):
            found.append(proc.pid)
    return found


def _kill_run(pid: int, created: float | None, session: bool) -> None:
    """Kill a run whose helper is gone: its main process (if still the one the helper
    started: same creation time), what it started, and its session where it has one."""
    import psutil

    from judge.sandbox.portable_tree import Tracker, kill_session

    main: psutil.Process | None
    try:
        main = psutil.Process(pid)
        if created is not None and main.create_time() != created:
            main = None  # its pid went to another process meanwhile
    except psutil.Error:
        main = None
    if main is None:
        kill_session(pid if session else None)
    else:
        Tracker(main).kill_all(pid if session else None)
