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

from judge import __version__, i18n
from judge.config import Config
from judge.i18n import _, ngettext
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
        click.echo(_("judge: warning: portable sandbox, weaker than 'basic' (missing: {missing}, "
                     "and no namespaces; in force: {layers}); see docs/SECURITY.md").format(
                         missing=", ".join(lacking), layers=", ".join(result.isolation)), err=True)
        return
    missing = [layer for layer in STANDARD_LAYERS if layer not in result.isolation]
    if result.isolation and missing:
        from judge.sandbox.layers import namespace_advice
        advice = namespace_advice() if "fs-view" in missing else ""
        fields = {"missing": ", ".join(missing), "layers": ", ".join(result.isolation), "advice": advice}
        if advice:
            text = _("judge: warning: weaker isolation than 'standard' (missing: {missing}; "
                     "in force: {layers}); {advice}")
        else:
            text = _("judge: warning: weaker isolation than 'standard' (missing: {missing}; in force: {layers})")
        click.echo(text.format(**fields), err=True)


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


def _v(verdict: Verdict, color: bool, pad: bool = True) -> str:
    text = f"{verdict.value:<3}" if pad else verdict.value
    return click.style(text, fg=_COLORS[verdict], bold=True) if color else text


# -- check ------------------------------------------------------------------------------

def print_check(problem: Problem, result: SubmissionResult, verbose: bool, color: bool,
                timeline: bool = False) -> None:
    """The table `judge check` prints, in the active language (verdict codes stay codes)."""
    echo = click.echo
    title = problem.display_title(i18n.current())
    echo(f"{problem.id}: {title} — {result.submission}")
    echo(_("limits: {time} CPU, {memory}").format(time=format_duration(problem.limits.time),
                                                  memory=format_size(problem.limits.memory)))
    if any(t.verdict != Verdict.SK for t in result.tests):
        echo("")
        # Column headers: one word each, padded to the English widths (or wider).
        heads = (_("test"), _("verdict"), _("time"), _("memory"), _("note"))
        width = max(7, len(heads[1]))
        echo(f"  {heads[0]:<12} {heads[1]:<{width}} {heads[2]:>8} {heads[3]:>10}  {heads[4]}")
        for t in result.tests:
            note = t.message.splitlines()[0] if t.message else ""
            if t.runs > 1:
                runs = ngettext("runs: {n}", "runs: {n}", t.runs).format(n=t.runs)
                note = f"{note} ({runs})" if note else runs
            if len(note) > 100 and not verbose:
                note = note[:97] + "..."
            echo(f"  {t.name:<12} {_v(t.verdict, color)}{'':<{width - 3}} {format_duration(t.time):>8} "
                 f"{format_size(t.memory):>10}  {note}")
            if t.concurrency:
                echo(f"  {'':<12} {concurrency_line(t.concurrency)}")
            if timeline and t.timeline and (t.sample or t is _first_failed(result)):
                echo(_indent(_text_timeline(t.timeline), 4))
        for t in result.tests:
            if t.sample and t.diff and t.verdict != Verdict.AC:
                echo("")
                echo(f"{t.name}: {t.verdict.description}")
                echo(_indent(t.diff))
                break
    echo("")
    echo(_("verdict: {code} ({description})  score {score}/{max_score}").format(
        code=_v(result.verdict, color, pad=False), description=result.verdict.description,
        score=f"{result.score:g}", max_score=f"{result.max_score:g}"))
    if result.message and result.verdict != Verdict.AC:
        echo(_indent(result.message))
    for hint in result.hints:
        echo(_("hint: {hint}").format(hint=hint))


def concurrency_line(c: dict[str, Any]) -> str:
    """What a concurrency test showed, in one line: the lecture's vocabulary."""
    threads, processes = int(c["threads_started"]), int(c["processes_started"])
    parts = [ngettext("threads started {n} (peak {peak} at once)", "threads started {n} (peak {peak} at once)",
                      threads).format(n=threads, peak=c["peak_threads"]),
             ngettext("processes started {n}", "processes started {n}", processes).format(n=processes)]
    if c.get("tasks"):
        tasks = int(c["tasks"])
        parts.append(ngettext("asyncio tasks {n}", "asyncio tasks {n}", tasks).format(n=tasks))
    if "sequential" in c:
        parts.append(_("wall {wall} s vs sequential {sequential} s (limit {limit} s)").format(
            wall=f"{c['wall_time']:.2f}", sequential=f"{c['sequential']:.2f}", limit=f"{c['max_wall']:.2f}"))
    else:
        parts.append(_("wall {wall} s").format(wall=f"{c['wall_time']:.2f}"))
    if c.get("cpu_time") and c.get("wall_time"):
        parts.append(_("CPU/wall {ratio}").format(ratio=f"{c['cpu_time'] / c['wall_time']:.2f}"))
    if c.get("cores_wanted"):
        parts.append(_("cores busy {cores}").format(cores=f"{c['cores_wanted']:.2f}"))
    return "↳ " + ", ".join(parts)


