"""Verdict codes (a contract: see DESIGN.md) and how a run of tests folds into one verdict."""

from __future__ import annotations

from enum import Enum


class Verdict(str, Enum):
    AC = "AC"   # accepted
    WA = "WA"   # wrong answer
    PE = "PE"   # presentation error (layout-strict checkers only)
    TLE = "TLE"  # CPU time of the tree over the limit, or wall limit hit while busy
    ILE = "ILE"  # wall limit hit while (nearly) idle: sleeping, waiting, deadlocked
    MLE = "MLE"  # memory of the tree over the limit
    OLE = "OLE"  # output over the limit
    RE = "RE"   # uncaught exception, non-zero exit, killed by a signal
    CE = "CE"   # compilation error (a Python syntax error counts)
    SV = "SV"   # security violation: a forbidden action was stopped
    RV = "RV"   # a rule of the problem failed (forbidden `if`, no threads, ...)
    IE = "IE"   # the judge or a checker failed: never the student's fault
    SK = "SK"   # skipped

    def __str__(self) -> str:  # so f-strings print "WA", not "Verdict.WA"
        return self.value

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self]


DESCRIPTIONS: dict[Verdict, str] = {
    Verdict.AC: "accepted",
    Verdict.WA: "wrong answer",
    Verdict.PE: "presentation error",
    Verdict.TLE: "time limit exceeded",
    Verdict.ILE: "idleness limit exceeded",
    Verdict.MLE: "memory limit exceeded",
    Verdict.OLE: "output limit exceeded",
    Verdict.RE: "runtime error",
    Verdict.CE: "compilation error",
    Verdict.SV: "security violation",
    Verdict.RV: "rule violation",
    Verdict.IE: "internal error",
    Verdict.SK: "skipped",
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
