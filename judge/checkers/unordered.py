"""Lines in any order: the output's lines must be the answer's lines as a multiset."""

from __future__ import annotations

from collections import Counter

from judge.checkers.base import CheckCase, Checker, CheckResult
from judge.checkers.lines import TRAILING_SPACE, quote
from judge.core.i18n import _, ngettext
from judge.core.verdicts import Verdict


def _lines(data: bytes) -> list[bytes]:
    """Lines without trailing whitespace; blank lines do not count."""
    return [line for line in (raw.rstrip(TRAILING_SPACE) for raw in data.split(b"\n")) if line]


def times(n: int) -> str:
    """How many times, in words: "once", "twice", "3 times" (also the multiset checker's)."""
    if n == 1:
        return _("once")
    if n == 2:
        return _("twice")
    return ngettext("{n} time", "{n} times", n).format(n=n)


def appears(line: str, got: int, expected: int) -> str:
    return _("line {line} appears {got}, expected {expected}").format(
        line=line, got=times(got), expected=times(expected)
    )


class UnorderedChecker(Checker):
    name = "unordered"

    def check(self, case: CheckCase) -> CheckResult:
        expected_lines = _lines(case.answer_path.read_bytes())
        got_lines = _lines(case.output)
        expected, got = Counter(expected_lines), Counter(got_lines)
        if got == expected:
            return CheckResult(Verdict.AC)
        # Report in the order the student reads: first an extra line of the output, else the
        # first missing line of the answer.
        for line in got_lines:
            if got[line] > expected[line]:
                if expected[line] == 0:
                    return CheckResult(Verdict.WA, _("unexpected line {line}").format(line=quote(line)))
                return CheckResult(Verdict.WA, appears(quote(line), got[line], expected[line]))
        for line in expected_lines:
            if got[line] < expected[line]:
                if got[line] == 0:
                    return CheckResult(Verdict.WA, _("missing line {line}").format(line=quote(line)))
                return CheckResult(Verdict.WA, appears(quote(line), got[line], expected[line]))
        return CheckResult(Verdict.WA, _("the lines differ from the answer"))  # not reached

    def canonical(self, data: bytes) -> bytes | None:
        # Sorting forgets the order; lines are non-empty and hold no b"\n", so the join is
        # injective on multisets.
        return b"\n".join(sorted(_lines(data)))
