"""Resource limits of one run: shared by problems, config and the sandbox."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from judge.core.i18n import _
from judge.core.schema import Section
from judge.core.units import parse_size

# limits.stack: unlimited. What DOMjudge's runguard and problemtools set for every submission
# (the memory limit still bounds it); the problem package format's packages are written for it.
UNLIMITED = -1


@dataclass(frozen=True)
class Limits:
    time: float = 1.0  # CPU seconds of the whole process tree
    wall_time: float | None = None  # None: derived from time (see .wall)
    memory: int = 256 * 1024**2  # bytes, whole tree
    output: int = 16 * 1024**2  # bytes of stdout
    stderr: int = 64 * 1024  # bytes of stderr kept (the rest is drained and dropped)
    processes: int = 64  # tasks (processes + threads) of the tree where enforced
    # The main thread's stack (RLIMIT_STACK, where the sandbox sets rlimits): bytes, UNLIMITED,
    # or None to keep the machine's own (8 MiB on most Linux systems).
    stack: int | None = None
    # Cores the run is pinned to, chosen by the sandbox's slot (where the system lets a process
    # choose its CPUs: Linux); None: any. DOMjudge pins each judging to one core, and its
    # packages may rely on it.
    cores: int | None = None

    @property
    def wall(self) -> float:
        # Generous by default: a busy machine must not turn an honest solution into ILE.
        return self.wall_time if self.wall_time is not None else 2 * self.time + 1.0

    def merged(self, section: Section) -> Limits:
        """These limits with the keys of a `limits:` section laid over them."""
        limits = replace(
            self,
            time=section.duration("time", self.time),
            wall_time=section.duration("wall_time", self.wall_time),
            memory=section.size("memory", self.memory),
            output=section.size("output", self.output),
            stderr=section.size("stderr", self.stderr),
            processes=section.int("processes", self.processes, minimum=1),
            stack=_stack(section, self.stack),
            cores=section.int("cores", self.cores, minimum=1),
        )
        section.done()
        return limits


def _stack(section: Section, default: int | None) -> int | None:
    value = section.raw("stack")
    if value is None:
        return default
    if value == "unlimited":
        return UNLIMITED
    try:
        return parse_size(value)
    except ValueError:
        raise section.error(
            "stack", _("expected a size like '64MiB' or unlimited, got {value}").format(value=repr(value))
        ) from None


def usable_cores() -> int:
    """The cores this process may run on (its affinity mask, e.g. a container's cpuset)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
