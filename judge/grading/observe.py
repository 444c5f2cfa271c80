"""What a run showed about its concurrency: the bootstrap's events plus psutil's counts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from judge.core.results import Concurrency
from judge.core.verdicts import Verdict
from judge.sandbox.runspec import RunResult

# The bootstrap's trace events (RunSpec.trace): a timeline for judge/timeline/, nothing to
# count here. Skipped by their first bytes, before any JSON parsing: a traced run can write
# tens of thousands of them. ("task" is both: a counting event that tracing extends.)
TRACE_EVENTS = (
    "tspawn",
    "tstart",
    "tend",
    "pstart",
    "pend",
    "task_end",
    "lock_new",
    "lock_req",
    "lock_got",
    "lock_rel",
    "wait",
    "wait_end",
    "trace_cut",
)
_TRACE_PREFIXES = tuple(b'{"e":"%s"' % name.encode() for name in TRACE_EVENTS)

# CPU times come in clock ticks: the kernel's accounting, as /proc and getrusage() report it
# (USER_HZ, 1/100 s on Linux), and the sandbox polls the tree every 10 ms
# (judge/sandbox/supervise.py POLL_INTERVAL). A ratio over a wall time of a few ticks is
# noise — a run that crashed in 7 ms shows "CPU / wall 2.19" — so no ratio (CPU/wall, cores
# busy) is shown or judged over a wall time under ten ticks, where one tick is 10 %.
CLOCK_TICK = 0.01
MIN_RATIO_WALL = 10 * CLOCK_TICK

# Test verdicts a run's concurrency observation explains: how the work ran is why it passed,
# broke a runtime rule, printed a wrong answer (a race) or ran out of time. A run that crashed,
# was stopped for memory, output or a forbidden action ended for a reason it does not show.
EXPLAINS = frozenset({Verdict.AC, Verdict.WA, Verdict.RV, Verdict.TLE, Verdict.ILE})


@dataclass
class Observation:
    threads_started: int = 0
    subclass_threads: int = 0  # started threads whose class overrides run()
    target_threads: int = 0  # started with target=
    processes_started: int = 0  # multiprocessing processes (pools included) + bare forks
    tasks: int = 0  # asyncio tasks created
    locks_acquired: set[str] = field(default_factory=set)  # "threading" / "multiprocessing"
    # Queues the solution's own code used, in any process: "multiprocessing.put", "threading.get"...
    queue_ops: set[str] = field(default_factory=set)
    peak_threads: int = 0  # psutil: peak threads of the tree
    processes_seen: int = 0  # psutil: processes besides the main one
    leftover: int = 0  # psutil: processes alive after the main one ended
    cpu_time: float = 0.0
    wall_time: float = 0.0
    runqueue_wait: float = 0.0  # time the tree was ready to run but had no free CPU
    startup_wait: float = 0.0  # of it, the main process's before the solution's first line (Linux)
    started: bool = False  # the bootstrap reached the solution
    # Under the controlled scheduler (RunSpec.schedule): no thread could go on (and every
    # thread's stack, as the bootstrap dumped it), or two threads wrote to stdout with no
    # order between the writes: {thread, line, other, other_line}.
    deadlock: bool = False
    deadlock_dump: str = ""
    output_race: dict[str, object] | None = None

    @property
    def measurable(self) -> bool:
        """The run lasted long enough for a ratio over its wall time to mean something."""
        return self.wall_time >= MIN_RATIO_WALL

    @property
    def cores_wanted(self) -> float:
        """Average number of cores the tree kept busy or asked for: (CPU + wait) / wall.
        Unlike CPU/wall it does not drop when other work on the machine takes cores."""
        return (self.cpu_time + self.runqueue_wait) / self.wall_time if self.wall_time > 0 else 0.0

    def to_json(self) -> Concurrency:
        return {
            "threads_started": self.threads_started,
            "processes_started": self.processes_started,
            "tasks": self.tasks,
            "peak_threads": self.peak_threads,
            "locks": sorted(self.locks_acquired),
            "queues": sorted(self.queue_ops),
            "leftover_processes": self.leftover,
            "cpu_time": round(self.cpu_time, 4),
            "wall_time": round(self.wall_time, 4),
            "cores_wanted": round(self.cores_wanted, 3),
        }


def observe(result: RunResult) -> Observation:
    obs = Observation(
        peak_threads=result.peak_threads,
        processes_seen=result.processes_seen,
        leftover=result.leftover,
        cpu_time=result.cpu_time,
        wall_time=result.wall_time,
        runqueue_wait=result.demand_wait,
    )
    main_pid = None
    dump: list[bytes] = []
    for raw in result.observations.splitlines():
        if not raw.startswith(b"{"):
            if obs.deadlock:  # the scheduler's stack dump follows its event
                dump.append(raw)
            continue  # a stack dump shares the pipe
        if raw.startswith(_TRACE_PREFIXES):
            continue  # trace events are not counted
        try:
            event = json.loads(raw)
        except ValueError:
            continue
        kind = event.get("e")
        if kind == "start":
            obs.started = True
            main_pid = event.get("pid")
            started = event.get("t")
            waited = event.get("waited")
            if isinstance(waited, int) and waited >= 0:
                obs.startup_wait = waited / 1e9
            if isinstance(started, (int, float)) and result.started_at:
                # Wall time of the solution itself: from its first line to the end.
                startup = max(0.0, started - result.started_at)
                obs.wall_time = max(0.0, result.wall_time - startup)
        elif kind == "thread":
            obs.threads_started += 1
            obs.subclass_threads += bool(event.get("subclass"))
            obs.target_threads += bool(event.get("has_target"))
        elif kind in ("process", "fork"):
            obs.processes_started += 1
        elif kind == "task":
            obs.tasks += 1
        elif kind == "lock_acquired":
            obs.locks_acquired.add(str(event.get("kind")))
        elif kind == "queue":
            obs.queue_ops.add(f"{event.get('kind')}.{event.get('op')}")
        elif kind == "sched_deadlock":
            obs.deadlock = True
        elif kind == "output_race" and obs.output_race is None:
            obs.output_race = {key: event.get(key) for key in ("thread", "line", "other", "other_line")}
    obs.deadlock_dump = b"\n".join(dump).decode("utf-8", "replace")
    del main_pid
    return obs
