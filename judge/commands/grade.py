"""`judge grade`: find the submissions, grade them (cached, in parallel, with a progress bar), apply the semester's deadlines, write the reports, print the summary."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from judge.commands.helptext import JudgeCommand
from judge.commands.options import (
    CliState,
    csv_option,
    isolation_option,
    jobs_option,
    lang_option,
    moment,
    path_option,
    problems_dir_option,
    start_method_option,
    usage,
    worker_count,
    zygote_option,
)
from judge.core.config import Config
from judge.core.exits import EXIT_OK, EXIT_REJECTED
from judge.core.formats import REPORT_FORMATS
from judge.core.i18n import _, ngettext
from judge.core.numbers import decimal

if TYPE_CHECKING:
    from judge.batch.cache import ResultCache
    from judge.batch.job import Job
    from judge.batch.options import BatchOptions, ReportOptions, SemesterOptions
    from judge.batch.semester_plan import SemesterPlan
    from judge.core.results import SubmissionResult
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

    from judge.batch.options import SemesterOptions

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
    from judge.commands.report import make_report
    from judge.reports import remove_stale, write_reports

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

    from judge.commands.report import VERDICT_COLORS
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


# -- the command ------------------------------------------------------------------------


@click.command("grade", cls=JudgeCommand)
@click.argument("submissions_dir", required=False, type=click.Path(path_type=Path))
@problems_dir_option
@path_option("--out", "out_dir", "Where reports go (default: config reports.out, else ./reports).")
@jobs_option
@click.option(
    "--format",
    "formats",
    default=None,
    metavar="LIST",
    # The list comes from the formats' registry (a new format shows here by itself; its help
    # text is then a new message, and tests/test_catalog.py asks for its Russian line).
    help=f"Report formats, comma-separated: {', '.join(REPORT_FORMATS)} (default: from config).",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any submission is not accepted.")
@click.option(
    "--changed-since",
    default=None,
    metavar="REV",
    help="Grade only the submissions changed by HEAD since it forked from REV "
    "(git diff REV...HEAD, as a pull request); deleted files are ignored.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary table.")
@isolation_option
@zygote_option
@start_method_option
@click.option("--rerun", is_flag=True, help="Grade everything again, ignoring the result cache.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option(
    "--csv-bom",
    is_flag=True,
    help="Start grades.csv and similarity.csv with a UTF-8 BOM (Excel on Windows reads "
    "UTF-8 without one as the local code page, breaking Cyrillic names).",
)
@click.option(
    "--cluster",
    default=None,
    metavar="tcp://HOST:8786",
    help="Spread the work over a Dask cluster (pip install 'judge[cluster]').",
)
@click.option(
    "--at-deadline",
    is_flag=True,
    help="Grade each file as committed by its student's deadline (config deadlines: and "
    "extensions:); the submissions folder must be in a git repository.",
)
@click.option(
    "--as-of",
    default=None,
    metavar="TIME",
    help="Grade each file as committed by TIME (ISO 8601 with offset, e.g. 2026-12-20T23:59+03:00).",
)
@csv_option(
    "--times",
    "times_csv",
    "Hand-in times from an LMS: a CSV student,problem,submitted_at (else git commit times, else file times).",
)
@csv_option(
    "--roster",
    "roster_path",
    "Students' LMS identifiers for --format moodle/canvas: a CSV student,email,id,name (default: config roster:).",
)
@click.option(
    "--allow-partial-roster",
    is_flag=True,
    help="Roster rows the LMS cannot match (a blank or shared identifier, a student listed twice) "
    "are warnings, not an error: moodle.csv leaves them out (listed in moodle-unmatched.csv).",
)
@lang_option
@click.pass_obj
def grade_command(
    state: CliState,
    submissions_dir: Path | None,
    problems_dir: Path | None,
    out_dir: Path | None,
    jobs: str | None,
    formats: str | None,
    strict: bool,
    changed_since: str | None,
    quiet: bool,
    isolation: str | None,
    no_zygote: bool,
    rerun: bool,
    no_cache: bool,
    csv_bom: bool,
    cluster: str | None,
    start_method: str | None,
    at_deadline: bool,
    as_of: str | None,
    times_csv: Path | None,
    roster_path: Path | None,
    allow_partial_roster: bool,
) -> None:
    """Grade every submission in SUBMISSIONS_DIR (layout <student>/<problem>.py) and write reports.

    With deadlines in config.yaml, each result also says when it was handed in (--times, else
    the last git commit of the file, else its modification time), how late, and the penalty."""
    from judge.batch.options import BatchOptions, ReportOptions, SemesterOptions
    from judge.batch.semester_plan import Cutoff
    from judge.reports import REGISTRY

    config = state.config_for(no_zygote, start_method)
    root = submissions_dir if submissions_dir is not None else config.submissions_dir
    fmt = tuple(f.strip() for f in formats.split(",") if f.strip()) if formats else config.formats
    for f in fmt:
        if f not in REGISTRY:
            raise usage(
                _("--format: unknown format {format} (expected some of {formats})").format(
                    format=repr(f), formats=", ".join(REGISTRY)
                )
            )
    count = worker_count(jobs, config.jobs)
    out = out_dir if out_dir is not None else config.out_dir
    if at_deadline and as_of is not None:
        raise usage(_("--at-deadline and --as-of: choose one"))
    cutoff = Cutoff(at_deadline=at_deadline, as_of=moment("--as-of", as_of))
    from judge.batch.ci import gradescope_guard
    from judge.commands.doctor import checkup_before_grading

    with gradescope_guard(out, fmt):  # Gradescope gets its results.json even if grading crashes
        # A roster the LMS gradebooks cannot use stops the checkup, before its warnings (with
        # --allow-partial-roster, grading warns about its rows instead).
        lms = None if allow_partial_roster else fmt
        checkup_before_grading(config, root, state.problems_dir(problems_dir), times_csv, roster_path, strict, lms)
        results = grade_folder(
            config,
            root,
            state.problems_dir(problems_dir),
            BatchOptions(
                workers=count,
                isolation=state.isolation(isolation),
                quiet=quiet,
                use_cache=not no_cache,
                rerun=rerun,
                cluster=cluster,
                changed_since=changed_since,
            ),
            ReportOptions(
                out_dir=out,
                formats=fmt,
                csv_bom=csv_bom,
                roster_path=roster_path,
                allow_partial_roster=allow_partial_roster,
            ),
            SemesterOptions(cutoff=cutoff, times_csv=times_csv),
        )
    rejected = any(r.verdict.value != "AC" for r in results)
    sys.exit(EXIT_REJECTED if strict and rejected else EXIT_OK)
