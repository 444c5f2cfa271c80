"""Root's own namespaces and file-system view, without bubblewrap (Linux only).

As root the kernel gives everything bubblewrap would, with no external tool: the helper
calls unshare(2) for new mount, pid, network, IPC and UTS namespaces, forks, and its child
(pid 1 of the new pid namespace) builds the view of namespaces.view() on a fresh tmpfs with
mount(2), then pivot_root(2)s into it and detaches the old root. From then on the helper
lives inside, exactly as it does inside bwrap: runs only fork and drop to the slot's uid.

    judge ── helper (outside: waits, relays the exit, kills the inside if the judge dies)
               └── helper (inside: pid 1 of its pid namespace; serves the runs)

When pid 1 of a pid namespace dies, the kernel kills every process in it: nothing a run
started can outlive its helper. Imported only on Linux, by the helper and by the probe.
"""

from __future__ import annotations

import ctypes
import os
import platform
import select
import signal
import socket
import stat
import struct
import sys
from collections.abc import Callable

from judge.sandbox import linux
from judge.sandbox.namespaces import Mount

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
NAMESPACES = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_MOVE = 8192
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2

# pivot_root has no libc wrapper in older glibc: its syscall number, per architecture.
_SYS_PIVOT_ROOT = {
    "x86_64": 155,
    "aarch64": 41,
    "riscv64": 41,
    "loongarch64": 41,
    "ppc64le": 203,
    "ppc64": 203,
    "s390x": 217,
    "i686": 217,
    "i386": 217,
    "armv7l": 218,
    "armv6l": 218,
}
_DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
_DEV_LINKS = (
    ("fd", "/proc/self/fd"),
    ("stdin", "/proc/self/fd/0"),
    ("stdout", "/proc/self/fd/1"),
    ("stderr", "/proc/self/fd/2"),
)


class NamespaceError(OSError):
    """A namespace or mount step the kernel refused (e.g. root without CAP_SYS_ADMIN)."""


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
    libc.unshare.argtypes = [ctypes.c_int]
    libc.sethostname.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    return libc


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise NamespaceError(err, f"{what}: {os.strerror(err)}")


def _mount(
    libc: ctypes.CDLL, src: str | None, dst: str, fstype: str | None, flags: int, data: str | None = None
) -> None:
    _check(
        libc.mount(
            src.encode() if src else None,
            dst.encode(),
            fstype.encode() if fstype else None,
            flags,
            data.encode() if data else None,
        ),
        f"mount {dst}",
    )


def enter(
    steps: tuple[Mount, ...], new_root: str, hostname: str = "judge", on_judge_death: Callable[[], None] | None = None
) -> None:
    """Move this process into new namespaces and the view `steps` (built on `new_root`, an
    empty folder). Returns in the inside process; the outside one never returns."""
    libc = _libc()
    _check(libc.unshare(NAMESPACES), "unshare")
    alive_r, alive_w = os.pipe()  # held by the outside only: EOF here means it is gone
    pid = os.fork()
    if pid:
        os.close(alive_r)
        _watch_from_outside(pid, keep=alive_w, on_judge_death=on_judge_death)
    os.close(alive_w)
    # The outside helper dies (killed with the judge's SIGKILL): so do we, and with us, as
    # pid 1, every process of the namespace.
    linux.set_parent_death_signal(signal.SIGKILL)
    if select.select([alive_r], [], [], 0)[0]:
        os._exit(1)  # it died before the signal was armed
    os.close(alive_r)
    _build_view(libc, steps, new_root)
    _check(libc.sethostname(hostname.encode(), len(hostname)), "sethostname")
    _loopback_up()
    os.environ["TMPDIR"] = "/tmp"
    import tempfile

    tempfile.tempdir = None  # it may have cached the outside's folder
    os.chdir("/tmp")


