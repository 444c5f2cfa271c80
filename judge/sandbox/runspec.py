"""What the sandbox is asked to run and what it reports back. Plain data, picklable."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from judge.core.limits import Limits

# Why a run was stopped by the sandbox (None: it ended by itself).
STOP_CPU = "cpu_limit"  # tree CPU time over the limit
STOP_WALL = "wall_limit"  # wall clock over the limit
STOP_MEMORY = "memory_limit"  # tree memory over the limit
STOP_OUTPUT = "output_limit"  # stdout over the limit
STOP_PROCESSES = "process_limit"  # too many processes/threads in the tree
STOP_HELPER_LOST = "helper_lost"  # the run killed the sandbox helper between judge and child
STOP_START_FAILED = "start_failed"  # the child could not be started (exec failed)
STOP_SANDBOX_FAILED = "sandbox_failed"  # the helper did not start, or crashed (a judge bug)
STOP_CANCELLED = "cancelled"  # the judge stopped it: decided elsewhere (the interactor ended)
# What the judge sends its helper, instead of a spec, to stop the current run.
CANCEL = "cancel"


@dataclass(frozen=True)
class RunSpec:
    argv: tuple[str, ...]
    limits: Limits
    # Files written into the fresh work dir before the start (name -> content).
    files: tuple[tuple[str, bytes], ...] = ()
    # Extra environment on top of the scrubbed one.
    env: tuple[tuple[str, str], ...] = ()
    # Give the child an observation pipe on fd 3 (the Python bootstrap writes events there)
    # and, on an idle timeout, ask it for a stack dump with SIGUSR1 before killing it.
    observe: bool = False
    # A Python run may be forked from the helper's warm interpreter (the zygote) instead of
    # starting a fresh one; the helper falls back to a fresh start whenever it cannot.
    zygote: bool = False
    # Interactive problems: the judge passes the solution's stdout too (a pipe to the
    # interactor) and the child gets it as fd 1. Its output is then not captured and the
    # output limit does not apply; stderr is captured as always.
    interactive: bool = False
    # Plain file names read back from the work dir after the run (a compiler's output): only
    # regular files, never through a symlink, at most COLLECT_MAX bytes each.
    collect: tuple[str, ...] = ()
    # With observe: the bootstrap also writes its trace events (a timeline of threads,
    # processes, tasks, locks and waits; JUDGE_TRACE=1 in the child's environment), and the
    # observation channel keeps up to TRACE_OBS_CAP bytes instead of OBS_CAP.
    trace: bool = False
    # With observe: run the solution's threads under the controlled scheduler with this seed
    # (JUDGE_SCHEDULE; judge/sandbox/schedule.py). None: the real run.
    schedule: int | None = None
    # The run may read the files of its work dir but not create, change or delete any (the
    # problem package format's allow_file_writing: false; DOMjudge's rule). Enforced where
    # the run's uid does not own the folder, or owns it without root's override: the run's
    # isolation then lists READ_ONLY_LAYER; where it cannot be (Windows, root without the
    # uid layer) the layer is missing, which is how a report says so.
    read_only_workdir: bool = False
    # The CPUs the run is pinned to (limits.cores, chosen by the sandbox client for its slot:
    # pinned()); empty: any. The run's isolation lists PINNED_LAYER where the pin was made.
    cpu_set: tuple[int, ...] = ()


READ_ONLY_LAYER = "read-only-dir"
PINNED_LAYER = "cpu-pin"
COLLECT_MAX = 64 * 1024**2
OBS_CAP = 1024 * 1024  # bytes of events kept from a run (a stack dump included)
TRACE_OBS_CAP = 16 * 1024 * 1024  # traced: up to 10000 events of ~90 bytes per process
TRACE_ENV = "JUDGE_TRACE"


def observation_cap(spec: RunSpec) -> int:
    return TRACE_OBS_CAP if spec.trace and spec.observe else OBS_CAP


def traced(spec: RunSpec, trace: bool | None) -> RunSpec:
    """spec under a sandbox's own switch: None leaves spec.trace as it is, True traces every
    observed run, False none (to measure or to rule out what tracing costs)."""
    if trace is None or spec.trace == (trace and spec.observe):
        return spec
    return replace(spec, trace=bool(trace and spec.observe))


def pinned(spec: RunSpec, slot: int) -> RunSpec:
    """spec with the CPUs of `slot` for its limits.cores: the slots of a batch get cores of
    their own, as DOMjudge's judgehosts each have one. Unchanged where the system does not
    let a process choose its CPUs (macOS, Windows: the run's isolation then lacks PINNED_LAYER)."""
    import os

    cores = spec.limits.cores
    if cores is None or not hasattr(os, "sched_getaffinity"):
        return spec
    usable = sorted(os.sched_getaffinity(0))
    count = min(cores, len(usable))
    first = slot * count % len(usable)
    return replace(spec, cpu_set=tuple(usable[(first + i) % len(usable)] for i in range(count)))


def trace_env(spec: RunSpec) -> dict[str, str]:
    """What the child's environment gets for tracing (nothing unless spec.trace)."""
    return {TRACE_ENV: "1"} if spec.trace and spec.observe else {}


@dataclass
class RunResult:
    exit_code: int | None = None  # None when killed by a signal
    signal: int | None = None  # the signal that ended the main process
    cpu_time: float = 0.0  # user+system seconds of the whole tree
    wall_time: float = 0.0  # seconds from start to the main process's end
    memory: int = 0  # peak bytes: max(polled tree RSS, wait4 maxrss)
    stdout: bytes = b""
    stderr: bytes = b""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    stopped: str | None = None  # one of STOP_* when the sandbox ended the run
    peak_tasks: int = 0  # peak processes+threads of the tree (polled)
    peak_threads: int = 0  # peak threads of the tree (polled)
    processes_seen: int = 0  # distinct processes besides the main one (polled)
    leftover: int = 0  # processes still alive when the main one exited
    observations: bytes = b""  # raw event lines from the bootstrap (fd 3)
    stack_dump: str = ""  # all threads' stacks taken on an idle timeout
    isolation: tuple[str, ...] = field(default_factory=tuple)  # layers in force
    cgroup_memory_peak: int = 0  # the cgroup's own peak (page cache included), if any
    runqueue_wait: float = 0.0  # at a wall stop: seconds the tree waited for a CPU
    demand_wait: float = 0.0  # observed runs: run-queue wait of every process seen
    warm: bool = False  # forked from the helper's zygote, not a fresh interpreter
    started_at: float = 0.0  # time.monotonic() at the fork (one clock for the machine)
    collected: tuple[tuple[str, bytes], ...] = ()  # spec.collect's files that were there

    @property
    def ok(self) -> bool:
        return self.stopped is None and self.exit_code == 0


# A run is "busy" at the wall limit when it used (or waited for) this share of one CPU.
BUSY_SHARE = 0.5


# The wall-time limit is the time a run had the CPUs it asked for. Beside other work (a
# teacher's server, a CI runner's neighbours) its processes wait in the run queue: the
# deadline moves on by how far those waits set the run back (proctree.WaitLog: waits side by
# side count once, one after another they add up), up to this multiple of the limit. A quiet machine never moves it; an idle (sleeping, blocked) run waits for no CPU and
# is stopped on time; a run that spins extra processes to look starved buys at most the cap.
WALL_STRETCH = 3.0
# Below this a move is not worth another wake-up: the run is stopped.
_MIN_STRETCH = 0.01


def stretched_deadline(start: float, wall: float, waited: float, now: float) -> float | None:
    """The wall deadline of a run started at `start` (time.monotonic()) that the machine's
    load set back by `waited` seconds, or None when it has passed by `now`."""
    deadline = start + min(wall + waited, wall * WALL_STRETCH)
    return deadline if deadline > now + _MIN_STRETCH else None


def cpu_wait(result: RunResult) -> float:
    """Seconds the run's processes waited for a free CPU: the live tree's at the wall stop,
    or, for an observed run, every process's seen while polling (the ended ones included: a
    program that starts its children one after another has only one alive at the stop)."""
    return max(result.runqueue_wait, result.demand_wait)


def is_busy(result: RunResult) -> bool:
    """Was a wall-limited run busy (TLE) rather than idle (ILE)? Decided by CPU use: the CPU
    it got plus the time it waited for a CPU it wanted (a loaded machine shares cores)."""
    wanted = result.cpu_time + cpu_wait(result)
    return result.wall_time > 0 and wanted >= BUSY_SHARE * result.wall_time
