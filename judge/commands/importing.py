"""`judge import FORMAT SOURCE DEST`: a problem from another format (judge/importers/)."""

from __future__ import annotations

from pathlib import Path

import click

from judge.commands.helptext import JudgeCommand
from judge.commands.options import (
    CliState,
    lang_option,
)
from judge.core.i18n import _
from judge.importers import REGISTRY as IMPORTERS


@click.command("import", cls=JudgeCommand)
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(IMPORTERS)))
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace DEST when it is already a problem folder.")
@lang_option
@click.pass_obj
def import_command(state: CliState, fmt: str, source: Path, dest: Path, force: bool) -> None:
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
