"""The one place that picks a sandbox for an isolation level: the POSIX one (client.py) or
the portable one (portable.py, for macOS and Windows, or `--isolation portable`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    from judge.sandbox.runspec import RunResult, RunSpec


class SandboxLike(Protocol):
    """What the grader, compile and interactive runs use of a sandbox."""

    slot: int
    zygote: bool
    trace: bool | None  # True/False: every observed run traced / none; None: as RunSpec.trace says

    def start(self) -> None: ...
    def run(self, spec: RunSpec, stdin_path: Path | None = None, stdio: tuple[int, int] | None = None) -> RunResult: ...
    def canceller(self) -> Callable[[], None]: ...
    def close(self) -> None: ...
    def __enter__(self) -> SandboxLike: ...
    def __exit__(self, *exc: object) -> None: ...


def is_portable(level: str) -> bool:
    from judge.sandbox.layers import PORTABLE_LAYERS, plan_isolation

    return plan_isolation(level).layers == PORTABLE_LAYERS


def make_sandbox(
    isolation: str = "auto",
    slot: int = 0,
    zygote: bool = False,
    python: str = sys.executable,
    trace: bool | None = None,
) -> SandboxLike:
    """A sandbox for `isolation` (its plan decides which kind); JudgeError for strict
    where the machine cannot give it. `trace` overrides RunSpec.trace of the observed runs
    it makes: True traces them all, False none (bench/bench_trace.py), None keeps each
    spec's own."""
    if is_portable(isolation):
        from judge.sandbox.portable import PortableSandbox

        return PortableSandbox(python=python, isolation=isolation, slot=slot, trace=trace)
    from judge.sandbox.client import Sandbox

    return Sandbox(python=python, isolation=isolation, slot=slot, zygote=zygote, trace=trace)
