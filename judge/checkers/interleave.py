"""Concurrent output: lines grouped by a key, each group complete and in order, any interleaving.

The answer file holds one valid output (e.g. the sequential one). A line whose start matches
`key` belongs to the group named by the key's group 1; `first` and `last` are fixed lines that
must open and close the output. The messages name the group with the key's group name when it
has one: with `key: 'Thread (?P<thread>\\d+):'` they read "thread 2: ...".

Also home of the helpers the multiset checker shares (text lines, fixed first/last lines).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar

from judge.checkers.base import CheckCase, Checker, CheckResult
from judge.checkers.lines import quote
from judge.checkers.regex import compile_pattern
from judge.core.errors import ConfigError
from judge.core.i18n import _, ngettext
from judge.core.verdicts import Verdict

# (line number in the original output, text without trailing whitespace)
Line = tuple[int, str]


class Rejected(Exception):
    """A line-level problem; WA when found in the output, IE when found in the answer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def text_lines(data: bytes) -> list[Line]:
    """Numbered non-blank lines, decoded leniently, trailing whitespace stripped."""
    text = data.decode("utf-8", errors="replace")
    numbered = ((number, raw.rstrip(" \t\r")) for number, raw in enumerate(text.split("\n"), 1))
    return [(number, line) for number, line in numbered if line]


def string_list_option(value: object, key: str, source: str | None) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise ConfigError(source, key, _("expected a list of lines (strings), got {value}").format(value=repr(value)))
    # Compared with stripped output lines, so strip the same way.
    return tuple(item.rstrip(" \t\r") for item in value)


def _listing(lines: Sequence[str]) -> str:
    return ", ".join(quote(line) for line in lines)


def strip_fixed(lines: list[Line], first: Sequence[str], last: Sequence[str]) -> list[Line]:
    """The lines between `first` and `last`; Rejected when they are not where they must be."""
    for index, want in enumerate(first):
        if index >= len(lines):
            if len(first) == 1:
                raise Rejected(
                    _("{want} must be the first line, but the output ended before it").format(want=quote(want))
                )
            raise Rejected(
                _("{want} must be line {number}, but the output ended before it").format(
                    want=quote(want), number=index + 1
                )
            )
        if lines[index][1] != want:
            number, got = lines[index]
            if len(first) == 1:
                raise Rejected(
                    _("{want} must be the first line (line {number} is {got})").format(
                        want=quote(want), number=number, got=quote(got)
                    )
                )
            raise Rejected(
                _("the output must start with {lines}; line {number} is {got} instead of {want}").format(
                    lines=_listing(first), number=number, got=quote(got), want=quote(want)
                )
            )
    rest = lines[len(first) :]
    if not last:
        return rest
    if len(rest) < len(last):
        raise Rejected(_("the output must end with {lines}").format(lines=_listing(last)))
    tail = rest[len(rest) - len(last) :]
    for (number, got), want in zip(tail, last):
        if got != want:
            if len(last) == 1:
                raise Rejected(
                    _("{want} must be the last line (line {number} is {got})").format(
                        want=quote(want), number=number, got=quote(got)
                    )
                )
            raise Rejected(
                _("the output must end with {lines}; line {number} is {got} instead of {want}").format(
                    lines=_listing(last), number=number, got=quote(got), want=quote(want)
                )
            )
    return rest[: len(rest) - len(last)]