def usable() -> bool:
    """Can this process build namespaces and mounts (root with CAP_SYS_ADMIN, no seccomp
    filter or container policy against them)? Tried in a throwaway child: a few ms."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            libc = _libc()
            _check(libc.unshare(NAMESPACES), "unshare")
            inner = os.fork()
            if inner == 0:
                status = 1
                try:
                    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
                    _mount(libc, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
                    status = 0
                finally:
                    os._exit(status)
            code = 0 if os.waitstatus_to_exitcode(os.waitpid(inner, 0)[1]) == 0 else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _watch_from_outside(pid: int, keep: int, on_judge_death: Callable[[], None] | None) -> None:
    """The outside helper: wait for the inside one and exit as it did. If the judge dies,
    kill the inside (and so the whole namespace) and clean up."""
    judge = os.getppid()
    judge_gone = []

    def on_term(signum: int, frame: object) -> None:
        if os.getppid() == judge:
            # The death signal follows the judge *thread* that started us: that thread ended,
            # not the judge. Arm it again (the kernel gave us another of its threads).
            linux.set_parent_death_signal(signal.SIGTERM)
            if os.getppid() == judge:
                return
        judge_gone.append(True)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    signal.signal(signal.SIGTERM, on_term)
    linux.set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != judge:
        on_term(signal.SIGTERM, None)
    # Nothing of the judge's stays open here (its socket must close when the inside ends).
    os.closerange(3, keep)
    os.closerange(keep + 1, _max_fd())
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except ChildProcessError:
            status = 1 << 8
            break
    if judge_gone and on_judge_death is not None:
        try:
            on_judge_death()
        except OSError:
            pass
    code = os.waitstatus_to_exitcode(status)
    os._exit(code if code >= 0 else 128 - code)


def _build_view(libc: ctypes.CDLL, steps: tuple[Mount, ...], new_root: str) -> None:
    # Nothing we mount may propagate back to the host's namespace.
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
    _mount(libc, "judge", new_root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
    for step in steps:
        _apply(libc, step, new_root)
    _pivot_root(libc, new_root)


def _apply(libc: ctypes.CDLL, step: Mount, new_root: str) -> None:
    target = new_root + step.dst
    if step.kind == "symlink":
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.symlink(step.src, target)
    elif step.kind == "dir":
        os.makedirs(target, exist_ok=True)
        os.chmod(target, step.mode)
    elif step.kind in ("ro-bind", "bind"):
        _make_like(step.src, target)
        _mount(libc, step.src, target, None, MS_BIND | MS_REC)
        if step.kind == "ro-bind":
            _mount(libc, None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID)
    elif step.kind == "tmpfs":
        os.makedirs(target, exist_ok=True)
        _mount(libc, "tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"mode={step.mode:04o}")
    elif step.kind == "proc":
        os.makedirs(target, exist_ok=True)
        _mount(libc, "proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    elif step.kind == "dev":
        os.makedirs(target, exist_ok=True)
        _mount(libc, "tmpfs", target, "tmpfs", MS_NOSUID, "mode=0755")
        for name in _DEVICES:
            source = "/dev/" + name
            if os.path.exists(source):
                _make_like(source, f"{target}/{name}")
                _mount(libc, source, f"{target}/{name}", None, MS_BIND)
        for name, link in _DEV_LINKS:
            os.symlink(link, f"{target}/{name}")
    else:
        raise ValueError(f"unknown mount step {step.kind!r}")


def _make_like(source: str, target: str) -> None:
    """A mount point of the source's kind: a folder for a folder, an empty file otherwise."""
    if stat.S_ISDIR(os.stat(source).st_mode):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target):
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o644))


def _pivot_root(libc: ctypes.CDLL, new_root: str) -> None:
    """Make new_root the root and detach the old one: nothing of it stays reachable."""
    os.chdir(new_root)
    number = _SYS_PIVOT_ROOT.get(platform.machine())
    if number is not None:
        # pivot_root(".", "."): the old root ends up stacked on the new one; detach it.
        _check(libc.syscall(number, b".", b"."), "pivot_root")
        _check(libc.umount2(b".", MNT_DETACH), "umount old root")
    else:
        # No known syscall number: move the new root over / and chroot into it. The old
        # root stays below, out of reach of anything without CAP_SYS_CHROOT (runs drop it).
        _mount(libc, new_root, "/", None, MS_MOVE)
        os.chroot(".")
    os.chdir("/")


def _loopback_up() -> None:
    """A new network namespace has only `lo`, and it is down: bring it up, so a solution's
    own local servers (a multiprocessing Manager, an asyncio server) work, as in bwrap."""
    import fcntl

    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sh22x", b"lo", 0)
        flags = struct.unpack("16sh22x", fcntl.ioctl(sock, siocgifflags, request))[1]
        fcntl.ioctl(sock, siocsifflags, struct.pack("16sh22x", b"lo", flags | iff_up))


def _max_fd() -> int:
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 4096
