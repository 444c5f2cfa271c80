"""Errors the command line turns into one clear line and an exit code (never a traceback)."""

from __future__ import annotations

from pathlib import Path


class JudgeError(Exception):
    """Base: a problem the user can fix. Printed as one line; exit code 2."""

    exit_code = 2


class ConfigError(JudgeError):
    """A data file (problem.yaml, config.yaml, a test folder) is malformed.

    The message always names the file, the key (a dotted path) and what was expected.
    """

    def __init__(self, file: Path | str | None, key: str | None, expected: str) -> None:
        self.file = str(file) if file is not None else None
        self.key = key
        self.expected = expected
        where = ": ".join(part for part in (self.file, key) if part)
        super().__init__(f"{where}: {expected}" if where else expected)


class UsageError(JudgeError):
    """A command line that cannot work (a missing file, a problem that does not exist)."""
