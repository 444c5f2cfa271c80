"""The report object of a command's results, its environment block and its JSON."""

from __future__ import annotations

import datetime as _dt
import platform
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from judge import __version__
from judge.core.i18n import _
from judge.core.numbers import decimal
from judge.core.results import SubmissionResult
from judge.core.verdicts import Verdict
from judge.reports import Report, write_atomic

if TYPE_CHECKING:
    from judge.core.config import Config
    from judge.semester.history import Attempt
    from judge.semester.roster import Roster


def environment(results: list[SubmissionResult]) -> dict[str, object]:
    """Which isolation layers were really in force: those every run reported."""
    layers: list[str] = []
    for r in results:
        for layer in r.isolation:
            if layer not in layers:
                layers.append(layer)
    # Whether any Python run was forked from a warm interpreter (see docs/PERFORMANCE.md).
    zygote = any(t.zygote for r in results for t in r.tests)
    # multiprocessing's start method of the observed runs ("fork,spawn" when problems differ;
    # null when nothing was observed).
    methods = sorted(
        {
            str(t.concurrency["start_method"])
            for r in results
            for t in r.tests
            if t.concurrency and t.concurrency.get("start_method")
        }
    )
    return {
        "python": platform.python_version(),
        "platform": sys.platform,
        "isolation": layers,
        "zygote": zygote,
        "start_method": ",".join(methods) or None,
    }


def warn_if_weak(result: SubmissionResult) -> None:
    from judge.sandbox.layers import BASIC_LAYERS, PORTABLE_LAYERS, STANDARD_LAYERS

    if result.isolation and set(result.isolation) == set(PORTABLE_LAYERS):
        # The portable sandbox (macOS, Windows): say what it lacks next to basic.
        lacking = [layer for layer in BASIC_LAYERS if layer not in result.isolation]
        click.echo(
            _(
                "judge: warning: portable sandbox, weaker than 'basic' (missing: {missing}, "
                "and no namespaces; in force: {layers}); see docs/SECURITY.md"
            ).format(missing=", ".join(lacking), layers=", ".join(result.isolation)),
            err=True,
        )
        return
    missing = [layer for layer in STANDARD_LAYERS if layer not in result.isolation]
    if result.isolation and missing:
        from judge.sandbox.layers import namespace_advice

        advice = namespace_advice() if "fs-view" in missing else ""
        fields = {"missing": ", ".join(missing), "layers": ", ".join(result.isolation), "advice": advice}
        if advice:
            text = _(
                "judge: warning: weaker isolation than 'standard' (missing: {missing}; in force: {layers}); {advice}"
            )
        else:
            text = _("judge: warning: weaker isolation than 'standard' (missing: {missing}; in force: {layers})")
        click.echo(text.format(**fields), err=True)


def make_report(
    results: list[SubmissionResult],
    *,
    config: Config | None = None,
    csv_bom: bool = False,
    roster: Roster | None = None,
    students: list[str] | None = None,
    attempts: dict[tuple[str, str], list[Attempt]] | None = None,
) -> Report:
    """The report of `results`, complete: nothing is set on it afterwards (judge grade passes
    what its gradebooks and pages need; check and validate need only the results)."""
    created = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Report(
        results=results,
        environment=environment(results),
        created=created,
        judge_version=__version__,
        config=config,
        csv_bom=csv_bom,
        roster=roster,
        students=students or [],
        attempts=attempts or {},
    )


def json_text(report: Report) -> str:
    from judge.reports.json_report import render

    return render(report)


def write_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json_text(report))


def number(x: float) -> str:
    """A score for a person (judge history's table): 7, 33.50; Russian 33,50."""
    return str(int(x)) if float(x).is_integer() else decimal(x, 2)


# Verdicts on a terminal (check's table, grade's summary).
VERDICT_COLORS = {
    Verdict.AC: "green",
    Verdict.WA: "red",
    Verdict.PE: "yellow",
    Verdict.TLE: "magenta",
    Verdict.ILE: "magenta",
    Verdict.MLE: "magenta",
    Verdict.OLE: "magenta",
    Verdict.RE: "red",
    Verdict.CE: "red",
    Verdict.SV: "red",
    Verdict.RV: "yellow",
    Verdict.IE: "white",
    Verdict.SK: "bright_black",
}
