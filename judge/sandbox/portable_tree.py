"""A run's process tree without a subreaper: followed with psutil, measured, killed.

The portable sandbox (portable_run.py) has no subreaper and no cgroup: a process whose parent
dies is handed to init (launchd on macOS; on Windows nobody), out of the tree. So every
process seen while polling is remembered (a psutil.Process, safe against pid reuse) and
measured and killed even after it has left the tree. What was never seen (started and
orphaned between two polls) is out of reach, except through the run's session on POSIX.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from judge.sandbox import proctree

if TYPE_CHECKING:
    import psutil  # imported where used: a run's first poll, not the helper's start

KILL_ROUNDS = 50


@dataclass
class Snapshot:
    processes: int = 0  # live processes of the run (the main one included)
    tasks: int = 0  # processes + threads
    rss: int = 0  # bytes, summed


@dataclass
class _Seen:
    proc: psutil.Process
    parent: int  # its parent's pid when first seen
    own_cpu: float = 0.0  # user + system of the process itself, last seen
    children_cpu: float = 0.0  # of the children it has reaped (0 on macOS and Windows)
    alive: bool = True


@dataclass
class Tracker:
    """Polls the run's tree: CPU, RSS, threads, with peaks, and every process seen."""

    main: psutil.Process  # the run's main process
    peak_rss: int = 0
    peak_tasks: int = 0
    peak_threads: int = 0
    seen: dict[int, _Seen] = field(default_factory=dict)
    # Each process's run-queue wait (what it wanted of the CPUs, not only what it got), as
    # proctree.TreeWatcher follows it: Linux schedstat, 0 elsewhere.
    waits: proctree.WaitLog = field(default_factory=proctree.WaitLog)

    @property
    def runqueue_wait(self) -> float:
        return self.waits.total

    def set_back(self) -> float:
        """As proctree.TreeWatcher.set_back: how far the machine's load set the run back,
        counting what the live processes waited since the last poll."""
        live = [proctree.run_delay(pid) for pid, entry in self.seen.items() if entry.alive]
        return max(self.waits.set_back, self.waits.longest, max(live, default=0) / 1e9)

    def __post_init__(self) -> None:
        self.seen[self.main.pid] = _Seen(self.main, os.getpid())

    def poll(self, max_tasks: int | None = None) -> Snapshot:
        """Measure the tree. Past `max_tasks` live processes it stops counting there: a fork
        bomb's thousands of processes would each take a few file reads to measure."""
        import psutil

        self._discover()
        if max_tasks is not None:
            alive = sum(1 for entry in self.seen.values() if entry.alive)
            if alive > max_tasks:
                self.peak_tasks = max(self.peak_tasks, alive)
                return Snapshot(processes=alive, tasks=alive)
        snap = Snapshot()
        threads = 0
        for pid, entry in self.seen.items():
            if not entry.alive:
                continue
            try:
                with entry.proc.oneshot():
                    times = entry.proc.cpu_times()
                    rss = entry.proc.memory_info().rss
                    nthreads = entry.proc.num_threads()
                    zombie = entry.proc.status() == psutil.STATUS_ZOMBIE
            except psutil.Error:
                entry.alive = False
                continue
            entry.own_cpu = max(entry.own_cpu, times.user + times.system)
            entry.children_cpu = max(
                entry.children_cpu, getattr(times, "children_user", 0.0) + getattr(times, "children_system", 0.0)
            )
            if zombie:
                continue  # exited: its time is final, it holds no memory nor threads
            self.waits.see(pid, proctree.run_delay(pid))
            snap.processes += 1
            snap.rss += rss
            threads += nthreads
        self.waits.close_poll(time.monotonic())
        snap.tasks = threads
        self.peak_rss = max(self.peak_rss, snap.rss)
        self.peak_tasks = max(self.peak_tasks, threads)
        self.peak_threads = max(self.peak_threads, threads - snap.processes + min(1, snap.processes))
        return snap

    def _discover(self) -> None:
        """Add the live descendants of every live process seen (orphans keep their own)."""
        import psutil

        alive = {pid for pid, entry in self.seen.items() if entry.alive}
        # Walk each subtree once: from the main process and from orphans (whose parent is
        # gone), not from every process seen (quadratic in a fork bomb).
        roots = [pid for pid in alive if self.seen[pid].parent not in alive]
        for root in roots:
            for pid in proctree.descendants(root):
                if pid in self.seen:
                    continue
                try:
                    proc = psutil.Process(pid)
                    self.seen[pid] = _Seen(proc, proc.ppid())
                except psutil.Error:
                    continue

    def cpu_time(self) -> float:
        """Tree CPU: each process's own time, plus what its reaped children used that was
        never seen on its own (children that lived and died between two polls). Children
        seen are counted by themselves, whether their parent has reaped them yet or not."""
        total = 0.0
        for pid, entry in self.seen.items():
            counted = sum(kid.own_cpu + kid.children_cpu for kid in self.seen.values() if kid.parent == pid)
            total += entry.own_cpu + max(0.0, entry.children_cpu - counted)
        return total

    def settle_main(self, cpu: float) -> None:
        """The main process's exact CPU, its own and its reaped children's (wait4): what the
        polls did not see of it is its children's (their time is counted once, above)."""
        entry = self.seen[self.main.pid]
        entry.children_cpu = max(entry.children_cpu, cpu - entry.own_cpu)
        entry.alive = False

    def live(self) -> int:
        """Processes of the run still alive besides the main one (measured now)."""
        import psutil

        self._discover()
        count = 0
        for pid, entry in self.seen.items():
            if pid == self.main.pid or not entry.alive:
                continue
            try:
                if entry.proc.status() != psutil.STATUS_ZOMBIE:
                    count += 1
            except psutil.Error:
                entry.alive = False
        return count

    def kill_all(self, session: int | None) -> None:
        """Kill every process of the run: its session (POSIX), then each process ever seen
        and what they started. All are suspended first, until no new one appears, and only
        then killed: a process killed while its child still runs orphans that child (no
        subreaper here), and a fork bomb would outrun the count."""
        import psutil

        kill_session(session)
        for _ in range(KILL_ROUNDS):
            suspended: set[int] = set()
            while True:
                self._discover()
                fresh = [e.proc for pid, e in self.seen.items() if e.alive and pid not in suspended]
                if not fresh:
                    break
                for proc in fresh:
                    suspended.add(proc.pid)
                    try:
                        proc.suspend()
                    except psutil.Error:
                        pass
                _until_stopped(fresh, timeout=0.5)  # a fork under way has then made its child
            victims = [e.proc for e in self.seen.values() if e.alive]
            if not victims:
                break
            for proc in victims:
                try:
                    proc.kill()
                except psutil.Error:
                    pass
            self._await_end(victims, timeout=0.05)
            if not any(e.alive for e in self.seen.values()):
                break
        kill_session(session)

    def _await_end(self, procs: list[psutil.Process], timeout: float) -> None:
        """Wait until the killed processes are gone or zombies. Never by waiting for them:
        the main process's exit status belongs to the run's own waiter (psutil.wait_procs
        would reap it)."""
        import psutil

        deadline = time.monotonic() + timeout
        pending = list(procs)
        while pending:
            left = []
            for proc in pending:
                try:
                    if proc.status() != psutil.STATUS_ZOMBIE:
                        left.append(proc)
                        continue
                except psutil.Error:
                    pass
                self.seen[proc.pid].alive = False
            pending = left
            if not pending or time.monotonic() >= deadline:
                return
            time.sleep(0.002)


