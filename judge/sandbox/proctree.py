"""The process tree under a subreaper: enumerate it, measure it with psutil, kill all of it."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import resource

    import psutil  # imported where used: the helper starts without it

# Linux's /proc/PID/task/TID/children lists direct children cheaply; reading it for the few
# processes of a run is far faster than psutil's scan of every process on the machine.
_FAST = os.path.exists(f"/proc/self/task/{os.getpid()}/children")


def descendants(root: int, skip: frozenset[int] = frozenset()) -> list[int]:
    """Every live (or zombie) descendant of `root`, not root itself, parents first; the
    processes in `skip` and their subtrees left out (the helper's zygote)."""
    result: list[int] = []
    stack = [root]
    while stack:
        pid = stack.pop()
        for kid in _children_fast(pid) if _FAST else _children_psutil(pid):
            if kid in skip:
                continue
            result.append(kid)
            stack.append(kid)
    return result


def _children_fast(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    kids: list[int] = []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as fh:
                kids.extend(int(x) for x in fh.read().split())
        except OSError:
            continue  # the thread or process ended meanwhile
    return kids


def preload() -> None:
    """Import psutil now (the helper, at boot). Elsewhere it is imported on first use: the
    judge itself only lists a helper's descendants, from /proc, when it closes it."""
    import psutil  # noqa: F401


def _children_psutil(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children()]
    except psutil.Error:
        return []


@dataclass
class Snapshot:
    processes: int = 0  # live descendants of the main child's subreaper, main child included
    tasks: int = 0  # processes + threads
    rss: int = 0  # bytes, summed over the tree


@dataclass
class WaitLog:
    """How far the machine's load set a run back, from its processes' run-queue waits
    (schedstat) read at each poll.

    Per poll, the largest growth of any one process's wait (never more than the time since
    the last poll), summed over polls: processes waiting side by side count once, processes
    that run one after another add up. The longest wait of any one process would not: a
    program that starts and joins its children in a loop has each child's wait end with it.
    """

    waits: dict[int, int] = field(default_factory=dict)  # pid: nanoseconds waited, last read
    set_back: float = 0.0  # seconds
    _grew: int = 0  # nanoseconds: the largest growth seen in this poll
    _closed_at: float | None = None  # time.monotonic() of the last poll's end

    def see(self, pid: int, waited: int) -> None:
        before = self.waits.get(pid, 0)
        if waited > before:
            self.waits[pid] = waited
            self._grew = max(self._grew, waited - before)

    def close_poll(self, now: float) -> None:
        grew = self._grew / 1e9
        if self._closed_at is not None:  # threads of one process add up: not past the clock
            grew = min(grew, max(0.0, now - self._closed_at))
        self.set_back += grew
        self._grew = 0
        self._closed_at = now

    @property
    def total(self) -> float:
        """Seconds every process seen waited, summed (what the run wanted of the CPUs)."""
        return sum(self.waits.values()) / 1e9

    @property
    def longest(self) -> float:
        return max(self.waits.values(), default=0) / 1e9


@dataclass
class TreeWatcher:
    """Polls the tree under `root` (the helper): CPU, RSS, threads; remembers peaks."""

    root: int
    peak_rss: int = 0
    peak_tasks: int = 0
    peak_threads: int = 0
    live_cpu: float = 0.0
    seen: set[int] = field(default_factory=set)
    skip: frozenset[int] = frozenset()  # not the run's: the helper's zygote
    # Each process's run-queue wait (schedstat): what it wanted of the CPUs, not only what
    # it got; kept for processes that have ended since (last value seen).
    waits: WaitLog = field(default_factory=WaitLog)
    _procs: dict[int, psutil.Process] = field(default_factory=dict)

    @property
    def runqueue_wait(self) -> float:
        return self.waits.total

    def set_back(self) -> float:
        """Seconds the machine's load set the run back (WaitLog), counting what the live
        processes waited since the last poll."""
        return max(self.waits.set_back, self.waits.longest, longest_wait(self.root, self.skip))

    def poll(self) -> Snapshot:
        import psutil

        snap = Snapshot()
        cpu = 0.0
        threads = 0
        alive: dict[int, psutil.Process] = {}
        for pid in descendants(self.root, self.skip):
            proc = self._procs.get(pid)
            try:
                if proc is None:
                    proc = psutil.Process(pid)
                with proc.oneshot():
                    times = proc.cpu_times()
                    mem = proc.memory_info()
                    nthreads = proc.num_threads()
            except psutil.Error:
                continue
            alive[pid] = proc
            self.seen.add(pid)
            self.waits.see(pid, run_delay(pid))
            # children_* hold the time of children this process has already reaped.
            cpu += times.user + times.system + times.children_user + times.children_system
            snap.rss += mem.rss
            threads += nthreads
            snap.processes += 1
        self._procs = alive
        self.waits.close_poll(time.monotonic())
        snap.tasks = threads
        self.live_cpu = cpu
        self.peak_rss = max(self.peak_rss, snap.rss)
        self.peak_tasks = max(self.peak_tasks, threads)
        self.peak_threads = max(self.peak_threads, threads - snap.processes + min(1, snap.processes))
        return snap

    def cpu_time(self, before: resource.struct_rusage) -> float:
        """CPU of the tree: what was reaped since `before` plus what is alive now."""
        import resource

        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        reaped = (now.ru_utime - before.ru_utime) + (now.ru_stime - before.ru_stime)
        return reaped + self.live_cpu


def run_delay(pid: int) -> int:
    """Nanoseconds all threads of `pid` spent runnable but waiting for a CPU."""
    total = 0
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as fh:
                total += int(fh.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total


Reaped = dict  # pid -> (status, rusage) of children collected by reap_all


def kill_tree(root: int, reaped: Reaped, rounds: int = 200, skip: frozenset[int] = frozenset()) -> None:
    """SIGKILL every descendant of root (but `skip` and theirs), again and again until none
    is left. Stopping first keeps a fork bomb from outrunning the enumeration.
    """
    for _ in range(rounds):
        pids = descendants(root, skip)
        if not pids:
            return
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except (ProcessLookupError, PermissionError):
                    pass
        reap_all(reaped)
        time.sleep(0.001)


def reap_all(reaped: Reaped) -> None:
    """Collect every zombie child (orphans reparented to us as the subreaper included),
    keeping each one's status and rusage: the caller may be waiting for one of them."""
    while True:
        try:
            pid, status, rusage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        reaped[pid] = (status, rusage)


def longest_wait(root: int, skip: frozenset[int] = frozenset()) -> float:
    """Seconds the most starved live process under `root` waited for a CPU (0 off Linux)."""
    return max((run_delay(pid) for pid in descendants(root, skip)), default=0) / 1e9


def runqueue_wait(root: int, skip: frozenset[int] = frozenset()) -> float:
    """Seconds the tree's live threads spent ready to run but waiting for a CPU.

    On a loaded machine a busy loop gets only a share of a core; CPU time alone would then
    call it idle. CPU + run-queue wait is what it *wanted*, which tells busy from idle.
    (Linux schedstat; 0 elsewhere.)
    """
    return sum(run_delay(pid) for pid in descendants(root, skip)) / 1e9
