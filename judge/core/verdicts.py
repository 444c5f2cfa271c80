"""Verdict codes (a contract: see docs/DESIGN.md, "Contracts") and how a run of tests folds into one verdict."""

from __future__ import annotations

from enum import Enum

from judge.core.i18n import N_, _


class Verdict(str, Enum):
    AC = "AC"  # accepted
    WA = "WA"  # wrong answer
    PE = "PE"  # presentation error (layout-strict checkers only)
    TLE = "TLE"  # CPU time of the tree over the limit, or wall limit hit while busy
    ILE = "ILE"  # wall limit hit while (nearly) idle: sleeping, waiting, deadlocked
    MLE = "MLE"  # memory of the tree over the limit
    OLE = "OLE"  # output over the limit
    RE = "RE"  # uncaught exception, non-zero exit, killed by a signal
    CE = "CE"  # compilation error (a Python syntax error counts)
    SV = "SV"  # security violation: a forbidden action was stopped
    RV = "RV"  # a rule of the problem failed (forbidden `if`, no threads, ...)
    IE = "IE"  # the judge or a checker failed: never the student's fault
    SK = "SK"  # skipped

    def __str__(self) -> str:  # so f-strings print "WA", not "Verdict.WA"
        return self.value

    @property
    def description(self) -> str:
        """The verdict spelled out, in the active language ("wrong answer", "неверный ответ")."""
        return _(DESCRIPTIONS[self])


DESCRIPTIONS: dict[Verdict, str] = {
    Verdict.AC: N_("accepted"),
    Verdict.WA: N_("wrong answer"),
    Verdict.PE: N_("presentation error"),
    Verdict.TLE: N_("time limit exceeded"),
    Verdict.ILE: N_("idleness limit exceeded"),
    Verdict.MLE: N_("memory limit exceeded"),
    Verdict.OLE: N_("output limit exceeded"),
    Verdict.RE: N_("runtime error"),
    Verdict.CE: N_("compilation error"),
    Verdict.SV: N_("security violation"),
    Verdict.RV: N_("rule violation"),
    Verdict.IE: N_("internal error"),
    Verdict.SK: N_("skipped"),
}


def parse_verdict(text: str) -> Verdict:
    """'wa', 'WA' or a Kattis folder name ('wrong_answer') -> Verdict; ValueError otherwise."""
    key = text.strip()
    alias = KATTIS_NAMES.get(key.lower())
    if alias is not None:
        return alias
    try:
        return Verdict(key.upper())
    except ValueError:
        names = ", ".join(v.value for v in Verdict)
        raise ValueError(f"unknown verdict {text!r} (expected one of {names})") from None


KATTIS_NAMES: dict[str, Verdict] = {
    "accepted": Verdict.AC,
    "wrong_answer": Verdict.WA,
    "time_limit_exceeded": Verdict.TLE,
    "run_time_error": Verdict.RE,
    "runtime_error": Verdict.RE,
    "memory_limit_exceeded": Verdict.MLE,
    "output_limit_exceeded": Verdict.OLE,
    "compile_error": Verdict.CE,
    "presentation_error": Verdict.PE,
}


def first_failure(verdicts: list[Verdict]) -> Verdict:
    """A submission's verdict: the first non-AC verdict in test order (SK does not count)."""
    for v in verdicts:
        if v not in (Verdict.AC, Verdict.SK):
            return v
    return Verdict.AC
