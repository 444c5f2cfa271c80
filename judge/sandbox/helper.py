"""The sandbox helper: a process between the judge and every solution it runs.

It is a child subreaper, so it owns every process a run starts; and it stands between the
judge and the solution, so a solution that kills its parent kills this helper, not the judge
(the judge reports the run and starts a new helper). One helper serves one run at a time.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from judge.sandbox.cgroups import Cgroup
    from judge.sandbox.plan import Plan
    from judge.sandbox.supervise import Confinement


def main(fd: int, plan_arg: str, uid: int, warm: bool = False, cgroup_name: str = "-") -> None:
    """`uid`: the unprivileged uid the judge leased for this helper's runs (-1: none)."""
    from judge.sandbox import framing, linux, proctree
    from judge.sandbox.cgroups import Cgroup
    from judge.sandbox.plan import Plan
    from judge.sandbox.supervise import BASE_ENV, Confinement
    from judge.sandbox.zygote import Zygote

    plan = Plan.from_arg(plan_arg)  # the judge's: probed once, outside our namespaces
    # The judge made our cgroup (and removes it when we are gone, however we went).
    cgroup = Cgroup.attach(plan.cgroup, cgroup_name) if plan.cgroup and cgroup_name != "-" else None
    if plan.namespaces == "native":
        # Root: enter our own namespaces and view (from here on we are the inside helper,
        # pid 1 of a new pid namespace; the outside one waits for us, see kernelns.py).
        from judge.sandbox import kernelns, namespaces

        kernelns.enter(
            namespaces.view(cgroups=cgroup is not None),
            new_root=os.environ["TMPDIR"],
            on_judge_death=cgroup.remove if cgroup is not None else None,
        )
    linux.set_child_subreaper()
    proctree.preload()
    # The zygote boots now, while we wait for the first run. Its environment is a fresh run's
    # (HOME only names no folder, as a run's empty work dir holds no user site-packages).
    zygote = (
        Zygote(sys.executable, dict(BASE_ENV, HOME="/nonexistent"))
        if warm and sys.platform.startswith("linux")
        else None
    )
    if zygote is not None:
        zygote.start()
    confinement = Confinement(plan, cgroup, uid if plan.drop_uid and uid >= 0 else None, zygote)

    if plan.namespaces != "native":  # (natively, the outside helper does this for us)
        _die_with_judge(plan, cgroup)

    skeleton = _skeleton() if plan.private_view else frozenset()
    sock = socket.socket(fileno=fd)
    framing.send(sock, "ready")  # booted: a helper that dies from now on was killed by a run
    try:
        _serve(sock, confinement, skeleton)
    finally:
        if zygote is not None:
            zygote.close()
        if cgroup is not None:
            cgroup.remove()


def _die_with_judge(plan: Plan, cgroup: Cgroup | None) -> None:
    """SIGTERM when the judge dies: the helper then takes every process of the current run
    (and its cgroup) with it."""
    from judge.sandbox import linux, proctree

    parent = os.getppid()

    def on_parent_death(signum: int, frame: object) -> None:
        if os.getppid() == parent:
            # The death signal follows the *thread* that started us: that thread ended, the
            # judge did not (or someone else sent SIGTERM). Stay, and arm the signal again:
            # the kernel has made another of the judge's threads our parent.
            linux.set_parent_death_signal(signal.SIGTERM)
            if os.getppid() != parent:  # the judge died meanwhile
                on_parent_death(signum, frame)
            return
        # The judge is gone: take every process of the current run with us.
        proctree.kill_tree(os.getpid(), {})
        if cgroup is not None:
            cgroup.remove()
        os._exit(1)

    signal.signal(signal.SIGTERM, on_parent_death)
    linux.set_parent_death_signal(signal.SIGTERM)
    # The judge died before we set the death signal? (Inside bwrap's pid namespace our
    # parent is its init, pid 1, and --die-with-parent covers this case.)
    if os.getppid() == 1 and plan.namespaces != "bwrap":
        os._exit(1)


def _serve(sock: socket.socket, confinement: Confinement, skeleton: frozenset[str]) -> None:
    """Run each spec the judge sends, one at a time, and send back its result; until the
    judge closes the socket."""
    from judge.sandbox import framing
    from judge.sandbox.runspec import CANCEL
    from judge.sandbox.supervise import supervise

    while True:
        message = framing.recv(sock)
        if message is None:
            return
        spec, fds = message
        if spec == CANCEL:  # it came after its run had ended: nothing to stop
            continue
        # An interactive run's fds (its stdin and stdout) are supervise()'s to close, right
        # after the start: the conversation must end when the child does.
        owned = 2 if spec.interactive else 0
        try:
            result = supervise(
                spec,
                fds[0] if fds else None,
                confinement,
                stdout_fd=fds[1] if spec.interactive and len(fds) > 1 else None,
                control=sock,
            )
        finally:
            for extra in fds[owned:]:
                os.close(extra)
            if confinement.plan.private_view:
                _wipe_private_dirs(skeleton)
        framing.send(sock, result)


_PRIVATE_DIRS = ("/tmp", "/dev/shm")


def _skeleton() -> frozenset[str]:
    """What the view put in our private folders before any run: the folders leading to the
    read-only binds that live there (e.g. a venv under /tmp). Kept by every wipe."""
    found: set[str] = set()

    def walk(path: str) -> None:
        try:
            entries = list(os.scandir(path))
        except OSError:
            return
        for entry in entries:
            found.add(entry.path)
            if entry.is_dir(follow_symlinks=False) and not os.path.ismount(entry.path):
                walk(entry.path)

    for folder in _PRIVATE_DIRS:
        walk(folder)
    return frozenset(found)


def _wipe_private_dirs(keep: frozenset[str], folders: tuple[str, ...] = _PRIVATE_DIRS) -> None:
    """Inside our namespaces /tmp and /dev/shm are private to this slot: empty them after
    every run, so the next submission finds nothing the last one left. Never into a mount
    (a read-only bind: trying to delete its thousands of files cost ~20 ms a run)."""
    import shutil

    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            path = entry.path
            if os.path.ismount(path):
                continue
            is_dir = entry.is_dir(follow_symlinks=False)
            if path in keep:
                if is_dir:
                    _wipe_private_dirs(keep, (path,))
            elif is_dir:
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4] == "warm", sys.argv[5])
    # Everything is cleaned up and nothing is buffered: skip the interpreter's teardown, which
    # the judge would wait for at its own exit (a few ms per helper).
    os._exit(0)
