"""Lines in any order: the output's lines must be the answer's lines as a multiset."""

from __future__ import annotations

from collections import Counter

from judge.checkers.base import CheckCase, Checker, CheckResult
from judge.checkers.lines import TRAILING_SPACE, quote
from judge.verdicts import Verdict


def _lines(data: bytes) -> list[bytes]:
    """Lines without trailing whitespace; blank lines do not count."""
    return [line for line in (raw.rstrip(TRAILING_SPACE) for raw in data.split(b"\n")) if line]


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


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
                    return CheckResult(Verdict.WA, f"unexpected line {quote(line)}")
                return CheckResult(Verdict.WA, f"line {quote(line)} appears {_times(got[line])}, "
                                               f"expected {_times(expected[line])}")
        for line in expected_lines:
            if got[line] < expected[line]:
                if got[line] == 0:
                    return CheckResult(Verdict.WA, f"missing line {quote(line)}")
                return CheckResult(Verdict.WA, f"line {quote(line)} appears {_times(got[line])}, "
                                               f"expected {_times(expected[line])}")
        return CheckResult(Verdict.WA, "the lines differ from the answer")  # not reached

    def canonical(self, data: bytes) -> bytes | None:
        # Sorting forgets the order; lines are non-empty and hold no b"\n", so the join is
        # injective on multisets.
        return b"\n".join(sorted(_lines(data)))
