"""Which isolation layers this machine can give a run, and which a level asks for.

Levels (config.yaml grading.isolation, or --isolation):
  basic     own session, temp work dir, scrubbed env, rlimits, capped reads, psutil polling,
            wall kill, subreaper, a helper between judge and solution (works everywhere)
  standard  basic + namespaces where available: no network, own pid namespace, a read-only
            view of the file system with only the work dir and a private /tmp writable
  strict    standard + the root layers: a cgroup per run (memory, pids, CPU accounting,
            clean kill) and an unprivileged uid per parallel slot; refuses to run without them
  auto      the strongest the machine offers
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from functools import lru_cache

from judge.errors import JudgeError

BASIC_LAYERS = ("helper", "session", "scrubbed-env", "rlimits", "subreaper")
STANDARD_LAYERS = BASIC_LAYERS + ("netns", "pidns", "fs-view")
STRICT_LAYERS = STANDARD_LAYERS + ("cgroup", "uid")
LEVELS = ("auto", "strict", "standard", "basic")
# Unprivileged uids for solutions: one per parallel slot, so runs cannot signal each other.
UID_BASE = 61000


@dataclass(frozen=True)
class Plan:
    level: str                    # the level asked for
    namespaces: str | None        # "bwrap", "unshare" or None
    cgroup: str | None            # "v1", "v2" or None
    drop_uid: bool
    layers: tuple[str, ...]       # what will be in force


    def to_arg(self) -> str:
        """One command-line word, for the helper: it must not probe the machine again (inside
        bwrap that costs a nested bwrap, ~20 ms of every helper's boot) nor see it otherwise."""
        return "/".join([self.level, self.namespaces or "-", self.cgroup or "-",
                         "uid" if self.drop_uid else "-", ",".join(self.layers)])

    @classmethod
    def from_arg(cls, arg: str) -> "Plan":
        level, namespaces, cgroup, drop_uid, layers = arg.split("/")
        return cls(level, None if namespaces == "-" else namespaces, None if cgroup == "-" else cgroup,
                   drop_uid == "uid", tuple(filter(None, layers.split(","))))


@dataclass(frozen=True)
class Capabilities:
    linux: bool
    root: bool
    bwrap: str | None
    unshare: str | None
    setpriv: str | None
    cgroup: str | None


@lru_cache(maxsize=1)
def capabilities() -> Capabilities:
    linux = sys.platform.startswith("linux")
    root = linux and os.geteuid() == 0
    from judge.sandbox.cgroups import detect_cgroup
    return Capabilities(
        linux=linux, root=root,
        bwrap=shutil.which("bwrap") if linux else None,
        unshare=shutil.which("unshare") if linux else None,
        setpriv=shutil.which("setpriv") if linux else None,
        cgroup=detect_cgroup() if root else None,
    )


def plan_isolation(level: str) -> Plan:
    """The plan for a level; strict raises JudgeError naming what is missing."""
    if level not in LEVELS:
        raise JudgeError(f"isolation: expected one of {', '.join(LEVELS)}, got {level!r}")
    caps = capabilities()
    if level == "basic" or not caps.linux:
        if level == "strict":
            raise JudgeError("isolation strict: needs Linux (cgroups and namespaces); this is " + sys.platform)
        return Plan(level, None, None, False, BASIC_LAYERS if caps.linux else BASIC_LAYERS[:-1])
    namespaces = "bwrap" if caps.bwrap and _bwrap_works(caps.bwrap, caps.root) else \
        "unshare" if caps.unshare and caps.root else None
    cgroup = caps.cgroup if caps.root else None
    drop_uid = caps.root
    if level == "strict":
        missing = []
        if not caps.root:
            missing.append("root (for a cgroup per run and an unprivileged uid)")
        if cgroup is None and caps.root:
            missing.append("a writable cgroup hierarchy with memory and pids controllers")
        if namespaces is None:
            missing.append("bubblewrap (apt-get install bubblewrap) or unshare")
        if missing:
            raise JudgeError("isolation strict refuses to run without: " + "; ".join(missing))
    if level == "standard":  # namespaces only; the root layers are strict's (and auto's)
        cgroup, drop_uid = None, False
    layers = list(BASIC_LAYERS)
    if namespaces is not None:
        layers += ["netns", "pidns"]
        if namespaces == "bwrap":
            layers.append("fs-view")
    if cgroup is not None:
        layers.append("cgroup")
    if drop_uid:
        layers.append("uid")
    return Plan(level, namespaces, cgroup, drop_uid, tuple(layers))


@lru_cache(maxsize=2)
def _bwrap_works(bwrap: str, root: bool) -> bool:
    """bubblewrap needs user namespaces when not root; some systems forbid them."""
    import subprocess
    args = [bwrap, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--", "/bin/true"]
    if not root:
        args.insert(1, "--unshare-user")
    try:
        return subprocess.run(args, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False
