"""The only door to a child process: run(spec) -> RunResult under limits.

Knows nothing about problems or checkers. See supervise.py for what a run goes through.
Names are loaded on first use: the helper process (python -m judge.sandbox.helper) must not
pay for the judge-side client it never uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from judge.sandbox.runspec import (
    STOP_CANCELLED,
    STOP_CPU,
    STOP_HELPER_LOST,
    STOP_MEMORY,
    STOP_OUTPUT,
    STOP_PROCESSES,
    STOP_SANDBOX_FAILED,
    STOP_START_FAILED,
    STOP_WALL,
    RunResult,
    RunSpec,
)

if TYPE_CHECKING:
    from judge.sandbox.client import Sandbox


def __getattr__(name: str) -> type[Sandbox]:
    if name == "Sandbox":
        from judge.sandbox.client import Sandbox

        return Sandbox
    raise AttributeError(name)


def run(spec: RunSpec, stdin_path: Path | None = None, stdio: tuple[int, int] | None = None) -> RunResult:
    """One run in a fresh helper. For many runs keep a Sandbox open instead."""
    from judge.sandbox.factory import make_sandbox

    with make_sandbox() as box:
        return box.run(spec, stdin_path, stdio)


__all__ = [
    "Sandbox",
    "RunSpec",
    "RunResult",
    "run",
    "STOP_CPU",
    "STOP_WALL",
    "STOP_MEMORY",
    "STOP_OUTPUT",
    "STOP_PROCESSES",
    "STOP_HELPER_LOST",
    "STOP_START_FAILED",
    "STOP_SANDBOX_FAILED",
    "STOP_CANCELLED",
]
