"""What the commands print and write: check's table, grade's progress and summary,
validate's table, and the report files. Orchestration of grade/validate is here too, so
cli.py stays parse-call-exit."""

from __future__ import annotations

import datetime as _dt
import platform
import sys
from pathlib import Path
from typing import Any

import click

from judge import __version__
from judge.config import Config
from judge.problem import Problem
from judge.reports import Report, write_atomic, write_reports
from judge.results import SubmissionResult
from judge.units import format_duration, format_size
from judge.verdicts import Verdict

_COLORS = {Verdict.AC: "green", Verdict.WA: "red", Verdict.PE: "yellow", Verdict.TLE: "magenta",
           Verdict.ILE: "magenta", Verdict.MLE: "magenta", Verdict.OLE: "magenta", Verdict.RE: "red",
           Verdict.CE: "red", Verdict.SV: "red", Verdict.RV: "yellow", Verdict.IE: "white",
           Verdict.SK: "bright_black"}


def environment(results: list[SubmissionResult]) -> dict[str, Any]:
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
    methods = sorted({str(t.concurrency["start_method"]) for r in results for t in r.tests
                      if t.concurrency and t.concurrency.get("start_method")})
    return {"python": platform.python_version(), "platform": sys.platform, "isolation": layers,
            "zygote": zygote, "start_method": ",".join(methods) or None}


def warn_if_weak(result: SubmissionResult) -> None:
    from judge.sandbox.layers import BASIC_LAYERS, PORTABLE_LAYERS, STANDARD_LAYERS
    if result.isolation and set(result.isolation) == set(PORTABLE_LAYERS):
        # The portable sandbox (macOS, Windows): say what it lacks next to basic.
        lacking = [layer for layer in BASIC_LAYERS if layer not in result.isolation]
        click.echo(f"judge: warning: portable sandbox, weaker than 'basic' (missing: {', '.join(lacking)}, "
                   f"and no namespaces; in force: {', '.join(result.isolation)}); see docs/SECURITY.md",
                   err=True)
        return
    missing = [layer for layer in STANDARD_LAYERS if layer not in result.isolation]
    if result.isolation and missing:
        from judge.sandbox.layers import namespace_advice
        advice = namespace_advice() if "fs-view" in missing else ""
        hint = f"; {advice}" if advice else ""
        click.echo(f"judge: warning: weaker isolation than 'standard' (missing: {', '.join(missing)}; "
                   f"in force: {', '.join(result.isolation)}){hint}", err=True)


def make_report(results: list[SubmissionResult]) -> Report:
    created = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Report(results=results, environment=environment(results), created=created,
                  judge_version=__version__)


def json_text(report: Report) -> str:
    from judge.reports.json_report import render
    return render(report)


def write_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json_text(report))


def _v(verdict: Verdict, color: bool) -> str:
    text = f"{verdict.value:<3}"
    return click.style(text, fg=_COLORS[verdict], bold=True) if color else text


# -- check ------------------------------------------------------------------------------

def print_check(problem: Problem, result: SubmissionResult, verbose: bool, color: bool) -> None:
    echo = click.echo
    title = " / ".join(dict.fromkeys(problem.title.values()))
    echo(f"{problem.id}: {title} — {result.submission}")
    echo(f"limits: {format_duration(problem.limits.time)} CPU, {format_size(problem.limits.memory)}")
    if any(t.verdict != Verdict.SK for t in result.tests):
        echo("")
        echo(f"  {'test':<12} {'verdict':<7} {'time':>8} {'memory':>10}  note")
        for t in result.tests:
            note = t.message.splitlines()[0] if t.message else ""
            if t.runs > 1:
                note = f"{note} (runs: {t.runs})" if note else f"runs: {t.runs}"
            if len(note) > 100 and not verbose:
                note = note[:97] + "..."
            echo(f"  {t.name:<12} {_v(t.verdict, color)}     {format_duration(t.time):>8} "
                 f"{format_size(t.memory):>10}  {note}")
            if t.concurrency:
                echo(f"  {'':<12} {concurrency_line(t.concurrency)}")
        for t in result.tests:
            if t.sample and t.diff and t.verdict != Verdict.AC:
                echo("")
                echo(f"{t.name}: {t.verdict.description}")
                echo(_indent(t.diff))
                break
    echo("")
    echo(f"verdict: {_v(result.verdict, color)}  score {result.score:g}/{result.max_score:g}")
    if result.message and result.verdict != Verdict.AC:
        echo(_indent(result.message))
    for hint in result.hints:
        echo(f"hint: {hint}")


