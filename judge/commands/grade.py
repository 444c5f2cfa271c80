"""`judge grade`: find the submissions, grade them (cached, in parallel, with a progress bar), apply the semester's deadlines, write the reports, print the summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from judge.commands.report import VERDICT_COLORS, make_report
from judge.core.config import Config
from judge.core.i18n import _, ngettext
from judge.core.numbers import decimal
from judge.core.results import SubmissionResult
from judge.reports import remove_stale, write_reports

if TYPE_CHECKING:
    from judge.batch.cache import ResultCache
    from judge.batch.job import Job
    from judge.batch.semester_plan import Cutoff, SemesterPlan
    from judge.semester.history import Attempt
    from judge.semester.roster import Roster


def grade_folder(
    config: Config,
    root: Path,
    problems_dir: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    workers: int,
    quiet: bool,
    isolation: str = "auto",
    changed_since: str | None = None,
    use_cache: bool = True,
    rerun: bool = False,
    cluster: str | None = None,
    csv_bom: bool = False,
    cutoff: Cutoff | None = None,
    times_csv: Path | None = None,
    roster_path: Path | None = None,
    allow_partial_roster: bool = False,
) -> list[SubmissionResult]:
    """`cutoff` (judge.batch.semester_plan.Cutoff): grade each file as committed by a time;
    `times_csv`: hand-in times from an LMS; `roster_path`: the LMS identifiers (else the
    config's `roster:`); `allow_partial_roster`: roster rows an LMS cannot match are
    warnings (and left out of its gradebook), not an error."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="judge-versions-") as snapshots:
        return _grade_folder(
            config,
            root,
            problems_dir,
            out_dir,
            formats,
            workers,
            quiet,
            isolation,
            changed_since,
            use_cache,
            rerun,
            cluster,
            csv_bom,
            _semester_plan(config, root, cutoff, times_csv, Path(snapshots)),
            roster_path or config.roster,
            allow_partial_roster,
        )


def _semester_plan(
    config: Config, root: Path, cutoff: Cutoff | None, times_csv: Path | None, snapshots: Path
) -> SemesterPlan:
    from judge.batch.semester_plan import Cutoff, SemesterPlan
    from judge.semester.times import TimeSource

    return SemesterPlan(config.semester, TimeSource(root, times_csv), cutoff or Cutoff(), snapshots)


def _grade_folder(
    config: Config,
    root: Path,
    problems_dir: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    workers: int,
    quiet: bool,
    isolation: str,
    changed_since: str | None,
    use_cache: bool,
    rerun: bool,
    cluster: str | None,
    csv_bom: bool,
    plan: SemesterPlan,
    roster_path: Path | None,
    allow_partial_roster: bool = False,
) -> list[SubmissionResult]:
    from judge.batch import ci
    from judge.batch.assign import assign, broken_results, misplaced_warning, warn
    from judge.batch.discover import find_submissions, misplaced, outside, student_folders

    roster = _read_roster(config, roster_path, formats, allow_partial_roster)  # before any work
    found, ignored = find_submissions(root, config.layout)
    own = (out_dir, problems_dir)  # the judge's own folders, should they be inside the class's
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
    results, hits = _grade_jobs(config, assignment.jobs, workers, quiet, isolation, use_cache, rerun, cluster)
    results = plan.assess(results + broken_results(config, assignment))
    report = make_report(
        results,
        config=config,  # html/similarity read their settings from it
        csv_bom=csv_bom,
        roster=roster,
        students=sorted(students),
        attempts=_record_attempts(config, results),  # the history is data: every grading adds to it
    )
    written = write_reports(report, out_dir, formats)
    stale = remove_stale(out_dir, formats)  # an older run's report.html must not pass for this one's
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
    if not quiet:
        print_summary(results, report.all_students())
    n, reports = len(results), ", ".join(str(p) for p in written)
    if hits:
        line = ngettext(
            "{n} submission graded ({hits} unchanged, from the cache); reports: {reports}",
            "{n} submissions graded ({hits} unchanged, from the cache); reports: {reports}",
            n,
        )
    else:
        line = ngettext("{n} submission graded; reports: {reports}", "{n} submissions graded; reports: {reports}", n)
    click.echo(line.format(n=n, hits=hits, reports=reports))
    ci.publish(report, root, changed_since)
    return results


def _read_roster(
    config: Config, roster_path: Path | None, formats: tuple[str, ...], allow_partial: bool
) -> Roster | None:
    """The roster, checked for the gradebooks asked for: a broken one stops before any work."""
    if roster_path is None:
        return None
    from judge.semester.roster import load_roster, vet

    roster = load_roster(roster_path)
    # Rows the LMS gradebooks asked for cannot match: an error, or warnings (the writers then
    # leave those rows out): never a gradebook an LMS refuses or misfiles.
    vet(roster, formats, config.moodle_identifier, partial=allow_partial)
    return roster


def _grade_jobs(
    config: Config,
    jobs: list[Job],
    workers: int,
    quiet: bool,
    isolation: str,
    use_cache: bool,
    rerun: bool,
    cluster: str | None,
) -> tuple[list[SubmissionResult], int]:
    """The jobs graded through the result cache (unless --no-cache): (results, cache hits)."""
    from judge.batch.cache import ResultCache
    from judge.core.paths import results_cache_dir

    cache = ResultCache(results_cache_dir(config.cache_dir)) if use_cache else None
    if cache is not None and cache.judge_changed:
        click.echo(
            _("judge: the judge's code changed since the cache was filled: every submission is graded again"), err=True
        )
    try:
        results = run_with_progress(config, jobs, workers, quiet, _("grading"), isolation, cache, rerun, cluster)
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
    config: Config,
    jobs: list[Job],
    workers: int,
    quiet: bool,
    label: str,
    isolation: str = "auto",
    cache: ResultCache | None = None,
    rerun: bool = False,
    cluster: str | None = None,
) -> list[SubmissionResult]:
    """run_jobs under a progress bar (labelled, like the results, in the active language)."""
    from judge.batch.jobs import run_jobs
    from judge.sandbox.layers import plan_isolation

    plan_isolation(isolation)  # strict without the root layers: refuse before any work
    if quiet or not jobs:
        return run_jobs(config, jobs, workers, isolation=isolation, cache=cache, rerun=rerun, cluster=cluster)
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

        return run_jobs(
            config, jobs, workers, on_result=advance, isolation=isolation, cache=cache, rerun=rerun, cluster=cluster
        )


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
