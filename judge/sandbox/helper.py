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


def main(fd: int) -> None:
    from judge.sandbox import linux, proctree, wire
    from judge.sandbox.supervise import supervise

    layers = ["rlimits"]
    if linux.set_child_subreaper():
        layers.append("subreaper")
    isolation = tuple(layers)

    def on_parent_death(signum: int, frame: object) -> None:
        # The judge is gone: take every process of the current run with us.
        proctree.kill_tree(os.getpid(), {})
        os._exit(1)

    signal.signal(signal.SIGTERM, on_parent_death)
    linux.set_parent_death_signal(signal.SIGTERM)
    if os.getppid() == 1:  # the judge died before we set the death signal
        os._exit(1)

    sock = socket.socket(fileno=fd)
    while True:
        message = wire.recv(sock)
        if message is None:
            return
        spec, fds = message
        try:
            result = supervise(spec, fds[0] if fds else None, isolation)
        finally:
            for extra in fds:
                os.close(extra)
        wire.send(sock, result)


if __name__ == "__main__":
    main(int(sys.argv[1]))
