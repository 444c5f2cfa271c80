"""The portable sandbox helper: a process between the judge and every solution it runs.

As the POSIX helper (helper.py), it stands between the judge and the solution, so a
solution that kills its parent kills this helper, not the judge (the judge reports the run
and starts a new helper); and one helper serves one run at a time, for many runs. It talks
to the judge over its stdin and stdout (framing.py: pickles, no socket, no fd passing):

  judge -> helper   (RunSpec, stdin path or None), or CANCEL (stop the current run)
  helper -> judge   "ready" once booted; per run ("started", pid), then the RunResult

Usage: python -m judge.sandbox.portable_helper PLAN SLOT
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from judge.sandbox.runspec import RunSpec


@dataclass
class _Request:
    spec: RunSpec
    stdin_path: str | None
    cancel: threading.Event = field(default_factory=threading.Event)


class Control:
    """Reads the judge's frames in a thread of its own (a pipe cannot be selected on
    Windows): runs go to a queue, CANCEL stops the latest run, EOF (the judge is gone)
    stops it too and ends the queue."""

    def __init__(self, inbox: IO[bytes]) -> None:
        self._inbox = inbox
        self.requests: queue.Queue[_Request | None] = queue.Queue()
        self._latest: _Request | None = None
        threading.Thread(target=self._read, name="helper-control", daemon=True).start()

    def _read(self) -> None:
        from judge.sandbox import framing
        from judge.sandbox.runspec import CANCEL

        while True:
            ok, message = framing.read(self._inbox)
            if not ok:
                if self._latest is not None:
                    self._latest.cancel.set()
                self.requests.put(None)
                return
            if message == CANCEL:
                # For the latest run; one that has ended already ignores it (as helper.py does).
                if self._latest is not None:
                    self._latest.cancel.set()
                continue
            spec, stdin_path = message
            self._latest = _Request(spec, stdin_path)
            self.requests.put(self._latest)


def main(plan_arg: str, slot: int) -> None:
    from judge.sandbox import framing, portable_run
    from judge.sandbox.plan import Plan

    plan = Plan.from_arg(plan_arg)
    # Frames go out on a private copy of stdout; fd 1 itself becomes stderr (the judge's log
    # of this helper), so that a stray print or warning can never corrupt a frame.
    outbox = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    inbox = sys.stdin.buffer
    import psutil  # noqa: F401 - now, while the judge has nothing for us yet

    control = Control(inbox)
    lock = threading.Lock()  # a frame is written whole

    def send(obj: object) -> None:
        with lock:
            framing.write(outbox, obj)

    send("ready")
    while True:
        request = control.requests.get()
        if request is None:
            return
        result = portable_run.run(
            request.spec,
            request.stdin_path,
            plan.layers,
            request.cancel,
            on_start=lambda pid, created: send(("started", pid, created)),
        )
        try:
            send(result)
        except OSError:
            return  # the judge is gone


if __name__ == "__main__":
    try:
        main(sys.argv[1], int(sys.argv[2]))
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    except BaseException:  # noqa: BLE001 - a judge bug: the judge shows this traceback (IE)
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    # Nothing is buffered: skip the interpreter's teardown (the judge waits for our exit;
    # a daemon thread still reading stdin would make the teardown abort).
    os._exit(0)
