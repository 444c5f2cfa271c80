"""`judge validate`: every solution of each problem gets the verdict its folder (and expected.yaml) names."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from judge.commands.helptext import JudgeCommand
from judge.commands.options import (
    CliState,
    isolation_option,
    jobs_option,
    lang_option,
    path_option,
    problems_dir_option,
    start_method_option,
    worker_count,
    zygote_option,
)
from judge.core import i18n
from judge.core.config import Config
from judge.core.exits import EXIT_OK, EXIT_REJECTED
from judge.core.i18n import _, ngettext
from judge.core.numbers import decimal
from judge.core.verdicts import Verdict

if TYPE_CHECKING:
    from judge.batch.job import Job
    from judge.batch.options import BatchOptions
    from judge.core.results import SubmissionResult, TestResult
    from judge.problem import ExpectedOutcome, Problem


def validate(
    config: Config,
    problems_dir: Path,
    names: list[str],
    batch: BatchOptions,
    json_path: Path | None = None,
    all_tests: bool = False,
    trace_dir: Path | None = None,
) -> bool:
    """Run every solution in each problem's solutions/ and compare it with expected.yaml.

    The solutions are graded in the active language, like everything else (a verdict never
    depends on it: tests/test_acceptance.py validates in both). expected.yaml's `hint:` is
    matched against every language's text of the hints given, so one English substring
    serves all; `message:` is a plain substring (the same in every language: a name from the
    program's output) or a {ru: ..., en: ...} mapping for a sentence of the judge's own.

    `trace_dir` (--trace, with `batch.trace_hidden`): every traced test's Trace Event file,
    a folder per solution (PROBLEM/ac-ref/sample-01.trace.json for solutions/ac/ref.py)."""
    from judge.commands.grade import run_with_progress
    from judge.commands.report import make_report, write_json

    jobs, expectations = _solution_jobs(config, problems_dir, names, all_tests)
    results = run_with_progress(config, jobs, batch, _("validating"))
    if json_path is not None:
        write_json(make_report(results), json_path)
    if trace_dir is not None:
        _write_traces(expectations, results, trace_dir)
    by_id = {job.problem.id: job.problem for job in jobs}
    mismatches = [_mismatches(exp, result, by_id[result.problem]) for exp, result in zip(expectations, results)]
    _print_lines(expectations, results, mismatches)
    return not any(mismatches)


def _solution_jobs(
    config: Config, problems_dir: Path, names: list[str], all_tests: bool
) -> tuple[list[Job], list[ExpectedOutcome]]:
    """A job per solution of each problem named (all of them when none is), with what
    expected.yaml says it must get."""
    from judge.batch.job import Job
    from judge.grading.submission import Submission
    from judge.problem import list_problem_ids, load_expected, load_problem, resolve_problem

    paths = (
        [resolve_problem(n, problems_dir) for n in names]
        if names
        else [problems_dir / p for p in list_problem_ids(problems_dir)]
    )
    if not paths:
        from judge.core.errors import UsageError

        raise UsageError(_("{folder}: no problems found").format(folder=problems_dir))
    jobs: list[Job] = []
    expectations: list[ExpectedOutcome] = []
    for path in paths:
        problem = load_problem(path, config.limits)
        expected = load_expected(problem)
        if not expected:
            click.echo(_("{problem}: warning: no solutions/ to validate").format(problem=problem.id), err=True)
        for exp in expected:
            rel = f"{exp.solution.parent.name}/{exp.solution.name}"
            # A wrong solution's verdict is decided by its first failed test; the rest only
            # matter when expected.yaml checks its score, hints or every test's verdict.
            stop = not all_tests and not exp.needs_every_test and exp.hint is None
            # The teacher's own solutions: a failed hidden test shows its diff (reveal_hidden).
            sub = Submission(
                exp.solution,
                "validate",
                problem.id,
                f"{problem.id}/solutions/{rel}",
                stop_at_first_failure=stop,
                reveal_hidden=True,
                entry_point=exp.entry_point,
            )
            jobs.append(Job(problem, sub))
            expectations.append(exp)
    return jobs, expectations


def trace_folder(problem: str, solution: Path) -> str:
    """Where validate --trace puts a solution's traces: PROBLEM/KIND-NAME (solutions/KIND/NAME.py)."""
    return f"{problem}/{solution.parent.name}-{solution.stem}"


def _write_traces(expectations: list[ExpectedOutcome], results: list[SubmissionResult], root: Path) -> None:
    from judge.timeline.files import traces_written, write_traces

    written = sum(
        len(write_traces(result, root / trace_folder(result.problem, exp.solution)))
        for exp, result in zip(expectations, results)
    )
    click.echo(traces_written(written, root), err=True)


def _print_lines(
    expectations: list[ExpectedOutcome], results: list[SubmissionResult], mismatches: list[list[str]]
) -> None:
    ok_mark, fail_mark = _("ok"), _("FAIL")
    width = max(4, len(ok_mark), len(fail_mark))
    for exp, result, problems_ok in zip(expectations, results, mismatches):
        mark = f"{ok_mark if not problems_ok else fail_mark:<{width}}"
        detail = f" — {'; '.join(problems_ok)}" if problems_ok else ""
        click.echo(
            _("{mark} {submission}: expected {expected}, got {got} ({score}/{max_score}){detail}").format(
                mark=mark,
                submission=result.submission,
                expected="/".join(v.value for v in exp.allowed),
                got=result.verdict.value,
                score=score_text(result.score),
                max_score=score_text(result.max_score),
                detail=detail,
            )
        )
        if problems_ok:
            _print_failed_test(result)
    total = len(results)
    failed = sum(1 for m in mismatches if m)
    click.echo(
        ngettext(
            "{ok} of {total} solution got its expected verdict",
            "{ok} of {total} solutions got their expected verdict",
            total,
        ).format(ok=total - failed, total=total)
    )


def _print_failed_test(result: SubmissionResult) -> None:
    """Under a FAIL line, the first failed test's diff, hidden tests' too: validate runs the
    teacher's own solutions against the teacher's own answers (see Submission.reveal_hidden)."""
    failed = next((t for t in result.tests if t.verdict not in (Verdict.AC, Verdict.SK) and t.diff), None)
    if failed is None:
        return
    click.echo(f"  {failed.name}: {failed.verdict.description}")
    click.echo("\n".join("    " + line for line in failed.diff.splitlines()))


# expected.yaml's `score:` matches within half a unit of the second decimal: a score copied
# from validate's line or report.json (4 decimals), or rounded to 2 decimals, always matches;
# one a hundredth off never does. (It was 1e-6 against 6 printed digits: "score 16.6667,
# expected 16.6667".)
SCORE_TOLERANCE = 0.005


def score_text(score: float) -> str:
    """A score as validate prints it: up to 4 decimals, as report.json has it (16.6667, 60)."""
    return decimal(score, 4, trim=True)


def _hint_texts(problem: Problem, result: SubmissionResult) -> set[str]:
    """Every language's text of each hint `result` was given: the problem's own hints (found
    by their text in the language graded in) and the judge's (by id)."""
    from judge.grading import hints as hintlib

    given = set(result.hints)
    texts = set(given)
    for hint in problem.hints:
        versions = set(hint.texts.values())
        if versions & given:
            texts |= versions
    for hint_def in hintlib.HINTS:
        if hint_def.id in result.hint_ids:
            for lang in i18n.LANGUAGES:
                with i18n.using(lang):
                    texts.add(hint_def.text)
    return texts


def _test_verdict_mismatches(exp: ExpectedOutcome, result: SubmissionResult) -> list[str]:
    """expected.yaml `permitted` (every test's verdict is one of them) and `required` (some
    test's is), Kattis's submissions.yaml checks, on every test and (`test_groups`) on some. A
    submission rejected before its tests ran (CE) has that verdict on every test."""
    bad = _verdicts_against(result.tests, result.verdict, exp.permitted, exp.required)
    for group in exp.test_groups:
        tests = [t for t in result.tests if group.tests is None or t.name in group.tests]
        found = _verdicts_against(tests, result.verdict, group.permitted, group.required)
        if group.message is not None and not any(group.message in t.checker_message for t in tests):
            found.append(_("no checker message contains {text}").format(text=repr(group.message)))
        if found and group.tests is not None:
            where = group.tests[0] if len(group.tests) == 1 else f"{group.tests[0]} … {group.tests[-1]}"
            found = [_("tests {tests}: {problem}").format(tests=where, problem=text) for text in found]
        bad.extend(found)
    return bad


def _verdicts_against(
    tests: list[TestResult],
    verdict: Verdict,
    permitted: tuple[Verdict, ...] | None,
    required: tuple[Verdict, ...] | None,
) -> list[str]:
    ran: list[Verdict] = [t.verdict for t in tests if t.verdict != Verdict.SK] or [verdict]
    bad = []
    if permitted is not None:
        outside = sorted({v.value for v in ran if v not in permitted})
        if outside:
            bad.append(
                _("tests got {verdicts}, permitted only {permitted}").format(
                    verdicts=", ".join(outside), permitted=", ".join(v.value for v in permitted)
                )
            )
    if required is not None and not any(v in required for v in ran):
        bad.append(_("no test got {required}").format(required=" / ".join(v.value for v in required)))
    return bad


def _mismatches(exp: ExpectedOutcome, result: SubmissionResult, problem: Problem) -> list[str]:
    """What differs from expected.yaml, one phrase each, in the active language."""
    bad = []
    if result.verdict not in exp.allowed:
        bad.append(_("message: {message}").format(message=result.message.splitlines()[0] if result.message else ""))
    low_high = exp.score_range
    if low_high is not None and not low_high[0] - SCORE_TOLERANCE <= result.score <= low_high[1] + SCORE_TOLERANCE:
        bad.append(
            _("score {score}, expected {low} to {high}").format(
                score=score_text(result.score), low=score_text(low_high[0]), high=score_text(low_high[1])
            )
        )
    bad.extend(_test_verdict_mismatches(exp, result))
    if exp.score is not None and abs(result.score - exp.score) > SCORE_TOLERANCE + 1e-9:
        bad.append(
            _("score {score}, expected {expected}").format(
                score=score_text(result.score), expected=score_text(exp.score)
            )
        )
    if exp.hint_id is not None and exp.hint_id not in result.hint_ids:
        bad.append(_("hint {hint} not given (got {given})").format(hint=repr(exp.hint_id), given=result.hint_ids))
    if exp.hint is not None and not any(exp.hint in h for h in _hint_texts(problem, result)):
        bad.append(_("no hint containing {text}").format(text=repr(exp.hint)))
    expected_message = exp.message  # in the language graded in (a plain one serves all)
    if expected_message is not None and expected_message not in result.message:
        bad.append(_("message lacks {text}").format(text=repr(expected_message)))
    return bad


# -- the command ------------------------------------------------------------------------


@click.command("validate", cls=JudgeCommand)
@click.argument("problems", nargs=-1)
@problems_dir_option
@jobs_option
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
@path_option(
    "--trace",
    "trace_dir",
    "Trace every test run (hidden ones too); write the timelines to DIR/PROBLEM/KIND-NAME/ as Trace Event JSON.",
    metavar="DIR",
)
@isolation_option
@zygote_option
@start_method_option
@lang_option
@click.pass_obj
def validate_command(
    state: CliState,
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
    from judge.batch.options import BatchOptions

    config = state.config_for(no_zygote, start_method)
    batch = BatchOptions(
        workers=worker_count(jobs, config.jobs),
        isolation=state.isolation(isolation),
        quiet=quiet,
        use_cache=False,  # the teacher's own solutions, hidden diffs revealed: never cached
        trace_hidden=trace_dir is not None,
    )
    json_path, folder = Path(json_out) if json_out else None, state.problems_dir(problems_dir)
    ok = validate(config, folder, list(problems), batch, json_path, all_tests, trace_dir)
    sys.exit(EXIT_OK if ok else EXIT_REJECTED)
