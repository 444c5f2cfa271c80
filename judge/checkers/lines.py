"""Line by line comparison that forgives trailing spaces and trailing blank lines.

Also home of the small text helpers the other line-based checkers share (quoting a line for a
message, describing the first differing line).
"""

from __future__ import annotations

from collections.abc import Sequence

from judge.checkers.base import CheckCase, Checker, CheckResult
from judge.core.i18n import _
from judge.core.verdicts import Verdict

# What "trailing whitespace" means for line-based checkers: \r so that Windows line ends pass.
TRAILING_SPACE = b" \t\r"
QUOTE_LIMIT = 60


def normalised_lines(data: bytes) -> list[bytes]:
    """Lines without trailing whitespace, without the trailing blank lines."""
    lines = [line.rstrip(TRAILING_SPACE) for line in data.split(b"\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def quote(text: str | bytes, limit: int = QUOTE_LIMIT) -> str:
    """A line as a student should see it in a message: quoted, escapes visible, not too long."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if len(text) > limit:
        return repr(text[:limit]) + "..."
    return repr(text)


def describe_line_difference(expected: Sequence[bytes], got: Sequence[bytes]) -> str:
    """'line 3: expected 'x', got 'y'' for the first line where the two lists differ."""
    for number, (want, have) in enumerate(zip(expected, got), start=1):
        if want != have:
            return _("line {line}: expected {expected}, got {got}").format(
                line=number, expected=quote(want), got=quote(have)
            )
    if len(expected) > len(got):
        return _("line {line}: expected {expected}, but the output ended").format(
            line=len(got) + 1, expected=quote(expected[len(got)])
        )
    if len(got) > len(expected):
        return _("line {line}: unexpected extra output {got}").format(
            line=len(expected) + 1, got=quote(got[len(expected)])
        )
    return _("the output differs from the answer")


class LinesChecker(Checker):
    name = "lines"

    def check(self, case: CheckCase) -> CheckResult:
        answer = case.answer_path.read_bytes()
        expected = normalised_lines(answer)
        got = normalised_lines(case.output)
        if got == expected:
            return CheckResult(Verdict.AC)
        difference = describe_line_difference(expected, got)
        # Same words in a different layout is a presentation error, not a wrong answer.
        if case.output.split() == answer.split():
            return CheckResult(Verdict.PE, _("right values, wrong layout: {difference}").format(difference=difference))
        return CheckResult(Verdict.WA, difference)

    def canonical(self, data: bytes) -> bytes | None:
        # Lines hold no b"\n", so joining is injective: equal iff the line lists are equal.
        return b"\n".join(normalised_lines(data))

    def presentation_form(self, data: bytes) -> bytes | None:
        return b" ".join(data.split())  # PE iff the tokens are equal
