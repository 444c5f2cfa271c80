"""Which isolation layers this machine can give a run, and which a level asks for.

Levels (config.yaml grading.isolation, or --isolation):
  basic     own session, temp work dir, scrubbed env, rlimits, capped reads, psutil polling,
            wall kill, subreaper, a helper between judge and solution (works everywhere)
  standard  basic + namespaces where available: no network, own pid namespace, a read-only
            view of the file system with only the work dir and a private /tmp writable
  strict    standard + the root layers: a cgroup per run (memory, pids, CPU accounting,
            clean kill) and an unprivileged uid per parallel slot; refuses to run without them

Namespaces come from the kernel itself as root (kernelns.py, no tool needed) and from
bubblewrap without root, where the system allows user namespaces (namespaces.py).
  auto      the strongest the machine offers
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from dataclasses import dataclass
from functools import lru_cache

from judge.core.config import ISOLATION_LEVELS
from judge.core.errors import JudgeError
from judge.sandbox.plan import Plan  # the plan a level gives (importers of Plan may take it here)


def _(message: str) -> str:
    """judge.core.i18n's `_`, imported when a message is made: every sandbox helper imports this
    module (for Plan) and has no sentence to say."""
    from judge.core.i18n import _ as translate

    return translate(message)


BASIC_LAYERS = ("helper", "session", "scrubbed-env", "rlimits", "subreaper")
STANDARD_LAYERS = BASIC_LAYERS + ("netns", "pidns", "fs-view")
STRICT_LAYERS = STANDARD_LAYERS + ("cgroup", "uid")
# The portable sandbox (portable.py: subprocess + psutil, no fork, no rlimits, no subreaper):
# macOS and Windows by default, `--isolation portable` anywhere. Its own session and the
# idle-timeout stack dump only where the system has setsid and SIGUSR1 (not Windows).
PORTABLE_LAYERS = (
    ("helper", "scrubbed-env", "polling", "tree-kill", "events-file")
    + (("session",) if hasattr(os, "setsid") else ())
    + (("stack-dump",) if hasattr(signal, "SIGUSR1") else ())
)
LEVELS = ISOLATION_LEVELS
# Unprivileged uids for solutions: one per sandbox helper, leased (uids.py) so that no two
# helpers on the host share one and runs cannot signal each other.
UID_BASE = 61000


@dataclass(frozen=True)
class Capabilities:
    linux: bool
    root: bool
    bwrap: str | None
    cgroup: str | None


@lru_cache(maxsize=1)
def capabilities() -> Capabilities:
    linux = sys.platform.startswith("linux")
    root = linux and os.geteuid() == 0
    from judge.sandbox.cgroups import detect_cgroup

    return Capabilities(
        linux=linux,
        root=root,
        bwrap=shutil.which("bwrap") if linux else None,
        cgroup=detect_cgroup() if root else None,
    )


def plan_isolation(level: str) -> Plan:
    """The plan for a level; strict raises JudgeError naming what is missing."""
    if level not in LEVELS:
        raise JudgeError(
            _("isolation: expected one of {levels}, got {value}").format(levels=", ".join(LEVELS), value=repr(level))
        )
    off_linux = not sys.platform.startswith("linux") or not hasattr(os, "fork")
    if level == "portable" or (level == "auto" and off_linux):
        return Plan(level, None, None, False, PORTABLE_LAYERS)
    if not hasattr(os, "fork"):
        raise JudgeError(
            _("isolation {level}: needs a POSIX system (fork); use --isolation portable or auto").format(level=level)
        )
    caps = capabilities()
    if level == "basic" or not caps.linux:
        if level == "strict":
            raise JudgeError(
                _("isolation strict: needs Linux (cgroups and namespaces); this is {platform}").format(
                    platform=sys.platform
                )
            )
        return Plan(level, None, None, False, BASIC_LAYERS if caps.linux else BASIC_LAYERS[:-1])
    namespaces = _namespaces(caps)
    cgroup = caps.cgroup if caps.root else None
    drop_uid = caps.root
    if level == "strict":
        missing = []
        if not caps.root:
            missing.append(_("root (for a cgroup per run and an unprivileged uid)"))
        if cgroup is None and caps.root:
            missing.append(_("a writable cgroup hierarchy with memory and pids controllers"))
        if namespaces is None:
            missing.append(_("namespaces ({advice})").format(advice=namespace_advice()))
        if missing:
            raise JudgeError(_("isolation strict refuses to run without: {missing}").format(missing="; ".join(missing)))
    if level == "standard":  # namespaces only; the root layers are strict's (and auto's)
        # ... but a solution left root inside namespaces root made could undo them.
        cgroup, drop_uid = None, namespaces == "native"
    layers = list(BASIC_LAYERS)
    if namespaces is not None:
        layers += ["netns", "pidns"]
        layers.append("fs-view")
    if cgroup is not None:
        layers.append("cgroup")
    if drop_uid:
        layers.append("uid")
    return Plan(level, namespaces, cgroup, drop_uid, tuple(layers))


NAMESPACE_TOOLS = ("auto", "native", "bwrap")


def _namespaces(caps: Capabilities) -> str | None:
    """Root builds its own namespaces (no tool needed); others need bubblewrap and a system
    that lets users create user namespaces. JUDGE_NAMESPACES=bwrap makes root use bubblewrap
    too (and =native forbids it), e.g. to test both paths on one machine."""
    tool = os.environ.get("JUDGE_NAMESPACES", "auto")
    if tool not in NAMESPACE_TOOLS:
        raise JudgeError(
            _("JUDGE_NAMESPACES: expected one of {tools}, got {value}").format(
                tools=", ".join(NAMESPACE_TOOLS), value=repr(tool)
            )
        )
    if caps.root and tool != "bwrap" and _native_works():
        return "native"
    if caps.bwrap and tool != "native" and _bwrap_error(caps.bwrap, caps.root) is None:
        return "bwrap"
    return None


def namespace_advice() -> str:
    """Why this machine gives no namespaces, and what to do, in one line ("" if it does)."""
    caps = capabilities()
    if not caps.linux or _namespaces(caps) is not None:
        return ""
    native = caps.root and os.environ.get("JUDGE_NAMESPACES") != "bwrap"
    error = _bwrap_error(caps.bwrap, caps.root) if caps.bwrap and not native else None
    return advice_for(
        native,
        caps.bwrap is not None,
        error or "",
        _sysctl("kernel/apparmor_restrict_unprivileged_userns"),
        _sysctl("kernel/unprivileged_userns_clone"),
        _sysctl("user/max_user_namespaces"),
    )


# bubblewrap's words when the system refuses it a user namespace (Ubuntu 23.10+'s AppArmor
# restriction says the first; a kernel with them switched off, the others).
_USERNS_REFUSED = (
    "setting up uid map: Permission denied",
    "No permissions to create new namespace",
    "Creating new namespace failed",
)


def advice_for(
    native: bool,
    bwrap_installed: bool,
    bwrap_error: str,
    apparmor_restrict: str | None,
    userns_clone: str | None,
    max_userns: str | None,
) -> str:
    """The one-line advice, from what was found (a pure function: tests give it any machine)."""
    if native:
        return _(
            "the kernel refused namespaces and mounts to root (a container without CAP_SYS_ADMIN, or a seccomp policy)"
        )
    if not bwrap_installed:
        return _("install bubblewrap (apt-get install bubblewrap), or run the judge as root")
    if apparmor_restrict == "1" or (
        apparmor_restrict is None
        and userns_clone != "0"
        and max_userns != "0"
        and bwrap_error.startswith("bwrap: setting up uid map")
    ):
        return _(
            "bubblewrap is installed but AppArmor blocks unprivileged user namespaces "
            "(kernel.apparmor_restrict_unprivileged_userns=1, Ubuntu 23.10+): run the judge "
            "as root (sudo), or allow them with "
            "`sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0`"
        )
    if userns_clone == "0" or max_userns == "0" or any(w in bwrap_error for w in _USERNS_REFUSED):
        return _(
            "bubblewrap is installed but the kernel forbids unprivileged user namespaces "
            "(kernel.unprivileged_userns_clone=0 or user.max_user_namespaces=0): run the judge "
            "as root (sudo), or allow them with sysctl"
        )
    return _("bubblewrap failed: {error}").format(error=bwrap_error) if bwrap_error else _("bubblewrap failed")


def _sysctl(name: str) -> str | None:
    try:
        with open(f"/proc/sys/{name}") as fh:
            return fh.read().strip()
    except OSError:
        return None


@lru_cache(maxsize=1)
def _native_works() -> bool:
    from judge.sandbox import kernelns

    return kernelns.usable()


@lru_cache(maxsize=2)
def _bwrap_error(bwrap: str, root: bool) -> str | None:
    """None if bubblewrap can make its namespaces here, else its own last words (without
    root it needs user namespaces, which some systems forbid)."""
    import subprocess

    args = [bwrap, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--", "/bin/true"]
    if not root:
        args.insert(1, "--unshare-user")
    try:
        done = subprocess.run(args, capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode == 0:
        return None
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit code {done.returncode}"