def _first_failed(result: SubmissionResult) -> Any:
    return next((t for t in result.tests if t.verdict not in (Verdict.AC, Verdict.SK)), None)


def _text_timeline(data: dict[str, Any]) -> str:
    """A test's timeline for the terminal: box characters where the console can show them."""
    from judge.trace import Timeline, text_timeline
    encoding = (getattr(sys.stdout, "encoding", None) or "ascii").lower().replace("-", "")
    return text_timeline(Timeline.from_json(data), width=60, ascii=not encoding.startswith("utf"))


def _indent(text: str, width: int = 2) -> str:
    return "\n".join(" " * width + line for line in text.splitlines())


# -- grade ------------------------------------------------------------------------------

def grade_folder(config: Config, root: Path, problems_dir: Path, out_dir: Path,
                 formats: tuple[str, ...], workers: int, quiet: bool, isolation: str = "auto",
                 changed_since: str | None = None, use_cache: bool = True,
                 rerun: bool = False, cluster: str | None = None,
                 csv_bom: bool = False, cutoff: Any = None, times_csv: Path | None = None,
                 roster_path: Path | None = None) -> list[SubmissionResult]:
    """`cutoff` (judge.semester.plan.Cutoff): grade each file as committed by a time;
    `times_csv`: hand-in times from an LMS; `roster_path`: the LMS identifiers (else the
    config's `roster:`)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="judge-versions-") as snapshots:
        return _grade_folder(config, root, problems_dir, out_dir, formats, workers, quiet, isolation,
                             changed_since, use_cache, rerun, cluster, csv_bom,
                             _semester_plan(config, root, cutoff, times_csv, Path(snapshots)),
                             roster_path or config.roster)


def _semester_plan(config: Config, root: Path, cutoff: Any, times_csv: Path | None, snapshots: Path) -> Any:
    from judge.semester.plan import Cutoff, SemesterPlan
    from judge.semester.times import TimeSource
    return SemesterPlan(config.semester, TimeSource(root, times_csv), cutoff or Cutoff(), snapshots)


def _grade_folder(config: Config, root: Path, problems_dir: Path, out_dir: Path, formats: tuple[str, ...],
                  workers: int, quiet: bool, isolation: str, changed_since: str | None, use_cache: bool,
                  rerun: bool, cluster: str | None, csv_bom: bool, plan: Any,
                  roster_path: Path | None) -> list[SubmissionResult]:
    from judge import ci
    from judge.batch import Job
    from judge.grader import Submission
    from judge.problem import load_problem
    from judge.submission import find_submissions

    roster = None
    if roster_path is not None:  # read before any work: a broken roster stops here
        from judge.semester.roster import load_roster
        roster = load_roster(roster_path)
    found, _ignored = find_submissions(root, config.layout)
    if changed_since is not None:
        found = ci.only_changed(found, root, changed_since)
    found = plan.select(root, found)
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
        click.echo(_("judge: warning: no problem {name} in {folder}: its submissions are skipped").format(
            name=repr(name), folder=problems_dir), err=True)
    from judge.cache import ResultCache, cache_dir
    cache = ResultCache(cache_dir(config.cache_dir)) if use_cache else None
    try:
        results = _run_with_progress(config, jobs, workers, quiet, _("grading"), isolation, cache, rerun,
                                     cluster)
    finally:
        if cache is not None:
            cache.close()
    results = plan.assess(results)
    report = make_report(results)
    report.config = config  # html/similarity read their settings from it
    report.csv_bom = csv_bom
    report.roster = roster
    if use_cache:  # the attempts live in the cache database (--no-cache: neither read nor written)
        report.attempts = _record_attempts(config, results)
    written = write_reports(report, out_dir, formats)
    if not quiet:
        print_summary(results)
    n, reports = len(results), ", ".join(str(p) for p in written)
    if cache is not None and cache.hits:
        line = ngettext("{n} submission graded ({hits} unchanged, from the cache); reports: {reports}",
                        "{n} submissions graded ({hits} unchanged, from the cache); reports: {reports}", n)
    else:
        line = ngettext("{n} submission graded; reports: {reports}", "{n} submissions graded; reports: {reports}", n)
    click.echo(line.format(n=n, hits=cache.hits if cache is not None else 0, reports=reports))
    ci.publish(report, root, changed_since)
    return results


def _record_attempts(config: Config, results: list[SubmissionResult]) -> dict[tuple[str, str], list[Any]]:
    """Keep this grading's versions in the history; every attempt of the students graded."""
    from judge.cache import cache_dir
    from judge.semester.history import History, by_cell
    history = History(cache_dir(config.cache_dir))
    try:
        history.record(results)
        graded = {(r.student, r.problem) for r in results}
        return {cell: tries for cell, tries in by_cell(history.attempts()).items() if cell in graded}
    finally:
        history.close()


