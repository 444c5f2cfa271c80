"""`judge check`: the command, and one run of it (or each round of `--watch`) on warm
sandboxes: grade the solution, print the table (check_output.py) or the JSON, write the
traces, return the exit code."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from judge.commands.helptext import JudgeCommand
from judge.commands.options import (
    CliState,
    isolation_option,
    lang_option,
    path_option,
    problems_dir_option,
    start_method_option,
    usage,
    zygote_option,
)
from judge.core.config import Config
from judge.core.errors import JudgeError, UsageError
from judge.core.exits import EXIT_INTERNAL, EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from judge.core.i18n import _


@dataclass(frozen=True, kw_only=True)
class CheckOutput:
    """What one `judge check` shows and writes besides its verdict."""

    verbose: bool = False
    json_out: str | None = None  # a path, or "-" for the JSON on stdout instead of the table
    trace_dir: Path | None = None  # a Trace Event file per test (every test traced)
    timeline: bool = False  # the timeline drawn under the table
    entry_point: str | None = None  # a SOLUTION folder's file that runs first (--entry-point)


class CheckRunner:
    """One `judge check`, or each round of `--watch` on the same warm sandboxes."""

    def __init__(
        self, config: Config, level: str, problem_path: Path, solution: Path, output: CheckOutput, schedule: int | None
    ) -> None:
        from judge.core.limits import usable_cores
        from judge.sandbox.factory import make_sandbox
        from judge.sandbox.layers import plan_isolation

        plan_isolation(level)  # strict without the root layers: refuse before any work
        self.config, self.problem_path, self.solution = config, problem_path, solution
        self.output, self.schedule = output, schedule
        # Start the sandbox helpers first: they boot (tens of ms) while the judge imports its
        # grader and loads the problem.
        self.boxes = [make_sandbox(level, slot=i, zygote=config.zygote) for i in range(min(usable_cores(), 4))]
        for box in self.boxes:
            box.start()

    def close(self) -> None:
        for box in self.boxes:
            box.close()

    def run(self) -> int:
        try:
            return self._once()
        finally:
            self.close()

    def run_watched(self) -> int:
        """A round of --watch: the screen redrawn, a bad save reported, never the end of the loop."""
        if sys.stdout.isatty():
            click.clear()
        else:
            click.echo("-" * 60)
        try:
            return self._once()
        except JudgeError as exc:  # a half-written file, a problem.yaml being edited
            click.echo(_("judge: error: {error}").format(error=exc), err=True)
            return EXIT_USAGE

    def waiting(self) -> None:
        click.echo(_("waiting for changes to {file} (Ctrl-C stops)").format(file=self.solution))

    def _once(self) -> int:
        from judge.commands import check_output as output_check
        from judge.commands import report as output_report
        from judge.grading.grader import Grader
        from judge.grading.submission import Submission
        from judge.problem import load_problem

        if not self.solution.exists():
            raise UsageError(_("{file}: no such file").format(file=self.solution))
        prob = load_problem(self.problem_path, self.config.limits)
        if self.schedule is not None and not prob.runtime.schedules:
            raise UsageError(
                _(
                    "--schedule: problem {problem} runs no controlled schedules (runtime.schedules in problem.yaml)"
                ).format(problem=prob.id)
            )
        sub = Submission(
            path=self.solution,
            student=os.environ.get("USER", "student"),
            problem=prob.id,
            display=str(self.solution),
            entry_point=self.output.entry_point,
        )
        # --trace DIR: every test's trace (a student copy writes the samples' only, see write_traces).
        grader = Grader(self.config, self.boxes, trace_hidden=self.output.trace_dir is not None, schedule=self.schedule)
        result = grader.grade(prob, sub)
        output_report.warn_if_weak(result)
        report = output_report.make_report([result])
        if self.output.json_out == "-":
            click.echo(output_report.json_text(report), nl=False)
        else:
            if self.schedule is not None:
                click.echo(
                    _(
                        "controlled schedule {seed}: the threads take turns as the seed says, on a virtual "
                        "clock; the same interleaving on every machine"
                    ).format(seed=self.schedule)
                )
            output_check.print_check(
                prob, result, verbose=self.output.verbose, color=sys.stdout.isatty(), timeline=self.output.timeline
            )
            if self.output.json_out:
                output_report.write_json(report, Path(self.output.json_out))
        if self.output.trace_dir is not None:
            from judge.timeline.files import traces_written, write_traces

            written = write_traces(result, self.output.trace_dir)
            click.echo(traces_written(len(written), self.output.trace_dir), err=True)
        # IE is the judge's failure, not a rejection: CI must not blame the student for it.
        return (
            EXIT_OK
            if result.verdict.value == "AC"
            else EXIT_INTERNAL
            if result.verdict.value == "IE"
            else EXIT_REJECTED
        )


# -- the command ------------------------------------------------------------------------


@click.command("check", cls=JudgeCommand)
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
@path_option(
    "--trace",
    "trace_dir",
    "Write each test's timeline of threads, processes, tasks and locks to DIR as "
    "Trace Event JSON (open it in Perfetto or chrome://tracing).",
    metavar="DIR",
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
@click.option(
    "--entry-point",
    default=None,
    metavar="FILE",
    help="For a SOLUTION folder of several files: the file that runs first (by default "
    "__main__.py, else main.py or main.cpp, ..., else the first source file by name).",
)
@isolation_option
@zygote_option
@start_method_option
@lang_option
@click.pass_obj
def check_command(
    state: CliState,
    problem: str | None,
    solution: Path | None,
    problems_dir: Path | None,
    json_out: str | None,
    verbose: bool,
    trace_dir: Path | None,
    timeline: bool,
    watch: bool,
    schedule: int | None,
    entry_point: str | None,
    isolation: str | None,
    no_zygote: bool,
    start_method: str | None,
) -> None:
    """Judge one SOLUTION (a file, or a folder of several files) against PROBLEM (a folder name or a path).

    \b
    judge check 3504 leap.py
    judge check 3504_leap.py          (PROBLEM from the file name: 3504.py, 3504_leap.py, ...)
    judge check 3504 leap.py --watch  (again on every save)
    judge check threads-lock bank.py --schedule 3   (replay controlled schedule 3)

    Exit 0 if accepted, 1 if not, 3 if the verdict is IE (the judge failed, not the student)."""
    from judge.problem import resolve_problem

    if problem is None:
        raise usage(_("check: give the SOLUTION file (and, if its name does not say it, the PROBLEM)"))
    folder = state.problems_dir(problems_dir)
    if solution is None:  # one argument: the solution, its problem from its name
        from judge.problem.infer import infer_problem

        solution = Path(problem)
        if not solution.exists():
            raise usage(_("{file}: no such file").format(file=solution))
        problem = infer_problem(solution, folder)
    config = state.config_for(no_zygote, start_method)
    path = resolve_problem(problem, folder)
    if not solution.exists():
        raise usage(_("{file}: no such file").format(file=solution))
    if entry_point is not None and not solution.is_dir():
        raise usage(
            _("--entry-point: {file} is a file; the option names the entry point of a folder").format(file=solution)
        )
    if entry_point is not None and not (solution / entry_point).is_file():
        raise usage(_("--entry-point: no file {name} in {folder}").format(name=entry_point, folder=solution))
    output = CheckOutput(
        verbose=verbose, json_out=json_out, trace_dir=trace_dir, timeline=timeline, entry_point=entry_point
    )
    runner = CheckRunner(config, state.isolation(isolation), path, solution, output, schedule)
    if not watch:
        sys.exit(runner.run())
    from judge.commands.watch import watch as watch_loop

    try:
        code = watch_loop(solution, runner.run_watched, runner.waiting)
    finally:
        runner.close()
    sys.exit(code)
