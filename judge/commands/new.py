"""`judge new ID`: a problem folder to start from; `judge generate ID`: its tests, written by
its generator.py.

The scaffold (judge/problem/scaffold/*.tmpl, package data) is a complete small problem, "sum
of N numbers", in the format docs/PROBLEM_FORMAT.md describes: a teacher edits a problem that
`judge validate` already passes instead of starting from a blank page and a list of keys. Its
tests are not copied from the templates: its own generator.py writes them, through the same
code as `judge generate`, so the scaffold's tests are what regenerating them gives.

generator.py is the teacher's program, trusted like a checker: it runs outside the sandbox,
with the judge's interpreter, no arguments, its folder as the working directory, under a
timeout, and only when asked. Grading never runs it: the tests are the files it wrote.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

import click

from judge.commands.helptext import JudgeCommand
from judge.commands.options import (
    CliState,
    lang_option,
    problems_dir_option,
    usage,
)
from judge.core.errors import UsageError
from judge.core.exits import EXIT_OK
from judge.core.i18n import N_, _, ngettext
from judge.core.limits import Limits
from judge.core.numbers import decimal

if TYPE_CHECKING:
    from judge.problem import Problem

GENERATOR = "generator.py"
GENERATE_TIMEOUT = 300.0  # seconds; a generator that computes answers by brute force takes a while
TEMPLATE_SUFFIX = ".tmpl"
# A problem id names a folder, the students' files (<student>/<id>.py) and a gradebook column:
# characters every file system and shell take as they are, no dot or space.
_PROBLEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_ERROR_MAX = 300  # characters of the generator's last stderr line in the one-line error
_TRACEBACK_LINE = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)')

# What the teacher reads about each file of the scaffold (translate with _() where shown).
_ABOUT = {
    "problem.yaml": N_("title in both languages, limits, test groups, a hint"),
    "statement.md": N_("the statement: Russian, then English"),
    "generator.py": N_("writes tests/ (only `judge generate` runs it)"),
    "solutions/ac/sum.py": N_("a correct solution: must get AC"),
    "solutions/wa/adds_n.py": N_("a classic mistake: must get WA"),
    "solutions/expected.yaml": N_("what the wrong solution must get besides WA (score, hint)"),
}


@dataclass(frozen=True)
class Created:
    path: Path  # the new problem folder
    problem: Problem
    files: tuple[str, ...]  # relative paths of the files written from the templates


def check_problem_id(problem_id: str) -> None:
    if not _PROBLEM_ID.fullmatch(problem_id):
        raise UsageError(
            _(
                "{id} is not a valid problem id: use Latin letters, digits, '-' and '_', starting with a "
                "letter or a digit, at most 64 characters (it names the folder and the students' files)"
            ).format(id=repr(problem_id))
        )


def new_problem(problem_id: str, problems_dir: Path, limits: Limits, timeout: float = GENERATE_TIMEOUT) -> Created:
    """problems_dir/problem_id from the scaffold, its tests written by its generator, loaded
    as `judge validate` loads it. Built next to its place and renamed into it: a failure leaves
    nothing behind."""
    from judge.problem import load_expected, load_problem

    check_problem_id(problem_id)
    dest = problems_dir / problem_id
    if dest.exists() or dest.is_symlink():
        raise UsageError(
            _("{folder} already exists: choose another id, or remove the folder first").format(folder=dest)
        )
    try:
        problems_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{problem_id}.new-", dir=problems_dir))
    except OSError as error:
        raise UsageError(
            _("{folder}: cannot create the problem folder: {reason}").format(
                folder=problems_dir, reason=error.strerror or error
            )
        ) from None
    try:
        files = _write_templates(work, problem_id)
        run_generator(work, timeout)
        problem = load_problem(work, limits)
        load_expected(problem)
        os.replace(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Created(dest, load_problem(dest, limits), files)


def generate(
    ref: str, problems_dir: Path, limits: Limits, echo: Callable[[str], None], timeout: float = GENERATE_TIMEOUT
) -> Problem:
    """Run the problem's generator.py (what it prints goes to `echo` as it wrote it, before the
    tests it wrote are loaded: a report of its own helps most when they do not load)."""
    from judge.problem import load_problem, resolve_problem

    path = resolve_problem(ref, problems_dir)
    printed = run_generator(path, timeout)
    if printed.strip():
        echo(printed.rstrip("\n"))
    return load_problem(path, limits)


def run_generator(folder: Path, timeout: float) -> str:
    """Run folder/generator.py to its end; what it printed on stdout, or a UsageError with the
    reason in one line."""
    from judge.checkers.external import _run  # a trusted program: own process group, killed whole on a timeout

    generator = folder / GENERATOR
    if not generator.is_file():
        raise UsageError(
            _(
                "{folder}: no generator.py (a Python program that writes tests/sample and tests/secret; "
                "see docs/PROBLEM_FORMAT.md)"
            ).format(folder=folder)
        )
    started = time.monotonic()
    result = _run([sys.executable, GENERATOR], None, folder, timeout)
    if isinstance(result, str):
        if time.monotonic() - started >= timeout:
            raise UsageError(
                _("{file} did not finish in {limit} s (a longer time: --timeout)").format(
                    file=generator, limit=decimal(timeout)
                )
            )
        raise UsageError(f"{generator}: {result}")  # it did not start: the reason says so
    stderr = result.stderr.decode("utf-8", errors="replace")
    if result.returncode < 0:
        raise UsageError(_("{file} was killed by signal {number}").format(file=generator, number=-result.returncode))
    if result.returncode != 0:
        raise UsageError(_failure(generator, result.returncode, stderr))
    return result.stdout.decode("utf-8", errors="replace")


def _failure(generator: Path, code: int, stderr: str) -> str:
    """One line: where a traceback ended in generator.py and its last line, else the last line
    the generator wrote to stderr."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return _("{file} failed with exit code {code} and wrote nothing to stderr").format(file=generator, code=code)
    error = lines[-1] if len(lines[-1]) <= _ERROR_MAX else lines[-1][:_ERROR_MAX] + "…"
    where = [m["line"] for m in map(_TRACEBACK_LINE.match, lines) if m and Path(m["file"]).name == GENERATOR]
    if where:
        return _("{file} failed at line {line}: {error}").format(file=generator, line=where[-1], error=error)
    return _("{file} failed with exit code {code}: {error}").format(file=generator, code=code, error=error)


