"""Command line: parse, call, print, exit code. Nothing else lives here.

Exit codes (a contract): check 0 accepted / 1 not; grade 0 finished (--strict: 1 if any
submission is not accepted); validate 0 all as expected / 1 not; 2 usage or data error;
3 internal error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from judge import __version__
from judge.commands.helptext import JudgeGroup
from judge.core.config import ISOLATION_LEVELS, START_METHODS
from judge.core.errors import JudgeError
from judge.core.exits import EXIT_INTERNAL, EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from judge.core.formats import REPORT_FORMATS
from judge.core.i18n import LANGUAGES, _
from judge.importers import REGISTRY as IMPORTERS

isolation_option = click.option(
    "--isolation",
    type=click.Choice(list(ISOLATION_LEVELS)),
    default=None,
    help="Sandbox layers: auto = the strongest available (portable off Linux); strict = refuse to "
    "run without the root layers (cgroup, unprivileged uid, no network, own pid namespace); "
    "standard = namespaces where available; basic = rlimits, session, subreaper, polling only; "
    "portable = subprocess and psutil polling only (macOS, Windows). Default: config.yaml.",
)


zygote_option = click.option(
    "--no-zygote",
    is_flag=True,
    help="Start a fresh interpreter for every Python run instead of forking a warm one "
    "(slower; same verdicts). Default: config.yaml grading.zygote.",
)


start_method_option = click.option(
    "--start-method",
    type=click.Choice(list(START_METHODS)),
    default=None,
    help="multiprocessing's start method for the solutions (a problem's own runtime.start_method "
    "wins). Default: config.yaml grading.start_method, else the interpreter's default.",
)


# Every command that reads problems takes the same option (one definition, one help text).
problems_dir_option = click.option(
    "--problems-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of problems (default: from config.yaml, else ./problems).",
)


def csv_option(flag: str, dest: str, help: str) -> Any:
    """A CSV file the command reads (--times, --roster): one shape on every command."""
    return click.option(flag, dest, type=click.Path(path_type=Path), default=None, metavar="CSV", help=help)


def _set_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--lang wins over everything, wherever it is given (before or after the command)."""
    if value is not None:
        from judge.core import i18n

        i18n.activate(value)
        ctx.meta["judge.lang_given"] = True
        state = ctx.find_object(_State)
        if state is not None:
            state.language_fixed = True
    return value


def lang_option(fn: Any) -> Any:
    return click.option(
        "--lang",
        type=click.Choice(list(LANGUAGES)),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_set_language,
        help="Language of everything the judge says (default: $JUDGE_LANG, else config.yaml "
        "language, else the locale, else English).",
    )(fn)


class _State:
    def __init__(self, config_path: Path | None) -> None:
        self.config_path = config_path
        self._config: Any = None
        # True once --lang or $JUDGE_LANG chose the language: config.yaml must not change it.
        self.language_fixed = False

    @property
    def config(self) -> Any:
        if self._config is None:
            from judge.core.config import find_config, load_config

            self._config = load_config(find_config(self.config_path))
            if self._config.language and not self.language_fixed:
                from judge.core import i18n

                i18n.activate(self._config.language)
        return self._config

    def config_for(self, no_zygote: bool, start_method: str | None = None) -> Any:
        from dataclasses import replace

        config = replace(self.config, zygote=False) if no_zygote else self.config
        return replace(config, start_method=start_method) if start_method else config

    def problems_dir(self, override: Path | None) -> Path:
        return override if override is not None else self.config.problems_dir

    def isolation(self, override: str | None) -> str:
        return override if override is not None else self.config.isolation


