"""`judge check ... --watch`: check again every time the solution is saved.

watchdog watches the solution's folder (not the file: editors save by writing a temporary
file and renaming it over the old one, which a watch on the file itself would lose). Events
for the file are debounced: an editor's save is several events within milliseconds, and a
check starts only once the file has been quiet for `DEBOUNCE` seconds, so one save is one
check. Ctrl-C stops the loop.

Only events that can change the file count: watchdog also reports every open and every close
without a write, and the check itself opens the solution, so counting those made each check
start the next one, forever (9 checks in 6 s of an unchanged file). And a save that leaves the
bytes as they were (an editor's "save" without edits, a `touch`) checks nothing again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

DEBOUNCE = 0.3  # seconds of quiet after the last event before checking
# watchdog's event types that may change the file's bytes ("closed": closed after a write;
# not "opened" or "closed_no_write", which reading it causes).
CHANGES = frozenset({"created", "modified", "moved", "closed", "deleted"})


class _Changed:
    """Set by watchdog's thread when the watched file changes; waited on by the loop."""

    def __init__(self, target: Path) -> None:
        self.target = os.path.normcase(str(target.resolve()))
        self.folder = target.is_dir()  # a solution of several files: any file in it counts
        self.event = threading.Event()

    def dispatch(self, event: object) -> None:  # watchdog's handler protocol
        if getattr(event, "event_type", None) not in CHANGES:
            return
        for attr in ("src_path", "dest_path"):
            path = getattr(event, attr, None)
            if not path:
                continue
            changed = os.path.normcase(os.path.abspath(os.fsdecode(path)))
            if changed == self.target or (self.folder and os.path.dirname(changed) == self.target):
                self.event.set()
                return


def watch(solution: Path, check: Callable[[], int], on_wait: Callable[[], None], debounce: float = DEBOUNCE) -> int:
    """Run `check` now and after every change of `solution`, until Ctrl-C; returns the exit
    code of the last check."""
    from watchdog.observers import Observer

    changed = _Changed(solution)
    observer = Observer()
    watched = solution.resolve() if changed.folder else solution.resolve().parent
    observer.schedule(changed, str(watched), recursive=False)  # type: ignore[arg-type]
    observer.start()
    code = 0
    try:
        while True:
            checked = _contents(solution)
            code = check()
            on_wait()
            while True:
                # A timeout, not a bare wait: on Windows only a timed wait lets Ctrl-C through.
                while not changed.event.wait(0.5):
                    pass
                # Debounce: wait until the file has been quiet for `debounce` seconds.
                while True:
                    changed.event.clear()
                    if not changed.event.wait(debounce):
                        break
                if _contents(solution) != checked:
                    break
    except KeyboardInterrupt:
        return code
    finally:
        observer.stop()
        observer.join(timeout=5)


def _contents(path: Path) -> bytes | None:
    """The file's bytes (None while it is missing: mid-save, or deleted); a folder's: a digest
    of its files."""
    if path.is_dir():
        from judge.grading.sources import folder_digest

        return folder_digest(path)
    try:
        return path.read_bytes()
    except OSError:
        return None
