"""What both sandboxes of the judge's side share: client.Sandbox (POSIX: a socket, fds passed)
and portable.PortableSandbox (pipes only, for macOS and Windows).

Each runs specs one at a time through a dedicated helper process and restarts it when a run
kills it. Shared here: the settings, the context manager, the canceller that reaches exactly
one run() call, the helper's log and temporary folder, and the IE result of a helper that
failed. Each subclass says how it starts its helper, sends a spec, sends CANCEL and closes
the helper (`start`, `_run`, `_send_cancel`, `_close_helper`).
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Self

from judge.sandbox.runspec import STOP_SANDBOX_FAILED, RunResult, RunSpec, pinned, traced


class HelperSandbox:
    """Runs specs one at a time through a dedicated helper; restarts it if a run kills it."""

    def __init__(
        self, python: str = sys.executable, isolation: str = "auto", slot: int = 0, trace: bool | None = None
    ) -> None:
        self.python = python
        self.isolation = isolation
        self.slot = slot
        self.zygote = False  # the helper keeps a warm interpreter for specs that allow it
        # True: every observed run writes trace events, False: none, None: as its spec says
        self.trace = trace
        self._tmp: str | None = None  # the helper's TMPDIR (the runs' work dirs are in it)
        self._log: IO[bytes] | None = None  # the helper's stderr: why it failed, if it did
        self._used = False  # has it run anything (else closing need not let it finish booting)
        self._booted = False  # has it said it is ready
        # Cancelling (from another thread) reaches exactly one run() call: the one a
        # canceller was armed for (see canceller()).
        self._cancel_lock = threading.Lock()
        self._token: object | None = None  # the armed canceller's, until its run() returns
        self._sent = False  # its spec is with the helper: CANCEL can follow
        self._cancel_requested = False  # cancelled before the spec was sent

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what each sandbox does its own way --------------------------------------------------

    def start(self) -> None:
        raise NotImplementedError

    def _refused(self, spec: RunSpec, stdio: tuple[int, int] | None) -> RunResult | None:
        """A spec this sandbox cannot run (its result), else None; fds of a wrong call closed."""
        if (stdio is not None) != spec.interactive:
            for fd in stdio or ():
                os.close(fd)
            raise ValueError("stdio fds go with an interactive spec, and only with one")
        return None

    def _run(
        self, spec: RunSpec, stdin_path: Path | None, stdio: tuple[int, int] | None, token: object | None
    ) -> RunResult:
        raise NotImplementedError

    def _send_cancel(self) -> None:
        """Tell the helper to stop the run it has (OSError or ValueError: the helper is gone)."""
        raise NotImplementedError

    def _close_helper(self) -> None:
        raise NotImplementedError

    def _release(self) -> None:
        """What the sandbox holds beyond its helper's life (client.Sandbox: the runs' uid)."""

    # -- shared --------------------------------------------------------------------------------

    def run(self, spec: RunSpec, stdin_path: Path | None = None, stdio: tuple[int, int] | None = None) -> RunResult:
        """Run one spec. stdin is the file stdin_path, or nothing.

        `stdio=(stdin_fd, stdout_fd)` (with spec.interactive) gives the child these fds as its
        stdin and stdout instead, e.g. pipes to and from an interactor. They are handed over:
        run() closes them as soon as the helper holds them, so that the child's end of the
        conversation is the only one left (a reader sees EOF when the child exits).
        """
        refused = self._refused(spec, stdio)
        if refused is not None:
            return refused
        spec = pinned(traced(spec, self.trace), self.slot)
        with self._cancel_lock:
            token = self._token  # this call's, whatever happens to it
        try:
            return self._run(spec, stdin_path, stdio, token)
        finally:
            with self._cancel_lock:
                if self._token is token:
                    self._token, self._sent, self._cancel_requested = None, False, False

    def _mark_sent(self, token: object | None) -> None:
        """The spec is with the helper (called under _cancel_lock): a cancel asked for before
        now is sent at once, a later one goes straight to the helper."""
        if token is not None and self._token is token:
            self._sent = True
            if self._cancel_requested:
                self._send_cancel()

    def canceller(self) -> Callable[[], None]:
        """A function that stops the next run() (called after this), from any thread: its
        result then says STOP_CANCELLED. Called before that run has started, it stops it as
        soon as it has; after it returned, it does nothing; it never reaches a later run."""
        token = object()
        with self._cancel_lock:
            self._token, self._sent, self._cancel_requested = token, False, False

        def cancel() -> None:
            with self._cancel_lock:
                if self._token is not token:
                    return  # its run is over
                if not self._sent:
                    self._cancel_requested = True
                    return
                try:
                    self._send_cancel()
                except (OSError, ValueError):
                    pass  # the helper is gone: the run has ended anyway

        return cancel

    def _sandbox_failed(self, what: str) -> RunResult:
        """IE, not the student's fault: the helper's own last words say why."""
        self._close_helper()
        tail = self._log_tail().decode("utf-8", "replace").strip()
        self._drop_tmp()
        return RunResult(
            stopped=STOP_SANDBOX_FAILED,
            exit_code=None,
            stderr=f"judge-sandbox: {what}{': ' + tail if tail else ''}".encode(),
        )

    def _log_tail(self, size: int = 2000) -> bytes:
        if self._log is None:
            return b""
        try:
            self._log.seek(0, os.SEEK_END)
            self._log.seek(max(0, self._log.tell() - size))
            return self._log.read()
        except (OSError, ValueError):
            return b""

    def _drop_tmp(self) -> None:
        tmp, self._tmp = self._tmp, None
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    def close(self) -> None:
        self._close_helper()
        self._drop_tmp()
        self._release()
        if self._log is not None:
            self._log.close()
            self._log = None