def _run_with_progress(config: Config, jobs: list[Any], workers: int, quiet: bool, label: str,
                       isolation: str = "auto", cache: Any = None, rerun: bool = False,
                       cluster: str | None = None) -> list[SubmissionResult]:
    """run_jobs under a progress bar (labelled, like the results, in the active language)."""
    from judge.batch import run_jobs
    from judge.sandbox.layers import plan_isolation
    plan_isolation(isolation)  # strict without the root layers: refuse before any work
    if quiet or not jobs:
        return run_jobs(config, jobs, workers, isolation=isolation, cache=cache, rerun=rerun,
                        cluster=cluster)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(stderr=True)
    from rich.markup import escape
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[last]}"), TimeElapsedColumn(), TextColumn(escape(_("ETA"))),
                  TimeRemainingColumn(), console=console, transient=not console.is_terminal) as progress:
        task = progress.add_task(escape(label), total=len(jobs), last="")

        def advance(job: Any, result: SubmissionResult) -> None:
            progress.update(task, advance=1, last=escape(f"{result.student}/{result.problem} {result.verdict.value}"))

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
    # For people, in the active language (the CSV report's headers are the English contract).
    table = Table(title=_("Results"), show_lines=False)
    table.add_column(escape(_("student")))
    for p in problems:
        table.add_column(escape(displayable(p)), justify="center")
    table.add_column(escape(_("total")), justify="right")
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
    """Run every solution in each problem's solutions/ and compare it with expected.yaml.

    The solutions are graded in the active language, like everything else (a verdict never
    depends on it: tests/test_acceptance.py validates in both). expected.yaml's `hint:` is
    matched against every language's text of the hints given, so one English substring
    serves all; `message:` is a plain substring (the same in every language: a name from the
    program's output) or a {ru: ..., en: ...} mapping for a sentence of the judge's own."""
    from judge.batch import Job
    from judge.grader import Submission
    from judge.problem import list_problem_ids, load_problem, resolve_problem

    paths = [resolve_problem(n, problems_dir) for n in names] if names else \
        [problems_dir / p for p in list_problem_ids(problems_dir)]
    if not paths:
        from judge.errors import UsageError
        raise UsageError(_("{folder}: no problems found").format(folder=problems_dir))
    jobs: list[Job] = []
    expectations = []
    for path in paths:
        problem = load_problem(path, config.limits)
        expected = problem.expected_solutions()
        if not expected:
            click.echo(_("{problem}: warning: no solutions/ to validate").format(problem=problem.id), err=True)
        for exp in expected:
            rel = f"{exp.solution.parent.name}/{exp.solution.name}"
            # A wrong solution's verdict is decided by its first failed test; the rest only
            # matter when expected.yaml checks its score or hints.
            stop = not all_tests and exp.score is None and exp.hint is None
            jobs.append(Job(problem, Submission(exp.solution, "validate", problem.id, f"{problem.id}/solutions/{rel}",
                                                stop_at_first_failure=stop)))
            expectations.append(exp)
    results = _run_with_progress(config, jobs, workers, quiet, _("validating"), isolation)
    if json_path is not None:
        write_json(make_report(results), json_path)
    all_ok = True
    ok_mark, fail_mark = _("ok"), _("FAIL")
    width = max(4, len(ok_mark), len(fail_mark))
    by_id = {job.problem.id: job.problem for job in jobs}
    mismatches = [_mismatches(exp, result, by_id[result.problem]) for exp, result in zip(expectations, results)]
    for exp, result, problems_ok in zip(expectations, results, mismatches):
        mark = f"{ok_mark if not problems_ok else fail_mark:<{width}}"
        all_ok &= not problems_ok
        detail = f" — {'; '.join(problems_ok)}" if problems_ok else ""
        click.echo(_("{mark} {submission}: expected {expected}, got {got} ({score}/{max_score}){detail}").format(
            mark=mark, submission=result.submission, expected=exp.verdict.value, got=result.verdict.value,
            score=f"{result.score:g}", max_score=f"{result.max_score:g}", detail=detail))
    total = len(results)
    failed = sum(1 for m in mismatches if m)
    click.echo(ngettext("{ok} of {total} solution got its expected verdict",
                        "{ok} of {total} solutions got their expected verdict", total).format(
                            ok=total - failed, total=total))
    return all_ok