def concurrency_line(c: dict[str, Any]) -> str:
    """What a concurrency test showed, in one line: the lecture's vocabulary."""
    parts = [f"threads started {c['threads_started']} (peak {c['peak_threads']} at once)",
             f"processes started {c['processes_started']}"]
    if c.get("tasks"):
        parts.append(f"asyncio tasks {c['tasks']}")
    wall = f"wall {c['wall_time']:.2f} s"
    if "sequential" in c:
        wall += f" vs sequential {c['sequential']:.2f} s (limit {c['max_wall']:.2f} s)"
    parts.append(wall)
    if c.get("cpu_time") and c.get("wall_time"):
        parts.append(f"CPU/wall {c['cpu_time'] / c['wall_time']:.2f}")
    if c.get("cores_wanted"):
        parts.append(f"cores busy {c['cores_wanted']:.2f}")
    return "↳ " + ", ".join(parts)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


# -- grade ------------------------------------------------------------------------------

def grade_folder(config: Config, root: Path, problems_dir: Path, out_dir: Path,
                 formats: tuple[str, ...], workers: int, quiet: bool, isolation: str = "auto",
                 changed_since: str | None = None, use_cache: bool = True,
                 rerun: bool = False, cluster: str | None = None) -> list[SubmissionResult]:
    from judge import ci
    from judge.batch import Job
    from judge.grader import Submission
    from judge.problem import load_problem
    from judge.submission import find_submissions

    found, _ignored = find_submissions(root, config.layout)
    if changed_since is not None:
        found = ci.only_changed(found, root, changed_since)
    problems: dict[str, Problem] = {}
    jobs: list[Job] = []
    unknown: set[str] = set()
    for f in found:
        if f.problem not in problems:
            path = problems_dir / f.problem
            if not (path / "problem.yaml").is_file():
                unknown.add(f.problem)
                continue
            problems[f.problem] = load_problem(path, config.limits)
        jobs.append(Job(problems[f.problem], Submission(f.path, f.student, f.problem, f.display, f.rejected)))
    for name in sorted(unknown):
        click.echo(f"judge: warning: no problem {name!r} in {problems_dir}: its submissions are skipped", err=True)
    from judge.cache import ResultCache, cache_dir
    cache = ResultCache(cache_dir(config.cache_dir)) if use_cache else None
    try:
        results = _run_with_progress(config, jobs, workers, quiet, "grading", isolation, cache, rerun,
                                     cluster)
    finally:
        if cache is not None:
            cache.close()
    from_cache = f" ({cache.hits} unchanged, from the cache)" if cache is not None and cache.hits else ""
    report = make_report(results)
    report.config = config  # html/similarity read their settings from it
    written = write_reports(report, out_dir, formats)
    if not quiet:
        print_summary(results)
    click.echo(f"{len(results)} submissions graded{from_cache}; reports: {', '.join(str(p) for p in written)}")
    ci.publish(report, root, changed_since)
    return results


def _run_with_progress(config: Config, jobs: list[Any], workers: int, quiet: bool, label: str,
                       isolation: str = "auto", cache: Any = None, rerun: bool = False,
                       cluster: str | None = None) -> list[SubmissionResult]:
    from judge.batch import run_jobs
    from judge.sandbox.layers import plan_isolation
    plan_isolation(isolation)  # strict without the root layers: refuse before any work
    if quiet or not jobs:
        return run_jobs(config, jobs, workers, isolation=isolation, cache=cache, rerun=rerun,
                        cluster=cluster)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(stderr=True)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[last]}"), TimeElapsedColumn(), TextColumn("ETA"),
                  TimeRemainingColumn(), console=console, transient=not console.is_terminal) as progress:
        task = progress.add_task(label, total=len(jobs), last="")

        def advance(job: Any, result: SubmissionResult) -> None:
            progress.update(task, advance=1, last=f"{result.student}/{result.problem} {result.verdict.value}")

        return run_jobs(config, jobs, workers, on_result=advance, isolation=isolation, cache=cache,
                        rerun=rerun, cluster=cluster)