# JudgeGroup: every command's --help in the chosen language (judge/commands/helptext.py).
@click.group(cls=JudgeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="judge")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    default=None,
    help="config.yaml to use (default: $JUDGE_CONFIG, else ./config.yaml, else built-in defaults).",
)
@lang_option
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """judge: run Python solutions in a sandbox under limits, check them, write graded reports.

    \b
    Students:  judge check 3504 leap.py
    Teachers:  judge grade submissions/
    Problems:  judge validate          (every reference and wrong solution gets its verdict)
    Students' copy:  judge export-student problems/ student-problems/
    """
    from judge.core import i18n

    state = _State(config_path)
    if ctx.meta.get("judge.lang_given"):  # --lang before the command: already active
        state.language_fixed = True
    else:
        # $JUDGE_LANG, else the locale; config.yaml may still say otherwise when it loads.
        state.language_fixed = i18n.explicit(None) is not None
        i18n.activate(i18n.choose(None))
    ctx.obj = state


# -- check ------------------------------------------------------------------------------


@cli.command()
@click.argument("problem", required=False)
@click.argument("solution", required=False, type=click.Path(path_type=Path))
@problems_dir_option
@click.option(
    "--json",
    "json_out",
    default=None,
    metavar="PATH|-",
    help="Also write the JSON report to PATH ('-' prints it instead of the table).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show stderr of failing sample tests and every test's message.")
@click.option(
    "--trace",
    "trace_dir",
    type=click.Path(path_type=Path),
    default=None,
    metavar="DIR",
    help="Write each test's timeline of threads, processes, tasks and locks to DIR as "
    "Trace Event JSON (open it in Perfetto or chrome://tracing).",
)
@click.option(
    "--timeline",
    is_flag=True,
    help="Print a text timeline of the threads, processes and tasks under the sample tests and the first failed test.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Check again every time SOLUTION is saved; Ctrl-C stops (exit code of the last check).",
)
@click.option(
    "--schedule",
    type=click.IntRange(min=1),
    default=None,
    metavar="SEED",
    help="Replay the controlled schedule SEED that a report named: every test runs once, its "
    "threads interleaved exactly as then (problems with runtime.schedules).",
)
@isolation_option
@zygote_option
@start_method_option
@lang_option
@click.pass_obj
def check(
    state: _State,
    problem: str | None,
    solution: Path | None,
    problems_dir: Path | None,
    json_out: str | None,
    verbose: bool,
    trace_dir: Path | None,
    timeline: bool,
    watch: bool,
    schedule: int | None,
    isolation: str | None,
    no_zygote: bool,
    start_method: str | None,
) -> None:
    """Judge one SOLUTION file against PROBLEM (a folder name or a path).

    \b
    judge check 3504 leap.py
    judge check 3504_leap.py          (PROBLEM from the file name: 3504.py, 3504_leap.py, ...)
    judge check 3504 leap.py --watch  (again on every save)
    judge check threads-lock bank.py --schedule 3   (replay controlled schedule 3)

    Exit 0 if accepted, 1 if not, 3 if the verdict is IE (the judge failed, not the student)."""
    from judge.problem import resolve_problem

    if problem is None:
        raise _usage(_("check: give the SOLUTION file (and, if its name does not say it, the PROBLEM)"))
    folder = state.problems_dir(problems_dir)
    if solution is None:  # one argument: the solution, its problem from its name
        from judge.problem.infer import infer_problem

        solution = Path(problem)
        if not solution.exists():
            raise _usage(_("{file}: no such file").format(file=solution))
        problem = infer_problem(solution, folder)
    config = state.config_for(no_zygote, start_method)
    path = resolve_problem(problem, folder)
    if not solution.exists():
        raise _usage(_("{file}: no such file").format(file=solution))
    from judge.commands.check_run import CheckOutput, CheckRunner

    output = CheckOutput(verbose=verbose, json_out=json_out, trace_dir=trace_dir, timeline=timeline)
    runner = CheckRunner(config, state.isolation(isolation), path, solution, output, schedule)
    if not watch:
        sys.exit(runner.run())
    from judge.commands.watch import watch as watch_loop

    try:
        code = watch_loop(solution, runner.run_watched, runner.waiting)
    finally:
        runner.close()
    sys.exit(code)


# -- show -------------------------------------------------------------------------------


