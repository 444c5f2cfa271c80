"""The helper's side of the zygote: a warm Python interpreter that forks one child per run.

Starting CPython costs 10-50 ms (more with site-packages that import at start-up); forking
an interpreter that has started already costs well under a millisecond. The zygote is
`python -S bootstrap.py --zygote FD`, started by the helper with the environment a fresh run
would get, so that its start-up state (sys.path, hash seed, std stream encodings, what
bootstrap.py gives in place of site) is a fresh run's (bootfiles.started_argv). For each run
the helper sends the run's fds and settings; the zygote forks twice so the run's child is reparented
to the helper (a subreaper) and answers with its pid. From then on the helper supervises it
like any child of its own: wait4, rusage, the tree, the cgroup.

What differs from a fresh interpreter, by design: CPU time and memory count from the fork
(the solution is not charged for an interpreter start it did not make), and the zygote's own
modules are removed from sys.modules before the solution starts.
"""

from __future__ import annotations

import marshal
import socket
import subprocess
import sys
from dataclasses import dataclass

from judge.sandbox import linux
from judge.sandbox.bootfiles import NO_SITE, bootstrap_program, plain_python

_START_TIMEOUT = 10.0
_MAX_FAILURES = 3  # zygotes lost in a row before the helper gives up on them


@dataclass(frozen=True)
class Spawned:
    pid: int
    inherited_rss: int  # the zygote's resident memory at the fork (the child starts with it)


class Zygote:
    """One warm interpreter serving one helper, one fork at a time."""

    def __init__(self, python: str, env: dict[str, str]) -> None:
        self.python = python
        self.env = env
        self._proc: subprocess.Popen[bytes] | None = None
        self._sock: socket.socket | None = None
        # A zygote that dies on every request (a broken interpreter, a hostile run that
        # kills each new one) must not cost every run a start-up: give up after a few.
        self._failures = 0

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self) -> bool:
        """Start it (it boots while the helper waits for work); True if it is (now) running.
        A zygote that cannot start is not an error: the runs start fresh interpreters."""
        if self._proc is not None and self._proc.poll() is None:
            return True
        self.close()
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self._proc = subprocess.Popen(
                [self.python, NO_SITE, bootstrap_program(), "--zygote", str(child.fileno())],
                pass_fds=(child.fileno(),),
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd="/",
            )
        except OSError:
            parent.close()
            return False
        finally:
            child.close()
        parent.settimeout(_START_TIMEOUT)
        self._sock = parent
        return True

    def spawn(self, request: dict[str, object], fds: list[int]) -> Spawned | None:
        """Fork a child for one run; None if the zygote is not usable (the caller then
        starts a fresh interpreter)."""
        if self._failures >= _MAX_FAILURES or not self.start():
            return None
        try:
            assert self._sock is not None
            socket.send_fds(self._sock, [marshal.dumps(request)], fds)
            reply = self._sock.recv(1 << 10)
        except (OSError, ValueError):
            reply = b""
        if not reply:
            self._failures += 1
            self.close()
            return None
        pid, rss = marshal.loads(reply)
        if pid <= 0:
            return None
        self._failures = 0
        return Spawned(pid, rss)

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()  # the zygote reads EOF and exits
            self._sock = None
        if self._proc is not None:
            linux.wait_or_kill(self._proc, timeout=1)
            self._proc = None


def usable(spec_argv: tuple[str, ...], observe: bool, source: str) -> bool:
    """Can this run be a zygote fork: a Python solution's own run (bootfiles.plain_python), on
    Linux. Not this process's own choice of bootstrap.py or its bytecode: the helper, in a
    read-only view, may have found no bytecode where the judge, outside, has written it since."""
    return sys.platform.startswith("linux") and plain_python(spec_argv, source, observe)
