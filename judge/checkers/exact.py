"""Byte for byte comparison; the right tokens in a different layout are a presentation error."""

from __future__ import annotations

from judge.checkers.base import CheckCase, Checker, CheckResult
from judge.checkers.lines import describe_line_difference
from judge.core.i18n import _
from judge.core.verdicts import Verdict


class ExactChecker(Checker):
    name = "exact"

    def check(self, case: CheckCase) -> CheckResult:
        answer = case.answer_path.read_bytes()
        if case.output == answer:
            return CheckResult(Verdict.AC)
        # Lines keep their line ends so that a missing final newline or a \r shows in the quote.
        difference = describe_line_difference(answer.splitlines(keepends=True), case.output.splitlines(keepends=True))
        if case.output.split() == answer.split():
            return CheckResult(Verdict.PE, _("right values, wrong layout: {difference}").format(difference=difference))
        return CheckResult(Verdict.WA, difference)

    def canonical(self, data: bytes) -> bytes | None:
        return data

    def presentation_form(self, data: bytes) -> bytes | None:
        return b" ".join(data.split())  # PE iff the tokens are equal
