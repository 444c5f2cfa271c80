"""A cgroup per sandbox slot: the memory limit and exact peak of the whole tree, a pids limit,
and counters that say why a run died (OOM kill, pids limit hit). v1 and v2.

The judge creates one cgroup per helper, named after the slot and the judge's own (host) pid,
and removes it when the helper is gone, however it went. The helper reuses it for every run:
it resets the counters and limits before each run; the child joins it (writes its own pid)
before exec. A helper whose judge dies removes it itself; what a judge killed together with
its helpers leaves behind, the next judge sweeps (`sweep_stale`).
"""

from __future__ import annotations

import errno
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

V1_ROOT = Path("/sys/fs/cgroup")
V2_ROOT = Path("/sys/fs/cgroup")
GROUP = "judge"


def detect_cgroup() -> str | None:
    """'v2' or 'v1' when we can create cgroups with memory and pids control, else None."""
    try:
        controllers = (V2_ROOT / "cgroup.controllers").read_text().split()
        if {"memory", "pids"} <= set(controllers) and os.access(V2_ROOT, os.W_OK):
            return "v2"
    except OSError:
        pass
    if all((V1_ROOT / c / "cgroup.procs").exists() for c in ("memory", "pids")) and all(
        os.access(V1_ROOT / c, os.W_OK) for c in ("memory", "pids")
    ):
        return "v1"
    return None


@dataclass
class RunCounters:
    memory_peak: int = 0
    oom_killed: bool = False
    pids_limited: bool = False


class Cgroup:
    """The slot's cgroup. Create with Cgroup.create(kind, name); remove() at the end."""

    def __init__(self, kind: str, dirs: dict[str, Path]) -> None:
        self.kind = kind
        self.dirs = dirs  # controller -> folder (v2: one folder under the key "unified")
        self._oom_before = 0

    @classmethod
    def attach(cls, kind: str, name: str) -> Cgroup:
        """The cgroup `name` the judge created (the helper's side)."""
        if kind == "v2":
            return cls("v2", {"unified": V2_ROOT / GROUP / name})
        return cls("v1", {c: V1_ROOT / c / GROUP / name for c in ("memory", "pids")})

    @classmethod
    def create(cls, kind: str, name: str) -> Cgroup:
        if kind == "v2":
            parent = V2_ROOT / GROUP
            parent.mkdir(exist_ok=True)
            _try_write(V2_ROOT / "cgroup.subtree_control", "+memory +pids")
            _try_write(parent / "cgroup.subtree_control", "+memory +pids")
            leaf = parent / name
            leaf.mkdir()
            return cls("v2", {"unified": leaf})
        dirs = {}
        for controller in ("memory", "pids"):
            parent = V1_ROOT / controller / GROUP
            parent.mkdir(parents=True, exist_ok=True)
            leaf = parent / name
            leaf.mkdir()
            dirs[controller] = leaf
        return cls("v1", dirs)

    # -- before a run -------------------------------------------------------------------

    def prepare(self, memory: int, pids: int) -> None:
        if self.kind == "v2":
            d = self.dirs["unified"]
            _write(d / "memory.max", str(memory))
            _try_write(d / "memory.swap.max", "0")
            _try_write(d / "memory.peak", "0")  # resettable since Linux 6.12; else per-helper
            _write(d / "pids.max", str(pids))
            self._oom_before = self._oom_kills()
            self._pids_before = self._pids_max_events()
            return
        mem = self.dirs["memory"]
        # memsw (memory+swap) must stay >= the memory limit: raise it first, lower it last.
        _try_write(mem / "memory.memsw.limit_in_bytes", str(memory))
        _write(mem / "memory.limit_in_bytes", str(memory))
        _try_write(mem / "memory.memsw.limit_in_bytes", str(memory))
        _write(mem / "memory.max_usage_in_bytes", "0")
        _try_write(mem / "memory.failcnt", "0")
        _write(self.dirs["pids"] / "pids.max", str(pids))
        self._oom_before = self._oom_kills()
        self._pids_before = self._pids_max_events()

    def procs_files(self) -> list[str]:
        """Files the child writes its pid into (as root, before it drops privileges)."""
        return [str(d / "cgroup.procs") for d in self.dirs.values()]

    # -- during and after ---------------------------------------------------------------

    def counters(self) -> RunCounters:
        if self.kind == "v2":
            d = self.dirs["unified"]
            peak = _read_int(d / "memory.peak")
        else:
            peak = _read_int(self.dirs["memory"] / "memory.max_usage_in_bytes")
        return RunCounters(
            memory_peak=peak,
            oom_killed=self._oom_kills() > self._oom_before,
            pids_limited=self._pids_max_events() > self._pids_before,
        )

    def pids(self) -> list[int]:
        d = self.dirs["unified" if self.kind == "v2" else "pids"]
        try:
            return [int(x) for x in (d / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def kill_all(self) -> None:
        if self.kind == "v2" and _try_write(self.dirs["unified"] / "cgroup.kill", "1"):
            return
        import signal

        for _ in range(100):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass

    def remove(self, wait: float = 0.5) -> None:
        self.kill_all()
        deadline = time.monotonic() + wait
        for d in self.dirs.values():
            while True:
                try:
                    d.rmdir()
                except OSError as exc:
                    # Busy while killed tasks are still leaving it (v2's cgroup.kill is async).
                    if exc.errno == errno.EBUSY and time.monotonic() < deadline:
                        time.sleep(0.002)
                        continue
                break

    def _oom_kills(self) -> int:
        if self.kind == "v2":
            return _read_key(self.dirs["unified"] / "memory.events", "oom_kill")
        return _read_key(self.dirs["memory"] / "memory.oom_control", "oom_kill")

    def _pids_max_events(self) -> int:
        d = self.dirs["unified" if self.kind == "v2" else "pids"]
        return _read_key(d / "pids.events", "max")


_SLOT_NAME = re.compile(r"slot\d+-(\d+)-[0-9a-f]+")


def slot_name(slot: int, owner: int, token: str) -> str:
    """A slot cgroup's name: unique on the host, and saying which judge process owns it."""
    return f"slot{slot}-{owner}-{token}"


def sweep_stale(kind: str) -> int:
    """Remove the empty slot cgroups of judge processes that are gone (killed together with
    their helpers, e.g. SIGKILL to a whole process tree). Returns how many were removed."""
    parents = [V2_ROOT / GROUP] if kind == "v2" else [V1_ROOT / c / GROUP for c in ("memory", "pids")]
    removed = 0
    for parent in parents:
        try:
            entries = list(os.scandir(parent))
        except OSError:
            continue
        for entry in entries:
            match = _SLOT_NAME.fullmatch(entry.name)
            if match is None or not entry.is_dir(follow_symlinks=False) or _alive(int(match.group(1))):
                continue
            try:
                os.rmdir(entry.path)  # fails while a process is still in it: then it stays
                removed += 1
            except OSError:
                pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write(path: Path, value: str) -> None:
    with open(path, "w") as fh:
        fh.write(value)


def _try_write(path: Path, value: str) -> bool:
    try:
        _write(path, value)
        return True
    except OSError:
        return False


def _read_int(path: Path) -> int:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def _read_key(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == key:
                return int(parts[1])
    except (OSError, ValueError):
        pass
    return 0
