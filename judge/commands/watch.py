"""`judge check ... --watch`: check again every time the solution is saved.

watchdog watches the solution's folder (not the file: editors save by writing a temporary
file and renaming it over the old one, which a watch on the file itself would lose). Events
for the file are debounced: an editor's save is several events within milliseconds, and a
check starts only once the file has been quiet for `DEBOUNCE` seconds, so one save is one
check. Ctrl-C stops the loop.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

DEBOUNCE = 0.3  # seconds of quiet after the last event before checking


class _Changed:
    """Set by watchdog's thread when the watched file changes; waited on by the loop."""

    def __init__(self, target: Path) -> None:
        self.target = os.path.normcase(str(target.resolve()))
        self.event = threading.Event()

    def dispatch(self, event: object) -> None:  # watchdog's handler protocol
        for attr in ("src_path", "dest_path"):
            path = getattr(event, attr, None)
            if path and os.path.normcase(os.path.abspath(os.fsdecode(path))) == self.target:
                self.event.set()
                return


def watch(solution: Path, check: Callable[[], int], on_wait: Callable[[], None], debounce: float = DEBOUNCE) -> int:
    """Run `check` now and after every change of `solution`, until Ctrl-C; returns the exit
    code of the last check."""
    from watchdog.observers import Observer

    changed = _Changed(solution)
    observer = Observer()
    observer.schedule(changed, str(solution.resolve().parent), recursive=False)  # type: ignore[arg-type]
    observer.start()
    code = 0
    try:
        while True:
            code = check()
            on_wait()
            # A timeout, not a bare wait: on Windows only a timed wait lets Ctrl-C through.
            while not changed.event.wait(0.5):
                pass
            # Debounce: wait until the file has been quiet for `debounce` seconds.
            while True:
                changed.event.clear()
                if not changed.event.wait(debounce):
                    break
    except KeyboardInterrupt:
        return code
    finally:
        observer.stop()
        observer.join(timeout=5)