class InterleaveChecker(Checker):
    name = "interleave"
    defaults: ClassVar[Mapping[str, object]] = MappingProxyType(
        {
            "key": None,
            "first": (),
            "last": (),
            "mode": "complete",
            "min_lines": MappingProxyType({}),
        }
    )

    def __init__(
        self, options: Mapping[str, object], problem_dir: Path | None = None, source: str | None = None
    ) -> None:
        super().__init__(options, problem_dir=problem_dir, source=source)
        self.key = compile_pattern(self.options["key"], "checker.key", source, min_groups=1)
        self.first = string_list_option(self.options["first"], "checker.first", source)
        self.last = string_list_option(self.options["last"], "checker.last", source)
        mode = self.options["mode"]
        if not isinstance(mode, str) or mode not in ("complete", "prefix"):
            raise ConfigError(
                source, "checker.mode", _("expected 'complete' or 'prefix', got {value}").format(value=repr(mode))
            )
        self.mode = mode
        self.min_lines = self._min_lines(self.options["min_lines"])
        # "thread 2: ..." reads better than "group 2: ..." when the teacher named the group.
        names = [name for name, index in self.key.groupindex.items() if index == 1]
        self.label = names[0] if names else None

    def _name(self, group: str) -> str:
        """How messages name a group: 'thread 2' (the key's group name, the teacher's word), else 'group 2'."""
        return f"{self.label} {group}" if self.label else _("group {name}").format(name=group)

    def _min_lines(self, value: object) -> dict[str, int]:
        key = "checker.min_lines"
        if not isinstance(value, Mapping):
            raise ConfigError(
                self.source,
                key,
                _("expected a mapping of key -> number of lines, got {value}").format(value=repr(value)),
            )
        result: dict[str, int] = {}
        for group, count in value.items():
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise ConfigError(
                    self.source,
                    f"{key}.{group}",
                    _("expected a non-negative number of lines, got {value}").format(value=repr(count)),
                )
            result[str(group)] = count  # YAML reads {1: 3} with an int key: same group
        if result and self.mode != "prefix":
            raise ConfigError(
                self.source, key, _("only meaningful with mode: prefix (mode complete needs every line of every group)")
            )
        return result

    def _group_of(self, line: str) -> str | None:
        match = self.key.match(line)
        return None if match is None else match.group(1)

    def check(self, case: CheckCase) -> CheckResult:
        try:
            groups = self._expected_groups(case.answer_path.read_bytes())
        except Rejected as problem:
            return CheckResult(
                Verdict.IE,
                _("answer file {file}: {problem}").format(file=case.answer_path.name, problem=problem.message),
            )
        try:
            self._check_output(text_lines(case.output), groups)
        except Rejected as problem:
            return CheckResult(Verdict.WA, problem.message)
        return CheckResult(Verdict.AC)

    def _expected_groups(self, answer: bytes) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for number, line in strip_fixed(text_lines(answer), self.first, self.last):
            group = self._group_of(line)
            if group is None:
                raise Rejected(
                    _("line {number} {line} matches neither `key` nor the `first`/`last` lines").format(
                        number=number, line=quote(line)
                    )
                )
            groups.setdefault(group, []).append(line)
        for group, count in self.min_lines.items():
            if count > len(groups.get(group, [])):
                raise Rejected(
                    ngettext(
                        "min_lines asks for {count} line of {group}, the answer has {has}",
                        "min_lines asks for {count} lines of {group}, the answer has {has}",
                        count,
                    ).format(count=count, group=self._name(group), has=len(groups.get(group, [])))
                )
        return groups

    def _check_output(self, lines: list[Line], groups: dict[str, list[str]]) -> None:
        middle = strip_fixed(lines, self.first, self.last)
        keyed: list[tuple[str, str]] = []  # (group, line) in output order
        for number, line in middle:
            group = self._group_of(line)
            if group is None:
                raise Rejected(_("line {number}: unexpected line {line}").format(number=number, line=quote(line)))
            if group not in groups:
                raise Rejected(
                    _("line {number}: unexpected line {line} (there is no {group})").format(
                        number=number, line=quote(line), group=self._name(group)
                    )
                )
            keyed.append((group, line))
        totals = Counter(group for group, _line in keyed)
        done: Counter[str] = Counter()
        for group, line in keyed:
            self._check_next(group, line, done[group], totals[group], groups[group])
            done[group] += 1
        for group, expected in groups.items():
            need = len(expected) if self.mode == "complete" else self.min_lines.get(group, 0)
            if done[group] < need:
                if self.mode == "complete":
                    message = ngettext(
                        "{group}: expected {n} line, got {got} (missing {missing})",
                        "{group}: expected {n} lines, got {got} (missing {missing})",
                        need,
                    )
                else:
                    message = ngettext(
                        "{group}: expected at least {n} line, got {got} (missing {missing})",
                        "{group}: expected at least {n} lines, got {got} (missing {missing})",
                        need,
                    )
                raise Rejected(
                    message.format(
                        group=self._name(group), n=need, got=done[group], missing=quote(expected[done[group]])
                    )
                )

    def _check_next(self, group: str, line: str, index: int, total: int, expected: list[str]) -> None:
        """The group's `index`-th line of the output must be its `index`-th line of the answer."""
        name = self._name(group)
        if index >= len(expected):
            raise Rejected(
                ngettext(
                    "{group}: expected {n} line, got {got} (extra {line})",
                    "{group}: expected {n} lines, got {got} (extra {line})",
                    len(expected),
                ).format(group=name, n=len(expected), got=total, line=quote(line))
            )
        want = expected[index]
        if line == want:
            return
        if line in expected[index + 1 :]:
            raise Rejected(
                _("{group}: line {line} came before {want}").format(group=name, line=quote(line), want=quote(want))
            )
        if line in expected[:index]:
            raise Rejected(
                _("{group}: line {line} is repeated (expected {want} here)").format(
                    group=name, line=quote(line), want=quote(want)
                )
            )
        raise Rejected(_("{group}: expected {want}, got {line}").format(group=name, want=quote(want), line=quote(line)))
