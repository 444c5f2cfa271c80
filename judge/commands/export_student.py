"""`judge export-student`: a student copy of the problems, hidden answers locked (judge/problem/student_copy.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from judge.commands.helptext import JudgeCommand
from judge.commands.options import (
    CliState,
    lang_option,
)
from judge.core.exits import EXIT_OK


@click.command("export-student", cls=JudgeCommand)
@click.argument("problems_dir", type=click.Path(path_type=Path))
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace DEST when it is not empty.")
@lang_option
@click.pass_obj
def export_student_command(state: CliState, problems_dir: Path, dest: Path, force: bool) -> None:
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
