"""The whole output must match a regular expression.

The output is tried as printed and with its trailing whitespace removed, so that both a pattern
written for the text (`\\d+`) and one that spells out the final newline (`(?:\\d+\\n)+`) accept
what print() writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar

from judge.checkers.base import CheckCase, Checker, CheckResult
from judge.checkers.lines import quote
from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.core.verdicts import Verdict


def compile_pattern(value: object, key: str, source: str | None, min_groups: int = 0) -> re.Pattern[str]:
    """A checker option that must be a regular expression, compiled; ConfigError naming `key`."""
    if not isinstance(value, str) or not value:
        raise ConfigError(source, key, _("expected a regular expression, got {value}").format(value=repr(value)))
    try:
        pattern = re.compile(value)
    except re.error as error:
        raise ConfigError(
            source, key, _("invalid regular expression {value}: {error}").format(value=repr(value), error=error)
        ) from None
    if pattern.groups < min_groups:
        raise ConfigError(
            source,
            key,
            _("the regular expression {value} needs a group in parentheses: group 1 is what it extracts").format(
                value=repr(value)
            ),
        )
    return pattern


class RegexChecker(Checker):
    name = "regex"
    defaults: ClassVar[Mapping[str, object]] = MappingProxyType({"pattern": None})

    def __init__(
        self, options: Mapping[str, object], problem_dir: Path | None = None, source: str | None = None
    ) -> None:
        super().__init__(options, problem_dir=problem_dir, source=source)
        value = self.options["pattern"]
        # None: each test's .ans file holds its own pattern.
        self.pattern = None if value is None else compile_pattern(value, "checker.pattern", source)

    @classmethod
    def needs_answer(cls, options: Mapping[str, object]) -> bool:
        # With `pattern:` the .ans is not read (GitHub Classroom imports leave it empty).
        return options.get("pattern") is None

    def check(self, case: CheckCase) -> CheckResult:
        pattern = self.pattern
        if pattern is None:
            text = case.answer_path.read_bytes().decode("utf-8", errors="replace").strip()
            try:
                pattern = re.compile(text)
            except re.error as error:
                return CheckResult(
                    Verdict.IE,
                    _("the answer file {file} is not a valid regular expression: {error}").format(
                        file=case.answer_path.name, error=error
                    ),
                )
        output = case.output.decode("utf-8", errors="replace")
        if pattern.fullmatch(output) or pattern.fullmatch(output.rstrip()):
            return CheckResult(Verdict.AC)
        if not output.strip():
            return CheckResult(Verdict.WA, _("the output is empty"))
        return CheckResult(
            Verdict.WA,
            _("the output does not have the expected form; it begins with {start}").format(start=quote(output)),
        )
