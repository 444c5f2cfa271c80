"""The checker interface. Checkers know nothing about processes: they compare bytes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.core.verdicts import Verdict


@dataclass(frozen=True)
class CheckCase:
    """One test to check: where its files are and what the solution printed."""

    input_path: Path
    answer_path: Path
    output: bytes
    # A fresh empty folder the checker may use (Kattis feedback_dir); None for built-ins.
    scratch_dir: Path | None = None


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict  # AC, WA, PE or IE
    # For the student. It may quote the answer: the grader only shows it for sample tests.
    message: str = ""


class Checker(ABC):
    """Compare a solution's output with a test's answer.

    Subclasses validate their options in __init__ and raise ConfigError naming the key
    (`checker.<option>`) and what was expected; unknown options are errors too.
    """

    name: ClassVar[str]
    # Options this checker accepts, with their defaults.
    defaults: ClassVar[Mapping[str, object]] = {}

    def __init__(
        self, options: Mapping[str, object], problem_dir: Path | None = None, source: str | None = None
    ) -> None:
        unknown = sorted(set(options) - set(self.defaults))
        if unknown:
            allowed = ", ".join(sorted(self.defaults)) or _("none")
            raise ConfigError(
                source,
                f"checker.{unknown[0]}",
                _("unknown option for checker '{name}' (allowed: {allowed})").format(name=self.name, allowed=allowed),
            )
        self.options: dict[str, object] = {**self.defaults, **options}
        self.problem_dir = problem_dir
        self.source = source

    @classmethod
    def needs_answer(cls, options: Mapping[str, object]) -> bool:
        """Does this checker, with these options, compare the output with the test's .ans? Then
        an empty .ans is a teacher's mistake (a forgotten answer), refused when the problem
        loads. Checkers that judge the output by other means say no."""
        return True

    @abstractmethod
    def check(self, case: CheckCase) -> CheckResult:
        """Judge one output. Must not raise for any output bytes; an exception is IE."""

    def canonical(self, data: bytes) -> bytes | None:
        """A normal form such that check() accepts iff canonical(output) == canonical(answer).

        Used to lock secret answers behind salted hashes in the student copy. None means
        this checker cannot be hashed (float tolerance, interleavings, external programs).
        """
        return None

    def presentation_form(self, data: bytes) -> bytes | None:
        """For checkers that tell PE from WA: a normal form such that an output check() rejects
        is PE iff presentation_form(output) == presentation_form(answer). None: never PE."""
        return None
