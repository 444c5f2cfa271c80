"""Namespaces: bubblewrap where installed, else unshare.

With bubblewrap the whole sandbox helper runs inside the namespaces, once per slot: a
private network (loopback only), a private pid namespace, and a read-only view of the
system in which only a private /tmp (the runs' work dirs) is writable. Answer files, the
problems folder, the submissions and the judge's own files are simply not in that view.
Each run then only forks inside it and drops to the slot's unprivileged uid, so the
namespaces cost nothing per test. The helper wipes /tmp and /dev/shm after every run, so
nothing passes from one submission to the next.

With only `unshare` available, every run is wrapped on its own (slower) and has no
file-system view: the unprivileged uid is then what keeps the solution out of the judge's
files (answers included) - they must not be readable by others.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from judge.sandbox.layers import Plan

_SANDBOX_DIR = str(Path(__file__).resolve().parent)
_SYSTEM_DIRS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")


def helper_prefix(plan: Plan, package_root: str) -> list[str]:
    """What the helper's own command line starts with (bwrap), or [] to run it as is."""
    if plan.namespaces != "bwrap":
        return []
    return _bwrap(package_root, root=os.geteuid() == 0, cgroups=plan.cgroup is not None)


def wrap(plan: Plan, argv: list[str], workdir: str, uid: int | None) -> list[str]:
    """A run's argv, wrapped when namespaces must be entered per run (unshare)."""
    if plan.namespaces == "bwrap":
        return argv  # the helper is inside already; it drops the uid itself
    drop = _setpriv(uid) if uid is not None else []
    if plan.namespaces == "unshare":
        # A shell as the namespace's pid 1, the solution its child: the kernel ignores every
        # signal pid 1 has no handler for when it comes from inside the namespace, so a
        # solution that was pid 1 itself could not be stopped by its own SIGSTOP, SIGTERM or
        # kill(0, SIGKILL), nor kill its parent (bwrap keeps an init of its own likewise).
        # Killed by signal N, the solution makes the shell exit 128 + N, which is reported
        # as the signal (see supervise).
        return ["unshare", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child",
                "--mount-proc", "--", "/bin/sh", "-c", '"$@"; exit $?', "judge-init"] + drop + argv
    return drop + argv


def _setpriv(uid: int) -> list[str]:
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"]


def _bwrap(package_root: str, root: bool, cgroups: bool) -> list[str]:
    args = ["bwrap", "--die-with-parent", "--unshare-net", "--unshare-pid", "--unshare-ipc",
            "--unshare-uts", "--hostname", "judge"]
    if not root:
        args.append("--unshare-user")
    for d in _SYSTEM_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/dev/shm",
             "--perms", "1777", "--tmpfs", "/tmp"]
    if cgroups:  # the helper manages its slot's cgroup; the solution cannot write there
        args += ["--bind", "/sys/fs/cgroup", "/sys/fs/cgroup"]
    # The interpreter (a venv and its base installation), the judge package and the folders
    # its helper's dependencies come from (psutil may be in a user site-packages, as after
    # `pip install --user`, or on PYTHONPATH), read-only. Their parent folders are made
    # traversable (bwrap would copy e.g. /root's 0700).
    deps = _dependency_dirs()
    made: set[str] = {"/", "/tmp"}
    for d in (sys.base_prefix, sys.prefix, os.path.join(package_root, "judge"), *deps):
        parts = os.path.realpath(d).split("/")[1:-1]
        for i in range(1, len(parts) + 1):
            parent = "/" + "/".join(parts[:i])
            if parent not in made and not parent.startswith(("/usr", "/etc")):
                made.add(parent)
                args += ["--perms", "0755", "--dir", parent]
    seen: set[str] = set()
    for d in (sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable)),
              os.path.join(package_root, "judge"), *deps):
        real = os.path.realpath(d)
        if real in seen or any(real.startswith(s.rstrip("/") + "/") for s in ("/usr", "/etc")):
            continue
        seen.add(real)
        args += ["--ro-bind", real, real]
        if d != real and not os.path.islink(d):
            args += ["--ro-bind", d, d]
    if sys.prefix != os.path.realpath(sys.prefix):
        args += ["--ro-bind", sys.prefix, sys.prefix]
    args += ["--chdir", "/tmp", "--setenv", "TMPDIR", "/tmp", "--"]
    return args


def _dependency_dirs() -> list[str]:
    """The folders holding the packages the helper imports besides the standard library and
    the judge: their site-packages, wherever the install put them."""
    import importlib.util
    dirs = []
    for name in ("psutil",):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            dirs.append(os.path.dirname(os.path.realpath(list(spec.submodule_search_locations)[0])))
    return dirs
