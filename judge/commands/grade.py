"""`judge grade`: find the submissions, grade them (cached, in parallel, with a progress bar), apply the semester's deadlines, write the reports, print the summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from judge.batch.options import BatchOptions, ReportOptions, SemesterOptions
from judge.commands.report import VERDICT_COLORS, make_report
from judge.core.config import Config
from judge.core.i18n import _, ngettext
from judge.core.numbers import decimal
from judge.core.results import SubmissionResult
from judge.reports import remove_stale, write_reports

if TYPE_CHECKING:
    from judge.batch.cache import ResultCache
    from judge.batch.job import Job
    from judge.batch.semester_plan import SemesterPlan
    from judge.semester.history import Attempt
    from judge.semester.roster import Roster


def grade_folder(
    config: Config,
    root: Path,
    problems_dir: Path,
    batch: BatchOptions,
    reports: ReportOptions,
    semester: SemesterOptions | None = None,
) -> list[SubmissionResult]:
    """Grade the class folder `root` against `problems_dir` and write the reports: the
    settings of the batch, of the reports and of the semester each as one value (built by
    the command from its options and config.yaml)."""
    import tempfile

    semester = semester or SemesterOptions()
    with tempfile.TemporaryDirectory(prefix="judge-versions-") as snapshots:
        plan = _semester_plan(config, root, semester, Path(snapshots))
        return _grade_folder(config, root, problems_dir, batch, reports, plan)


def _semester_plan(config: Config, root: Path, semester: SemesterOptions, snapshots: Path) -> SemesterPlan:
    from judge.batch.semester_plan import Cutoff, SemesterPlan
    from judge.semester.times import TimeSource

    return SemesterPlan(config.semester, TimeSource(root, semester.times_csv), semester.cutoff or Cutoff(), snapshots)


def _grade_folder(
    config: Config,
    root: Path,
    problems_dir: Path,
    batch: BatchOptions,
    reports: ReportOptions,
    plan: SemesterPlan,
) -> list[SubmissionResult]:
    from judge.batch import ci
    from judge.batch.assign import assign, broken_results, misplaced_warning, warn
    from judge.batch.discover import find_submissions, misplaced, outside, student_folders

    formats, changed_since = reports.formats, batch.changed_since
    roster = _read_roster(config, reports, formats)  # before any work
    found, ignored = find_submissions(root, config.layout)
    own = (reports.out_dir, problems_dir)  # the judge's own folders, should they be inside the class's
    found = outside(found, own)
    if changed_since is not None:
        found = ci.only_changed(found, root, changed_since)
        students = {f.student for f in found}  # a pull request's gradebook: who changed something
    else:  # every student folder has a row, even one whose only file is misnamed
        students = {f.student for f in found} | set(student_folders(root, config.layout, own))
        stray = misplaced_warning(misplaced(root, ignored, sorted(students)), config.layout)
        if stray:
            click.echo(stray, err=True)
    found = plan.select(root, found)
    assignment = assign(config, found, problems_dir)
    warn(assignment, root, problems_dir)
    results, hits = _grade_jobs(config, assignment.jobs, batch)
    results = plan.assess(results + broken_results(config, assignment))
    report = make_report(
        results,
        config=config,  # html/similarity read their settings from it
        csv_bom=reports.csv_bom,
        roster=roster,
        students=sorted(students),
        attempts=_record_attempts(config, results),  # the history is data: every grading adds to it
    )
    written = write_reports(report, reports.out_dir, formats)
    stale = remove_stale(reports.out_dir, formats)  # an older run's report.html must not pass for this one's
    if stale:
        click.echo(
            # One file or several, not a plural form: the number is not said (Russian's "one"
            # form is also 21's, «удалён» over 21 files).
            _("judge: removed {file}: written by an earlier run, not asked for this time").format(file=stale[0])
            if len(stale) == 1
            else _("judge: removed {files}: written by an earlier run, not asked for this time").format(
                files=", ".join(str(p) for p in stale)
            ),
            err=True,
        )
    if not batch.quiet:
        print_summary(results, report.all_students())
    n, files = len(results), ", ".join(str(p) for p in written)
    if hits:
        line = ngettext(
            "{n} submission graded ({hits} unchanged, from the cache); reports: {reports}",
            "{n} submissions graded ({hits} unchanged, from the cache); reports: {reports}",
            n,
        )
    else:
        line = ngettext("{n} submission graded; reports: {reports}", "{n} submissions graded; reports: {reports}", n)
    click.echo(line.format(n=n, hits=hits, reports=files))
    ci.publish(report, root, changed_since)
    return results


def _read_roster(config: Config, reports: ReportOptions, formats: tuple[str, ...]) -> Roster | None:
    """The roster (--roster, else config.yaml's), checked for the gradebooks asked for: a
    broken one stops before any work."""
    roster_path = reports.roster_path or config.roster
    if roster_path is None:
        return None
    from judge.semester.roster import load_roster, vet

    roster = load_roster(roster_path)
    # Rows the LMS gradebooks asked for cannot match: an error, or warnings (the writers then
    # leave those rows out): never a gradebook an LMS refuses or misfiles.
    vet(roster, formats, config.moodle_identifier, partial=reports.allow_partial_roster)
    return roster


def _grade_jobs(config: Config, jobs: list[Job], batch: BatchOptions) -> tuple[list[SubmissionResult], int]:
    """The jobs graded through the result cache (unless --no-cache): (results, cache hits)."""
    from judge.batch.cache import ResultCache
    from judge.core.paths import results_cache_dir

    cache = ResultCache(results_cache_dir(config.cache_dir)) if batch.use_cache else None
    if cache is not None and cache.judge_changed:
        click.echo(
            _("judge: the judge's code changed since the cache was filled: every submission is graded again"), err=True
        )
    try:
        results = run_with_progress(config, jobs, batch, _("grading"), cache)
    finally:
        if cache is not None:
            cache.close()
    return results, cache.hits if cache is not None else 0


def _record_attempts(config: Config, results: list[SubmissionResult]) -> dict[tuple[str, str], list[Attempt]]:
    """Keep this grading's versions in the history; every attempt of the students graded."""
    from judge.core.paths import results_cache_dir
    from judge.semester.history import History, by_cell, history_path

    history = History(history_path(config.history, config.path), legacy_cache=results_cache_dir(config.cache_dir))
    try:
        history.record(results)
        graded = {(r.student, r.problem) for r in results}
        return {cell: tries for cell, tries in by_cell(history.attempts()).items() if cell in graded}
    finally:
        history.close()


def run_with_progress(
    config: Config, jobs: list[Job], batch: BatchOptions, label: str, cache: ResultCache | None = None
) -> list[SubmissionResult]:
    """run_jobs under a progress bar (labelled, like the results, in the active language)."""
    from judge.batch.jobs import run_jobs
    from judge.sandbox.layers import plan_isolation

    plan_isolation(batch.isolation)  # strict without the root layers: refuse before any work
    if batch.quiet or not jobs:
        return run_jobs(config, jobs, batch, cache=cache)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    from rich.markup import escape

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"),
        TimeElapsedColumn(),
        TextColumn(escape(_("ETA"))),
        TimeRemainingColumn(),
        console=console,
        transient=not console.is_terminal,
    ) as progress:
        task = progress.add_task(escape(label), total=len(jobs), last="")

        def advance(job: Job, result: SubmissionResult) -> None:
            progress.update(task, advance=1, last=escape(f"{result.student}/{result.problem} {result.verdict.value}"))

        return run_jobs(config, jobs, batch, on_result=advance, cache=cache)


def print_summary(results: list[SubmissionResult], students: list[str] | None = None) -> None:
    """The class table; `students`: every row to show (a student with no result too)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from judge.core.console import displayable

    problems = sorted({r.problem for r in results}, key=lambda p: (0, int(p)) if p.isdigit() else (1, p))
    students = sorted({r.student for r in results} | set(students or []))
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
            color = VERDICT_COLORS[r.verdict]
            row.append(f"[{color}]{r.verdict.value}[/{color}] {decimal(r.score)}")
        row.append(decimal(total))
        table.add_row(*row)
    Console().print(table)