def _hint_texts(problem: Problem, result: SubmissionResult) -> set[str]:
    """Every language's text of each hint `result` was given: the problem's own hints (found
    by their text in the language graded in) and the judge's (by id)."""
    from judge import hints as hintlib
    given = set(result.hints)
    texts = set(given)
    for hint in problem.hints:
        versions = set(hint.texts.values())
        if versions & given:
            texts |= versions
    for hint in hintlib.HINTS:
        if hint.id in result.hint_ids:
            for lang in i18n.LANGUAGES:
                with i18n.using(lang):
                    texts.add(hint.text)
    return texts


def _mismatches(exp: Any, result: SubmissionResult, problem: Problem) -> list[str]:
    """What differs from expected.yaml, one phrase each, in the active language."""
    bad = []
    if result.verdict != exp.verdict:
        bad.append(_("message: {message}").format(
            message=result.message.splitlines()[0] if result.message else ""))
    if exp.score is not None and abs(result.score - exp.score) > 1e-6:
        bad.append(_("score {score}, expected {expected}").format(score=f"{result.score:g}",
                                                                  expected=f"{exp.score:g}"))
    if exp.hint_id is not None and exp.hint_id not in result.hint_ids:
        bad.append(_("hint {hint} not given (got {given})").format(hint=repr(exp.hint_id),
                                                                   given=result.hint_ids))
    if exp.hint is not None and not any(exp.hint in h for h in _hint_texts(problem, result)):
        bad.append(_("no hint containing {text}").format(text=repr(exp.hint)))
    expected_message = exp.message  # in the language graded in (a plain one serves all)
    if expected_message is not None and expected_message not in result.message:
        bad.append(_("message lacks {text}").format(text=repr(expected_message)))
    return bad


# -- problems ---------------------------------------------------------------------------

def print_problems(config: Config, problems_dir: Path) -> None:
    from judge.problem import list_problem_ids, load_problem
    ids = list_problem_ids(problems_dir)
    if not ids:
        click.echo(_("no problems in {folder}").format(folder=problems_dir))
        return
    heads = (_("id"), _("tests"), _("time"), _("memory"), _("checker"), _("title"))
    w_tests, w_checker = max(5, len(heads[1])), max(10, len(heads[4]))
    click.echo(f"{heads[0]:<18} {heads[1]:>{w_tests}}  {heads[2]:>7} {heads[3]:>10}  {heads[4]:<{w_checker}} {heads[5]}")
    for pid in ids:
        p = load_problem(problems_dir / pid, config.limits)
        rules = " " + _("[forbids: {constructs}]").format(constructs=", ".join(p.rules.forbid_constructs)) \
            if p.rules.forbid_constructs else ""
        click.echo(f"{p.id:<18} {len(p.tests):>{w_tests}}  {format_duration(p.limits.time):>7} "
                   f"{format_size(p.limits.memory):>10}  {'interactor' if p.interactive else p.checker:<{w_checker}} "
                   f"{p.display_title(i18n.current())}{rules}")


def print_history(config: Config, student: str | None, problem: str | None, as_json: bool) -> int:
    """`judge history`: 0 when some attempt was found, 1 when none."""
    import dataclasses
    import json

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from judge.cache import cache_dir
    from judge.semester.history import History

    folder = cache_dir(config.cache_dir)
    if not (folder / "results.sqlite").is_file():
        click.echo(_("no history yet: {folder} holds no graded work (judge grade keeps it there)").format(
            folder=folder), err=True)
        return 1
    store = History(folder)
    try:
        attempts = store.attempts(student, problem)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(a) for a in attempts], ensure_ascii=False, indent=1))
        return 0 if attempts else 1
    if not attempts:
        click.echo(_("no graded attempt found"), err=True)
        return 1
    table = Table(title=_("Attempts"))
    for header in (_("student"), _("problem"), _("handed in"), _("graded"), _("content"), _("verdict"),
                   _("score"), _("penalty")):
        table.add_column(header)
    for a in attempts:
        table.add_row(escape(a.student), escape(a.problem), a.submitted_at or "—", a.graded_at,
                      a.sha256[:10] + (f" @{a.commit[:8]}" if a.commit else ""), a.verdict,
                      f"{_num(a.score)}/{_num(a.max_score)}", f"{round(a.penalty * 100)} %" if a.penalty else "")
    Console().print(table)
    return 0


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"