def _write_templates(root: Path, problem_id: str) -> tuple[str, ...]:
    written = []
    for relative, text in _templates(resources.files("judge.problem") / "scaffold", ""):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(text).substitute(id=problem_id), encoding="utf-8", newline="\n")
        written.append(relative)
    return tuple(written)


def _templates(folder: Traversable, prefix: str) -> list[tuple[str, str]]:
    """(path in the problem folder, template text) of every *.tmpl under `folder`."""
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            found += _templates(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(TEMPLATE_SUFFIX):
            found.append((prefix + entry.name.removesuffix(TEMPLATE_SUFFIX), entry.read_text(encoding="utf-8")))
    return found


# -- what the commands print --------------------------------------------------------------


def print_created(created: Created, how: str, echo: Callable[[str], None]) -> None:
    """The files, the tests and the next steps; `how` is what the commands need to find the
    problem ("sum", or "sum --problems-dir DIR")."""
    echo(
        _("created {folder}: the example problem {title}, to edit into yours").format(
            folder=created.path, title=repr(created.problem.display_title())
        )
    )
    rows: list[tuple[str, str]] = []
    for name in sorted(created.files, key=lambda f: list(_ABOUT).index(f) if f in _ABOUT else len(_ABOUT)):
        rows.append((name, _(_ABOUT[name]) if name in _ABOUT else ""))
        if name == GENERATOR:
            rows += _test_rows(created.problem)
    _echo_rows(rows, echo)
    echo(_("next steps:"))
    _echo_rows(
        [
            (f"judge validate {how}", _("every solution gets the verdict its folder names")),
            (f"judge show {how}", _("the statement as a student reads it (--lang ru or en)")),
            (f"judge generate {how}", _("after you edit generator.py: write the tests again")),
        ],
        echo,
    )


def print_generated(problem: Problem, how: str, echo: Callable[[str], None]) -> None:
    echo(_("{problem}: generator.py wrote the tests").format(problem=problem.id))
    _echo_rows(_test_rows(problem), echo)
    echo(_("next: {command}").format(command=f"judge validate {how}"))


def _test_rows(problem: Problem) -> list[tuple[str, str]]:
    rows = []
    for kind, about in (
        ("sample", _("shown to students (a failed one with its differences)")),
        ("secret", _("hidden, only the verdict, time and memory are shown")),
    ):
        n = sum(1 for test in problem.tests if test.kind == kind)
        if n:
            rows.append(
                (f"tests/{kind}/", ngettext("{n} test: {about}", "{n} tests: {about}", n).format(n=n, about=about))
            )
    return rows


def _echo_rows(rows: list[tuple[str, str]], echo: Callable[[str], None]) -> None:
    width = max((len(left) for left, _right in rows), default=0) + 2
    for left, right in rows:
        echo(f"  {left:<{width}}{right}".rstrip())


def command_ref(problem_id: str, problems_dir: Path | None) -> str:
    """How the next commands name the problem: its id, and the folder when not the default."""
    ref = shlex.quote(problem_id)
    return f"{ref} --problems-dir {shlex.quote(str(problems_dir))}" if problems_dir is not None else ref


# -- the command ------------------------------------------------------------------------


def _generate_timeout(_ctx: click.Context, _param: click.Parameter, value: str) -> float:
    from judge.core.units import parse_duration

    try:
        return parse_duration(value)
    except ValueError as error:
        raise usage(f"--timeout: {error}") from None


generate_timeout_option = click.option(
    "--timeout",
    default="300s",
    show_default=True,
    metavar="DURATION",
    callback=_generate_timeout,
    help="How long generator.py may run (e.g. 30s, 10m).",
)


@click.command("new", cls=JudgeCommand)
@click.argument("problem_id", metavar="ID")
@problems_dir_option
@lang_option
@click.pass_obj
def new_command(state: CliState, problem_id: str, problems_dir: Path | None) -> None:
    """Create problem ID from an example ("sum of N numbers") to edit into yours: problem.yaml,
    statement.md (Russian, then English), generator.py and the tests it writes, a correct and a
    wrong solution. `judge validate ID` passes on it at once.

    \b
    judge new sum-squares && judge validate sum-squares
    """
    created = new_problem(problem_id, state.problems_dir(problems_dir), state.config.limits)
    print_created(created, command_ref(problem_id, problems_dir), click.echo)
    sys.exit(EXIT_OK)


@click.command("generate", cls=JudgeCommand)
@click.argument("problem")
@problems_dir_option
@generate_timeout_option
@lang_option
@click.pass_obj
def generate_command(state: CliState, problem: str, problems_dir: Path | None, timeout: float) -> None:
    """Run PROBLEM's generator.py (with this Python, in the problem folder) to write its tests
    again, then load them as grading would. Grading never runs generator.py: only this does."""
    loaded = generate(problem, state.problems_dir(problems_dir), state.config.limits, click.echo, timeout)
    print_generated(loaded, command_ref(problem, problems_dir), click.echo)
    sys.exit(EXIT_OK)
