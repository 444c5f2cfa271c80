"""Work items in any order: every line between `first` and `last` must match `pattern`, and the
items (group 1 of the matches, or the whole match without a group) must be the answer's, each
as many times as there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar

from judge.checkers.base import CheckCase, Checker, CheckResult
from judge.checkers.interleave import Line, Rejected, string_list_option, strip_fixed, text_lines
from judge.checkers.lines import quote
from judge.checkers.regex import compile_pattern
from judge.checkers.unordered import times
from judge.core.i18n import _
from judge.core.verdicts import Verdict


class MultisetChecker(Checker):
    name = "multiset"
    defaults: ClassVar[Mapping[str, object]] = MappingProxyType({"pattern": None, "first": (), "last": ()})

    def __init__(
        self, options: Mapping[str, object], problem_dir: Path | None = None, source: str | None = None
    ) -> None:
        super().__init__(options, problem_dir=problem_dir, source=source)
        self.pattern = compile_pattern(self.options["pattern"], "checker.pattern", source)
        self.first = string_list_option(self.options["first"], "checker.first", source)
        self.last = string_list_option(self.options["last"], "checker.last", source)

    def _items(self, lines: list[Line]) -> list[tuple[int, str, str]]:
        """(line number, line, item) of each middle line; Rejected at a line that does not match."""
        items = []
        for number, line in strip_fixed(lines, self.first, self.last):
            match = self.pattern.fullmatch(line)
            item = None if match is None else match.group(1 if self.pattern.groups else 0)
            if item is None:
                raise Rejected(_("line {number}: unexpected line {line}").format(number=number, line=quote(line)))
            items.append((number, line, item))
        return items

    def check(self, case: CheckCase) -> CheckResult:
        try:
            answer = self._items(text_lines(case.answer_path.read_bytes()))
        except Rejected as problem:
            return CheckResult(
                Verdict.IE,
                _("answer file {file}: {problem}").format(file=case.answer_path.name, problem=problem.message),
            )
        try:
            self._compare([item for _n, _l, item in answer], self._items(text_lines(case.output)))
        except Rejected as problem:
            return CheckResult(Verdict.WA, problem.message)
        return CheckResult(Verdict.AC)

    @staticmethod
    def _compare(expected_items: list[str], got: list[tuple[int, str, str]]) -> None:
        expected = Counter(expected_items)
        seen: Counter[str] = Counter()
        for number, line, item in got:
            seen[item] += 1
            if seen[item] > expected[item]:
                if expected[item] == 0:
                    raise Rejected(
                        _("line {number}: unexpected item {item} in {line}").format(
                            number=number, item=quote(item), line=quote(line)
                        )
                    )
                raise Rejected(
                    _("line {number}: item {item} appears more than {times} (in {line})").format(
                        number=number, item=quote(item), times=times(expected[item]), line=quote(line)
                    )
                )
        for item in expected_items:
            if seen[item] < expected[item]:
                if seen[item] == 0:
                    raise Rejected(_("item {item} is missing").format(item=quote(item)))
                raise Rejected(
                    _("item {item} appears {got}, expected {expected}").format(
                        item=quote(item), got=times(seen[item]), expected=times(expected[item])
                    )
                )