def _until_stopped(procs: list[psutil.Process], timeout: float) -> None:
    """Wait until the suspended processes are stopped (or gone): a stop signal takes effect
    on the way back from a system call, so a fork under way has finished by then."""
    import psutil

    deadline = time.monotonic() + timeout
    pending = list(procs)
    while pending and time.monotonic() < deadline:
        left = []
        for proc in pending:
            try:
                if proc.status() not in (
                    psutil.STATUS_STOPPED,
                    psutil.STATUS_ZOMBIE,
                    getattr(psutil, "STATUS_TRACING_STOP", "tracing-stop"),
                ):
                    left.append(proc)
            except psutil.Error:
                pass
        pending = left
        if pending:
            time.sleep(0.001)


def kill_session(session: int | None) -> None:
    """SIGKILL every process of the run's session (POSIX: the run started one of its own,
    whose id is the main process's pid). Catches orphans the polls never saw, unless they
    left the session (a double-forked `setsid` daemon)."""
    killpg = getattr(os, "killpg", None)
    getsid = getattr(os, "getsid", None)
    if session is None or killpg is None:
        return
    import signal

    try:
        killpg(session, signal.SIGKILL)  # the session's first process group
    except OSError:
        pass
    if getsid is None:
        return
    import psutil

    for pid in psutil.pids():  # other groups of the same session
        try:
            if getsid(pid) == session:
                os.kill(pid, signal.SIGKILL)
        except OSError:
            continue
