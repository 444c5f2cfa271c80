"""`judge problems` and `judge history`: tables of what there is."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from judge.commands.helptext import JudgeCommand
from judge.commands.options import (
    CliState,
    lang_option,
    problems_dir_option,
)
from judge.core import i18n
from judge.core.config import Config
from judge.core.i18n import _
from judge.core.units import format_duration, format_size


def print_problems(config: Config, problems_dir: Path) -> None:
    from judge.problem import list_problem_ids, load_problem

    ids = list_problem_ids(problems_dir)
    if not ids:
        click.echo(_("no problems in {folder}").format(folder=problems_dir))
        return
    heads = (_("id"), _("tests"), _("time"), _("memory"), _("checker"), _("title"))
    w_tests, w_checker = max(5, len(heads[1])), max(10, len(heads[4]))
    click.echo(
        f"{heads[0]:<18} {heads[1]:>{w_tests}}  {heads[2]:>7} {heads[3]:>10}  {heads[4]:<{w_checker}} {heads[5]}"
    )
    for pid in ids:
        p = load_problem(problems_dir / pid, config.limits)
        rules = (
            " " + _("[forbids: {constructs}]").format(constructs=", ".join(p.rules.forbid_constructs))
            if p.rules.forbid_constructs
            else ""
        )
        click.echo(
            f"{p.id:<18} {len(p.tests):>{w_tests}}  {format_duration(p.limits.time):>7} "
            f"{format_size(p.limits.memory):>10}  {'interactor' if p.interactive else p.checker:<{w_checker}} "
            f"{p.display_title(i18n.current())}{rules}"
        )


def print_history(config: Config, student: str | None, problem: str | None, as_json: bool) -> int:
    """`judge history`: 0 when some attempt was found, 1 when none."""
    import dataclasses
    import json

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from judge.commands.report import number
    from judge.core.paths import results_cache_dir
    from judge.semester.history import History, history_path

    path = history_path(config.history, config.path)
    legacy = results_cache_dir(config.cache_dir)
    if not path.is_file() and not (legacy / "results.sqlite").is_file():
        click.echo(
            _("no history yet: {path} holds no graded work (judge grade keeps it there)").format(path=path),
            err=True,
        )
        return 1
    store = History(path, legacy_cache=legacy)
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
    for header in (
        _("student"),
        _("problem"),
        _("handed in"),
        _("graded"),
        _("content"),
        _("verdict"),
        _("score"),
        _("penalty"),
    ):
        table.add_column(header)
    for a in attempts:
        table.add_row(
            escape(a.student),
            escape(a.problem),
            a.submitted_at or "—",
            a.graded_at,
            a.sha256[:10] + (f" @{a.commit[:8]}" if a.commit else ""),
            a.verdict,
            f"{number(a.score)}/{number(a.max_score)}",
            f"{round(a.penalty * 100)} %" if a.penalty else "",
        )
    Console().print(table)
    return 0


# -- the command ------------------------------------------------------------------------


@click.command("history", cls=JudgeCommand)
@click.argument("student", required=False)
@click.argument("problem", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the attempts as JSON (one object per attempt).")
@lang_option
@click.pass_obj
def history_command(state: CliState, student: str | None, problem: str | None, as_json: bool) -> None:
    """Every graded version of STUDENT's PROBLEM (or all), oldest first: when it was handed in,
    its verdict and score. Kept by `judge grade` in the result cache's database."""
    sys.exit(print_history(state.config, student, problem, as_json))


@click.command("problems", cls=JudgeCommand)
@problems_dir_option
@lang_option
@click.pass_obj
def problems_command(state: CliState, problems_dir: Path | None) -> None:
    """List the problems: id, title, limits, checker, number of tests."""
    print_problems(state.config, state.problems_dir(problems_dir))