@cli.command()
@click.argument("problem")
@problems_dir_option
@click.option("--raw", is_flag=True, help="Print the Markdown instead of rendering it.")
@lang_option
@click.pass_obj
def show(state: _State, problem: str, problems_dir: Path | None, raw: bool) -> None:
    """Print PROBLEM's statement in the chosen language, with its limits, rules and samples."""
    from judge.commands.show import print_statement
    from judge.problem import load_problem, resolve_problem

    path = resolve_problem(problem, state.problems_dir(problems_dir))
    print_statement(load_problem(path, state.config.limits), raw=raw)
    sys.exit(EXIT_OK)


# -- grade ------------------------------------------------------------------------------


@cli.command()
@click.argument("submissions_dir", required=False, type=click.Path(path_type=Path))
@problems_dir_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where reports go (default: config reports.out, else ./reports).",
)
@click.option("-j", "--jobs", default=None, metavar="N|auto", help="Parallel workers (default: usable cores).")
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
def grade(
    state: _State,
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
    from judge.batch.jobs import resolve_jobs
    from judge.batch.options import BatchOptions, ReportOptions, SemesterOptions
    from judge.batch.semester_plan import Cutoff
    from judge.commands.grade import grade_folder
    from judge.reports import REGISTRY

    config = state.config_for(no_zygote, start_method)
    root = submissions_dir if submissions_dir is not None else config.submissions_dir
    fmt = tuple(f.strip() for f in formats.split(",") if f.strip()) if formats else config.formats
    for f in fmt:
        if f not in REGISTRY:
            raise _usage(
                _("--format: unknown format {format} (expected some of {formats})").format(
                    format=repr(f), formats=", ".join(REGISTRY)
                )
            )
    workers = resolve_jobs(_jobs(jobs) if jobs is not None else config.jobs)
    out = out_dir if out_dir is not None else config.out_dir
    if at_deadline and as_of is not None:
        raise _usage(_("--at-deadline and --as-of: choose one"))
    cutoff = Cutoff(at_deadline=at_deadline, as_of=_time_option("--as-of", as_of))
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
                workers=workers,
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


# -- doctor -----------------------------------------------------------------------------


@cli.command()
@click.argument("submissions_dir", required=False, type=click.Path(path_type=Path))
@problems_dir_option
@csv_option("--times", "times_csv", "The LMS's hand-in times (as for judge grade --times): its names are checked too.")
@csv_option("--roster", "roster_path", "The roster (default: config roster:): its names are checked too.")
@lang_option
@click.pass_obj
def doctor(
    state: _State,
    submissions_dir: Path | None,
    problems_dir: Path | None,
    times_csv: Path | None,
    roster_path: Path | None,
) -> None:
    """Read config.yaml against the problems and the class before grading.

    Names every deadline, extension, roster or --times entry that matches no problem or
    student (with the closest name), hand-in times that would come from file dates, settings
    a student copy would not carry, limits far from the usual, and problems that do not load.
    Exit 0: nothing found; 1: something to look at; 2: a file cannot be read.
    `judge grade` runs the same checks first (warnings; errors with --strict)."""
    from judge.commands.doctor import examine, print_checkup, summary

    config = state.config
    checkup = examine(
        config,
        state.problems_dir(problems_dir),
        submissions_dir if submissions_dir is not None else config.submissions_dir,
        times_csv=times_csv,
        roster_path=roster_path or config.roster,
    )
    print_checkup(checkup, click.echo)
    click.echo(summary(checkup))
    sys.exit(EXIT_REJECTED if checkup.findings else EXIT_OK)


def _time_option(name: str, value: str | None) -> Any:
    """An ISO 8601 time with its UTC offset (a time without one means different moments on
    the teacher's laptop and on the server)."""
    if value is None:
        return None
    from datetime import datetime

    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise _usage(
            _("{option}: expected an ISO 8601 time with a UTC offset, e.g. 2026-12-20T23:59+03:00, got {value}").format(
                option=name, value=repr(value)
            )
        )
    return when


# -- history ----------------------------------------------------------------------------


@cli.command()
@click.argument("student", required=False)
@click.argument("problem", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the attempts as JSON (one object per attempt).")
@lang_option
@click.pass_obj
def history(state: _State, student: str | None, problem: str | None, as_json: bool) -> None:
    """Every graded version of STUDENT's PROBLEM (or all), oldest first: when it was handed in,
    its verdict and score. Kept by `judge grade` in the result cache's database."""
    from judge.commands.listing import print_history

    sys.exit(print_history(state.config, student, problem, as_json))


def _jobs(value: str) -> int | None:
    if value == "auto":
        return None
    try:
        n = int(value)
    except ValueError:
        raise _usage(_("-j: expected a number or 'auto', got {value}").format(value=repr(value))) from None
    if n < 1:
        raise _usage(_("-j: expected at least 1, got {n}").format(n=n))
    return n


# -- validate ---------------------------------------------------------------------------


@cli.command()
@click.argument("problems", nargs=-1)
@problems_dir_option
@click.option("-j", "--jobs", default=None, metavar="N|auto", help="Parallel workers (default: usable cores).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; only the result lines.")
@click.option(
    "--json",
    "json_out",
    default=None,
    metavar="PATH",
    help="Also write every solution's full result as a JSON report to PATH.",
)
@click.option(
    "--all-tests",
    is_flag=True,
    help="Run every test of every solution. By default a wrong solution stops at its first "
    "failed test (its verdict is decided there) unless expected.yaml checks its score or a "
    "hint text.",
)
@click.option(
    "--trace",
    "trace_dir",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Trace every test run (hidden ones too); write the timelines to DIR/PROBLEM/KIND-NAME/ as Trace Event JSON.",
)
@isolation_option
@zygote_option
@start_method_option
@lang_option
@click.pass_obj
def validate(
    state: _State,
    problems: tuple[str, ...],
    problems_dir: Path | None,
    jobs: str | None,
    quiet: bool,
    json_out: str | None,
    all_tests: bool,
    trace_dir: Path | None,
    isolation: str | None,
    no_zygote: bool,
    start_method: str | None,
) -> None:
    """Run every solution in each problem's solutions/ and check it gets its expected verdict.

    The solutions are graded in English (expected.yaml's hint: and message: are English
    texts); the lines validate prints are in the chosen language (--lang)."""
    from judge.batch.jobs import resolve_jobs
    from judge.batch.options import BatchOptions
    from judge.commands.validate import validate as validate_problems

    config = state.config_for(no_zygote, start_method)
    batch = BatchOptions(
        workers=resolve_jobs(_jobs(jobs) if jobs is not None else config.jobs),
        isolation=state.isolation(isolation),
        quiet=quiet,
        use_cache=False,  # the teacher's own solutions, hidden diffs revealed: never cached
        trace_hidden=trace_dir is not None,
    )
    json_path, folder = Path(json_out) if json_out else None, state.problems_dir(problems_dir)
    ok = validate_problems(config, folder, list(problems), batch, json_path, all_tests, trace_dir)
    sys.exit(EXIT_OK if ok else EXIT_REJECTED)


# -- problems ---------------------------------------------------------------------------


@cli.command("problems")
@problems_dir_option
@lang_option
@click.pass_obj
def problems_cmd(state: _State, problems_dir: Path | None) -> None:
    """List the problems: id, title, limits, checker, number of tests."""
    from judge.commands.listing import print_problems

    print_problems(state.config, state.problems_dir(problems_dir))


# -- export-student ---------------------------------------------------------------------


@cli.command("export-student")
@click.argument("problems_dir", type=click.Path(path_type=Path))
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace DEST when it is not empty.")
@lang_option
@click.pass_obj
def export_student(state: _State, problems_dir: Path, dest: Path, force: bool) -> None:
    """Write a student copy of PROBLEMS_DIR to DEST: samples as they are, hidden answers locked.

    Hidden tests keep their input; the answer becomes NN.lock, a salted hash of it, so
    `judge check --problems-dir DEST` gives the same verdicts without revealing it.
    generator.py and solutions/ are not copied. See docs/STUDENT_COPY.md.
    """
    from judge.problem.student_copy import export_student_copy

    config = state.config
    export_student_copy(
        problems_dir, dest, force=force, defaults=config.limits, echo=click.echo, start_method=config.start_method
    )
    sys.exit(EXIT_OK)


# -- import -----------------------------------------------------------------------------


@cli.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(IMPORTERS)))
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace DEST when it is already a problem folder.")
@lang_option
@click.pass_obj
def import_cmd(state: _State, fmt: str, source: Path, dest: Path, force: bool) -> None:
    """Convert a problem from another FORMAT (a Kattis package, a DOMjudge package, a Polygon
    package, an ejudge problem folder, a GitHub Classroom autograding.json) into a problem folder
    DEST.

    \b
    judge import kattis hello/ problems/hello && judge validate problems/hello
    """
    from judge.importers import import_problem

    result = import_problem(fmt, source, dest, state.config, force=force)
    for line in result.lines:
        click.echo(line)
    if result.notes:
        click.echo(_("notes:"))
        for note in result.notes:
            click.echo(f"  - {note}")
    click.echo(_("next: {command}").format(command=f"judge validate {result.dest}"))


