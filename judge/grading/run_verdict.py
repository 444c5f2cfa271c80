"""A run's verdict from how it ended: the limit that stopped it, a signal, an exit code."""

from __future__ import annotations

import signal as signals

from judge.core.i18n import _, ngettext
from judge.core.numbers import decimal
from judge.core.verdicts import Verdict
from judge.sandbox.runspec import (
    STOP_CANCELLED,
    STOP_CPU,
    STOP_HELPER_LOST,
    STOP_MEMORY,
    STOP_OUTPUT,
    STOP_PROCESSES,
    STOP_SANDBOX_FAILED,
    STOP_START_FAILED,
    STOP_WALL,
    RunResult,
    RunSpec,
    is_busy,
)


def verdict_from_run(run: RunResult, spec: RunSpec) -> tuple[Verdict, str]:
    """What a run's end says (a limit, a signal, an exit code), before its output is checked."""
    limits = spec.limits
    stopped = run.stopped
    if stopped == STOP_HELPER_LOST:
        return Verdict.SV, _("the solution killed the judge's sandbox process")
    if stopped in (STOP_START_FAILED, STOP_SANDBOX_FAILED):
        return Verdict.IE, run.stderr.decode("utf-8", "replace").strip()
    if stopped == STOP_CANCELLED:  # an interactor's end decides such a test (see interactive.decide)
        return Verdict.IE, _("the judge stopped the solution")
    if stopped == STOP_OUTPUT:
        return Verdict.OLE, ngettext(
            "output limit exceeded: more than {limit} byte on stdout",
            "output limit exceeded: more than {limit} bytes on stdout",
            limits.output,
        ).format(limit=limits.output)
    if stopped == STOP_MEMORY:
        return Verdict.MLE, _("memory limit exceeded: the process tree reached {used} MiB (limit {limit} MiB)").format(
            used=run.memory // 1024**2, limit=limits.memory // 1024**2
        )
    if stopped == STOP_PROCESSES:
        return Verdict.SV, _("too many processes or threads (limit {limit})").format(limit=limits.processes)
    if stopped == STOP_CPU:
        return Verdict.TLE, _("time limit exceeded: {cpu} s of CPU > {limit} s").format(
            cpu=decimal(run.cpu_time, 2), limit=decimal(limits.time)
        )
    if stopped == STOP_WALL:
        if is_busy(run) and run.wall_time > limits.wall * 1.05:
            # The deadline moved while the run waited for a CPU (runspec.WALL_STRETCH).
            return Verdict.TLE, _(
                "time limit exceeded: still running after {limit} s of its own time "
                "({wall} s of wall time: the machine was busy and the program waited for a CPU)"
            ).format(limit=decimal(limits.wall), wall=decimal(run.wall_time, 1))
        if is_busy(run):
            return Verdict.TLE, _("time limit exceeded: still running after {limit} s").format(
                limit=decimal(limits.wall)
            )
        return Verdict.ILE, _(
            "idleness limit exceeded: waited {wall} s while using {cpu} s of CPU "
            "(sleeping, blocked or waiting for input?)"
        ).format(wall=decimal(limits.wall), cpu=decimal(run.cpu_time, 2))
    if run.signal is not None:
        if run.signal == signals.SIGXCPU:
            return Verdict.TLE, _("time limit exceeded: {cpu} s of CPU").format(cpu=decimal(run.cpu_time, 2))
        if run.signal == signals.SIGXFSZ:
            return Verdict.OLE, _("file size limit exceeded")
        try:
            name = signals.Signals(run.signal).name
        except ValueError:
            return Verdict.RE, _("killed by signal {number}").format(number=run.signal)
        return Verdict.RE, _("killed by {signal}").format(signal=name)
    if run.exit_code == 0 and (
        run.stderr.startswith(b"Exception in thread ") or b"\nException in thread " in run.stderr
    ):
        # The main thread ended well, but a thread died of an uncaught exception: a bug, even
        # when the output happens to look right.
        return Verdict.RE, _("an uncaught exception in a thread")
    if run.exit_code not in (0, None):
        tail = run.stderr.rstrip().rsplit(b"\n", 1)[-1]
        if tail.startswith(b"MemoryError"):
            return Verdict.MLE, _("memory limit exceeded (MemoryError)")
        return Verdict.RE, _("exit code {code}").format(code=run.exit_code)
    return Verdict.AC, ""


_NETWORK_ERRORS = (
    "ConnectionRefusedError",
    "socket.gaierror",
    "gaierror",
    "OSError: [Errno 101]",
    "OSError: [Errno 99]",
    "TimeoutError",
    "urllib.error.URLError",
)


def network_refused(exception: str) -> bool:
    """An exception a network attempt raises in a namespace with no network."""
    return exception.startswith(_NETWORK_ERRORS)
