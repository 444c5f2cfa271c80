"""Namespaces and the file-system view: the kernel's own as root, bubblewrap without root.

Either way the whole sandbox helper runs inside the namespaces, once per slot: a private
network (loopback only), a private pid namespace, private IPC and host name, and a read-only
view of the system in which only a private /tmp (the runs' work dirs) and /dev/shm are
writable. Answer files, the problems folder, the submissions and the judge's own files are
simply not in that view. Each run then only forks inside it and drops to the slot's
unprivileged uid, so the namespaces cost nothing per test. The helper wipes /tmp and
/dev/shm after every run, so nothing passes from one submission to the next.

- As root (`native`): the helper enters new namespaces itself and builds the view with
  mount(2) and pivot_root(2) (kernelns.py). No external tool: a teacher's fresh server has
  every layer.
- Without root (`bwrap`): bubblewrap, with a user namespace, where the system allows one.

The view is described once (`view()`) and either handed to bubblewrap as arguments or
mounted by kernelns.py, so both paths show a run the same files.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from judge.sandbox.plan import Plan

_SYSTEM_DIRS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class Mount:
    """One step of building the view, applied in order.

    kind: "ro-bind" (src read-only at dst), "bind" (read-write), "symlink" (dst -> src),
    "dir" (an empty folder with `mode`), "tmpfs" (with `mode`), "proc", "dev" (a minimal
    /dev: null, zero, full, random, urandom, tty and the fd links).
    """

    kind: str
    dst: str
    src: str = ""
    mode: int = 0o755


def in_system_dirs(path: str) -> bool:
    """Whether `path` lies in a system folder that every view shows."""
    path = os.path.normpath(path)
    return any(path.startswith(d + "/") for d in _SYSTEM_DIRS)


def view(package_root: str = _PACKAGE_ROOT, cgroups: bool = False) -> tuple[Mount, ...]:
    """What a run sees: the system, the interpreter, the judge package, nothing else."""
    steps: list[Mount] = []
    for d in _SYSTEM_DIRS:
        if os.path.islink(d):
            steps.append(Mount("symlink", d, os.readlink(d)))
        elif os.path.isdir(d):
            steps.append(Mount("ro-bind", d, d))
    steps += [
        Mount("proc", "/proc"),
        Mount("dev", "/dev"),
        Mount("tmpfs", "/dev/shm", mode=0o1777),
        Mount("tmpfs", "/tmp", mode=0o1777),
    ]
    if cgroups:  # the helper manages its slot's cgroup; the solution cannot write there
        steps.append(Mount("bind", "/sys/fs/cgroup", "/sys/fs/cgroup"))
    # The interpreter (a venv and its base installation), the judge package and the folders
    # its helper's dependencies come from (psutil may be in a user site-packages, as after
    # `pip install --user`, or on PYTHONPATH), read-only. Their parent folders are made
    # traversable (a bind of /root would keep its 0700).
    deps = _dependency_dirs()
    made: set[str] = {"/", "/tmp"}
    for d in (sys.base_prefix, sys.prefix, os.path.join(package_root, "judge"), *deps):
        parts = os.path.realpath(d).split("/")[1:-1]
        for i in range(1, len(parts) + 1):
            parent = "/" + "/".join(parts[:i])
            if parent not in made and not parent.startswith(("/usr", "/etc")):
                made.add(parent)
                steps.append(Mount("dir", parent, mode=0o755))
    seen: set[str] = set()
    for d in (
        sys.base_prefix,
        sys.prefix,
        os.path.dirname(os.path.realpath(sys.executable)),
        os.path.join(package_root, "judge"),
        *deps,
    ):
        real = os.path.realpath(d)
        if real in seen or any(real.startswith(s.rstrip("/") + "/") for s in ("/usr", "/etc")):
            continue
        seen.add(real)
        steps.append(Mount("ro-bind", real, real))
        if d != real and not os.path.islink(d):
            steps.append(Mount("ro-bind", d, d))
    if sys.prefix != os.path.realpath(sys.prefix):
        steps.append(Mount("ro-bind", sys.prefix, sys.prefix))
    return tuple(steps)


def helper_prefix(plan: Plan, package_root: str = _PACKAGE_ROOT) -> list[str]:
    """What the helper's own command line starts with (bwrap), or [] to run it as is (the
    native helper enters its namespaces itself, see kernelns.py)."""
    if plan.namespaces != "bwrap":
        return []
    return bwrap_args(view(package_root, cgroups=plan.cgroup is not None), root=os.geteuid() == 0)


def bwrap_args(steps: tuple[Mount, ...], root: bool) -> list[str]:
    args = [
        "bwrap",
        "--die-with-parent",
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--hostname",
        "judge",
    ]
    if not root:
        args.append("--unshare-user")
    for step in steps:
        if step.kind == "symlink":
            args += ["--symlink", step.src, step.dst]
        elif step.kind in ("ro-bind", "bind"):
            args += ["--" + step.kind, step.src, step.dst]
        elif step.kind == "dir":
            args += ["--perms", f"{step.mode:04o}", "--dir", step.dst]
        elif step.kind == "tmpfs":
            args += ["--perms", f"{step.mode:04o}", "--tmpfs", step.dst]
        else:  # proc, dev
            args += ["--" + step.kind, step.dst]
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