# -- new, generate ----------------------------------------------------------------------


def _generate_timeout(_ctx: click.Context, _param: click.Parameter, value: str) -> float:
    from judge.core.units import parse_duration

    try:
        return parse_duration(value)
    except ValueError as error:
        raise _usage(f"--timeout: {error}") from None


generate_timeout_option = click.option(
    "--timeout",
    default="300s",
    show_default=True,
    metavar="DURATION",
    callback=_generate_timeout,
    help="How long generator.py may run (e.g. 30s, 10m).",
)


@cli.command("new")
@click.argument("problem_id", metavar="ID")
@problems_dir_option
@lang_option
@click.pass_obj
def new_cmd(state: _State, problem_id: str, problems_dir: Path | None) -> None:
    """Create problem ID from an example ("sum of N numbers") to edit into yours: problem.yaml,
    statement.md (Russian, then English), generator.py and the tests it writes, a correct and a
    wrong solution. `judge validate ID` passes on it at once.

    \b
    judge new sum-squares && judge validate sum-squares
    """
    from judge.commands.new import command_ref, new_problem, print_created

    created = new_problem(problem_id, state.problems_dir(problems_dir), state.config.limits)
    print_created(created, command_ref(problem_id, problems_dir), click.echo)
    sys.exit(EXIT_OK)