def print_summary(results: list[SubmissionResult]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from judge.console import displayable

    problems = sorted({r.problem for r in results}, key=lambda p: (0, int(p)) if p.isdigit() else (1, p))
    students = sorted({r.student for r in results})
    cells = {(r.student, r.problem): r for r in results}
    table = Table(title="Results", show_lines=False)
    table.add_column("student")
    for p in problems:
        table.add_column(escape(displayable(p)), justify="center")
    table.add_column("total", justify="right")
    for s in students:
        row = [escape(displayable(s))]  # a folder name, shown as it is: not markup, not wider than drawn
        total = 0.0
        for p in problems:
            r = cells.get((s, p))
            if r is None:
                row.append("-")
                continue
            total += r.score
            color = _COLORS[r.verdict]
            row.append(f"[{color}]{r.verdict.value}[/{color}] {r.score:g}")
        row.append(f"{total:g}")
        table.add_row(*row)
    Console().print(table)


# -- validate ---------------------------------------------------------------------------

def validate(config: Config, problems_dir: Path, names: list[str], workers: int, quiet: bool,
             isolation: str = "auto", json_path: Path | None = None, all_tests: bool = False) -> bool:
    from judge.batch import Job
    from judge.grader import Submission
    from judge.problem import list_problem_ids, load_problem, resolve_problem

    paths = [resolve_problem(n, problems_dir) for n in names] if names else \
        [problems_dir / p for p in list_problem_ids(problems_dir)]
    if not paths:
        from judge.errors import UsageError
        raise UsageError(f"{problems_dir}: no problems found")
    jobs: list[Job] = []
    expectations = []
    for path in paths:
        problem = load_problem(path, config.limits)
        expected = problem.expected_solutions()
        if not expected:
            click.echo(f"{problem.id}: warning: no solutions/ to validate", err=True)
        for exp in expected:
            rel = f"{exp.solution.parent.name}/{exp.solution.name}"
            # A wrong solution's verdict is decided by its first failed test; the rest only
            # matter when expected.yaml checks its score or hints.
            stop = not all_tests and exp.score is None and exp.hint is None
            jobs.append(Job(problem, Submission(exp.solution, "validate", problem.id, f"{problem.id}/solutions/{rel}",
                                                stop_at_first_failure=stop)))
            expectations.append(exp)
    results = _run_with_progress(config, jobs, workers, quiet, "validating", isolation)
    if json_path is not None:
        write_json(make_report(results), json_path)
    all_ok = True
    for exp, result in zip(expectations, results):
        problems_ok = _mismatches(exp, result)
        mark = "ok  " if not problems_ok else "FAIL"
        all_ok &= not problems_ok
        detail = f" — {'; '.join(problems_ok)}" if problems_ok else ""
        click.echo(f"{mark} {result.submission}: expected {exp.verdict.value}, got {result.verdict.value} "
                   f"({result.score:g}/{result.max_score:g}){detail}")
    total = len(results)
    failed = sum(1 for exp, r in zip(expectations, results) if _mismatches(exp, r))
    click.echo(f"{total - failed} of {total} solutions got their expected verdict")
    return all_ok


def _mismatches(exp: Any, result: SubmissionResult) -> list[str]:
    bad = []
    if result.verdict != exp.verdict:
        bad.append(f"message: {result.message.splitlines()[0] if result.message else ''}")
    if exp.score is not None and abs(result.score - exp.score) > 1e-6:
        bad.append(f"score {result.score:g}, expected {exp.score:g}")
    if exp.hint_id is not None and exp.hint_id not in result.hint_ids:
        bad.append(f"hint {exp.hint_id!r} not given (got {result.hint_ids})")
    if exp.hint is not None and not any(exp.hint in h for h in result.hints):
        bad.append(f"no hint containing {exp.hint!r}")
    if exp.message is not None and exp.message not in result.message:
        bad.append(f"message lacks {exp.message!r}")
    return bad


# -- problems ---------------------------------------------------------------------------

def print_problems(config: Config, problems_dir: Path) -> None:
    from judge.problem import list_problem_ids, load_problem
    ids = list_problem_ids(problems_dir)
    if not ids:
        click.echo(f"no problems in {problems_dir}")
        return
    click.echo(f"{'id':<18} {'tests':>5}  {'time':>7} {'memory':>10}  {'checker':<10} title")
    for pid in ids:
        p = load_problem(problems_dir / pid, config.limits)
        rules = f" [forbids: {', '.join(p.rules.forbid_constructs)}]" if p.rules.forbid_constructs else ""
        click.echo(f"{p.id:<18} {len(p.tests):>5}  {format_duration(p.limits.time):>7} "
                   f"{format_size(p.limits.memory):>10}  {'interactor' if p.interactive else p.checker:<10} "
                   f"{p.display_title('en')}{rules}")