@cli.command("generate")
@click.argument("problem")
@problems_dir_option
@generate_timeout_option
@lang_option
@click.pass_obj
def generate_cmd(state: _State, problem: str, problems_dir: Path | None, timeout: float) -> None:
    """Run PROBLEM's generator.py (with this Python, in the problem folder) to write its tests
    again, then load them as grading would. Grading never runs generator.py: only this does."""
    from judge.commands.new import command_ref, generate, print_generated

    loaded = generate(problem, state.problems_dir(problems_dir), state.config.limits, click.echo, timeout)
    print_generated(loaded, command_ref(problem, problems_dir), click.echo)
    sys.exit(EXIT_OK)


# -- entry point ------------------------------------------------------------------------


def _usage(message: str) -> JudgeError:
    from judge.core.errors import UsageError

    return UsageError(message)


def main(argv: list[str] | None = None) -> NoReturn:
    from judge.core.console import prepare_streams

    prepare_streams()  # a cp1251/cp866 or ASCII console gets escapes, never a UnicodeEncodeError
    try:
        cli.main(args=argv, prog_name="judge", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo(_("judge: aborted"), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except JudgeError as exc:
        click.echo(_("judge: error: {error}").format(error=exc), err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo(_("judge: interrupted"), err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # noqa: BLE001 - the judge's own bug: one line, exit 3
        if os.environ.get("JUDGE_DEBUG"):
            raise
        click.echo(
            _("judge: internal error: {kind}: {error} (set JUDGE_DEBUG=1 for the traceback)").format(
                kind=type(exc).__name__, error=exc
            ),
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)
