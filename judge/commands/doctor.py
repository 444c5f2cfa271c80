"""`judge doctor`: config.yaml read against the problems and the class, before anyone is graded.

A mistake in config.yaml that is well-formed YAML is not an error the loader can see: an
extension for `carol` when the folder is `carol_p`, a deadline keyed `sum_squares` when the
problem is `sum-squares`, `time: 2000` meant as milliseconds. Each silently changes grades.
The doctor names every such key and what it matched nothing of (with the closest name there
is), counts the hand-in times that would come from file dates, lists the settings a student
copy would not carry, and questions limits far from the usual. `judge grade` runs the same
checks first: warnings, or errors with --strict.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from judge.commands.helptext import JudgeCommand
from judge.commands.options import (
    CliState,
    csv_option,
    lang_option,
    problems_dir_option,
)
from judge.core.config import DEFAULT, Config
from judge.core.deadlines import ALL, DEFAULT_KEY
from judge.core.errors import JudgeError, UsageError
from judge.core.exits import EXIT_OK, EXIT_REJECTED
from judge.core.i18n import _, ngettext
from judge.core.limits import Limits
from judge.core.units import format_duration, format_size

if TYPE_CHECKING:
    from judge.semester.roster import Roster

# Limits beyond these are questioned (a CPU limit over a minute per test is almost always a
# number meant in milliseconds; a memory limit under 8 MiB leaves no room for the interpreter).
LONG_TIME = 60.0
SMALL_MEMORY = 8 * 1024**2
LARGE_MEMORY = 16 * 1024**3
NAMED = 5  # names listed in one finding before "and N more"


@dataclass(frozen=True)
class Finding:
    """One mistake: the file, the key in it (dotted, or a line) and what is wrong."""

    file: str
    key: str
    message: str

    def line(self) -> str:
        return ": ".join(part for part in (self.file, self.key, self.message) if part)


@dataclass
class Checkup:
    """What the doctor looked at and what it found."""

    problems: list[str] = field(default_factory=list)
    students: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def examine(
    config: Config,
    problems_dir: Path,
    submissions: Path,
    *,
    times_csv: Path | None = None,
    roster_path: Path | None = None,
    before_grading: bool = False,
    file_dates: bool = True,
    roster_formats: tuple[str, ...] | None = None,
) -> Checkup:
    """Every check; a file that cannot be read at all (the times CSV, the roster) is a
    JudgeError as everywhere else, a problem that does not load is a finding.

    `before_grading`: the checks `judge grade` runs first, those that change grades: not
    the student copy's settings (nothing is exported), not the problems that do not load
    (graded IE in their own column, with the reason). `file_dates`: count the hand-in times
    that would come from file dates (`judge grade` counts them as it grades, and asks here
    only with --strict, where they stop it). `roster_formats`: the formats `judge grade` is
    about to write; a roster row their LMS cannot match is the error it would stop at, raised
    here, before any finding is printed."""
    from judge.problem import list_problem_ids

    checkup = Checkup(problems=list_problem_ids(problems_dir), students=_students(config, submissions))
    source = str(config.path) if config.path is not None else "config.yaml"
    roster_people: list[str] = []
    roster = None
    if roster_path is not None:
        from judge.semester.roster import load_roster

        roster = load_roster(roster_path)
        roster_people = sorted(roster.people)
        if roster_formats is not None:
            from judge.semester.roster import vet

            vet(roster, roster_formats, config.moodle_identifier)  # raises on the first row, or says nothing
    found = checkup.findings
    found += _semester_names(config, source, checkup, roster_people)
    if roster is not None:
        found += _roster_names(str(roster_path), checkup, roster_people)
        if not before_grading:  # judge grade checks the rows itself, for the formats it writes
            found += _roster_rows(config, roster)
    if times_csv is not None:
        found += _times_names(times_csv, checkup)
    if file_dates and config.semester.configured:
        found += _file_dates(config, submissions, times_csv)
    if not before_grading:
        found += _not_in_the_copy(config, source)
    found += _limits(source, "limits", config.limits)
    found += _problems(config, problems_dir, checkup.problems, broken=not before_grading)
    return checkup


# -- who and what exist -----------------------------------------------------------------


def _students(config: Config, submissions: Path) -> list[str]:
    """The class: every student with a submission, and (when the layout starts with the
    student's folder) every student folder, even one whose files are all misnamed."""
    from judge.batch.discover import find_submissions

    if not submissions.is_dir():
        return []
    found, _ignored = find_submissions(submissions, config.layout)
    students = {f.student for f in found}
    if config.layout.startswith("{student}/"):
        students |= {p.name for p in submissions.iterdir() if p.is_dir() and not p.name.startswith(".")}
    return sorted(students)


def _unknown(name: str, known: Iterable[str]) -> str:
    """'did you mean X?' for the closest known name, or ''."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return _("did you mean {name}?").format(name=close[0]) if close else ""


def _no_problem(file: str, key: str, name: str, checkup: Checkup) -> Finding:
    text = _("no problem {name} in the problems folder").format(name=name)
    hint = _unknown(name, checkup.problems)
    return Finding(file, key, f"{text}; {hint}" if hint else text)


def _no_student(file: str, key: str, name: str, checkup: Checkup) -> Finding:
    text = _("no student {name} in the submissions folder").format(name=name)
    hint = _unknown(name, checkup.students)
    return Finding(file, key, f"{text}; {hint}" if hint else text)


def _semester_names(config: Config, file: str, checkup: Checkup, roster: list[str]) -> list[Finding]:
    semester = config.semester
    problems = set(checkup.problems)
    # A student may have an extension before handing anything in: the roster knows them.
    students = set(checkup.students) | set(roster)
    found = [
        _no_problem(file, f"deadlines.{name}", name, checkup)
        for name in semester.deadlines
        if name != DEFAULT_KEY and name not in problems
    ]
    for student, extra in semester.extensions.items():
        if student not in students:
            found.append(_no_student(file, f"extensions.{student}", student, checkup))
        for name in extra:
            if name != ALL and name not in problems:
                found.append(_no_problem(file, f"extensions.{student}.{name}", name, checkup))
    return found


def _roster_names(file: str, checkup: Checkup, roster: list[str]) -> list[Finding]:
    """A student of the class the roster does not list gets no LMS identifier: usually a
    folder named differently from the roster's `student`."""
    listed = set(roster)
    found = []
    for student in checkup.students:
        if student not in listed:
            text = _("{student} has submissions but no row in the roster").format(student=student)
            hint = _unknown(student, [name for name in roster if name not in checkup.students])
            found.append(Finding(file, "student", f"{text}; {hint}" if hint else text))
    return found


def _roster_rows(config: Config, roster: Roster) -> list[Finding]:
    """Rows the LMS gradebooks could not match to one user (judge.semester.roster.check):
    for the LMS formats config.yaml writes, or both when it names neither (a roster is for
    them)."""
    from judge.semester.roster import LMS_FORMATS, check

    formats = [f for f in config.formats if f in LMS_FORMATS] or list(LMS_FORMATS)
    return [
        Finding(roster.where(), f"line {problem.line}: {problem.column}", problem.text)
        for problem in check(roster, formats, config.moodle_identifier)
    ]


def _times_names(path: Path, checkup: Checkup) -> list[Finding]:
    from judge.semester.times import load_times

    problems, students = set(checkup.problems), set(checkup.students)
    found = []
    for student, problem in sorted(load_times(path)):
        if student not in students:
            found.append(_no_student(str(path), "student", student, checkup))
        if problem not in problems:
            found.append(_no_problem(str(path), "problem", problem, checkup))
    return found


def _file_dates(config: Config, submissions: Path, times_csv: Path | None) -> list[Finding]:
    """Submissions whose hand-in time would be the file's date: a copied or unzipped folder
    gives every file the moment of the copy, and everybody looks late."""
    from judge.batch.discover import find_submissions
    from judge.semester.times import TimeSource

    if not submissions.is_dir():
        return []
    source = TimeSource(submissions, times_csv)
    found, _ignored = find_submissions(submissions, config.layout)
    dated = sorted(
        {f"{f.student}/{f.problem}" for f in found if source.submitted(f.student, f.problem, f.path).source == "mtime"}
    )
    if not dated:
        return []
    names = ", ".join(dated[:NAMED]) + (_(" and {n} more").format(n=len(dated) - NAMED) if len(dated) > NAMED else "")
    text = ngettext(
        "{n} hand-in time would come from the file's date (no git history, not in --times): {names}; "
        "a copied or unzipped folder gives every file the time of the copy",
        "{n} hand-in times would come from the files' dates (no git history, not in --times): {names}; "
        "a copied or unzipped folder gives every file the time of the copy",
        len(dated),
    ).format(n=len(dated), names=names)
    return [Finding(str(submissions), "", text)]


# -- settings ---------------------------------------------------------------------------


def _not_in_the_copy(config: Config, file: str) -> list[Finding]:
    """Settings that decide verdicts which `judge export-student` cannot write into a problem."""
    found = []
    if config.languages != DEFAULT.languages:
        found.append(
            Finding(
                file, "languages", _("a student copy does not carry how languages are run: students use the defaults")
            )
        )
    if config.source_max_size != DEFAULT.source_max_size:
        found.append(
            Finding(
                file,
                "grading.source_max_size",
                _("a student copy does not carry it: students' checks accept up to {size}").format(
                    size=format_size(DEFAULT.source_max_size)
                ),
            )
        )
    return found


def _limits(file: str, key: str, limits: Limits, base: Limits | None = None) -> list[Finding]:
    """Limits far from the usual; with `base`, only those that differ from it (a problem's
    own, not the ones it inherits from config.yaml, which are questioned there)."""
    found = []

    def own(name: str) -> bool:
        return base is None or getattr(limits, name) != getattr(base, name)

    # (A wall clock shorter than the CPU limit is not questioned: a tree of processes on
    # several cores uses more CPU time than wall time, and processes-primes means that.)

    if limits.time > LONG_TIME and own("time"):
        found.append(
            Finding(
                file,
                f"{key}.time",
                _("{time} of CPU per test: a number is seconds (write 2s or 500ms to be sure)").format(
                    time=format_duration(limits.time)
                ),
            )
        )
    if (limits.memory < SMALL_MEMORY or limits.memory > LARGE_MEMORY) and own("memory"):
        found.append(
            Finding(
                file,
                f"{key}.memory",
                _("{memory} of memory per test: a number is bytes (write 256MiB to be sure)").format(
                    memory=format_size(limits.memory)
                ),
            )
        )
    return found


def _problems(config: Config, problems_dir: Path, ids: list[str], broken: bool) -> list[Finding]:
    """Each problem loads (a broken one is named, the others still checked) and its own
    limits are sane."""
    from judge.problem import load_problem

    found = []
    base = config.limits
    for pid in ids:
        path = problems_dir / pid
        try:
            problem = load_problem(path, base)
        except JudgeError as exc:
            if broken:
                found.append(Finding("", "", str(exc)))
            continue
        found += _limits(str(path / "problem.yaml"), "limits", problem.limits, base)
    return found


# -- the command ------------------------------------------------------------------------


def print_checkup(checkup: Checkup, echo, *, as_errors: bool = False) -> None:
    """One line per finding, on stderr, as `judge grade` prints its other warnings."""
    prefix = _("judge: error: {finding}") if as_errors else _("judge: warning: {finding}")
    for finding in checkup.findings:
        echo(prefix.format(finding=finding.line()), err=True)


def summary(checkup: Checkup) -> str:
    n = len(checkup.findings)
    if not n:
        return _("nothing to report (problems: {problems}, students: {students})").format(
            problems=len(checkup.problems), students=len(checkup.students)
        )
    return ngettext("{n} thing to look at", "{n} things to look at", n).format(n=n)


def checkup_before_grading(
    config: Config,
    root: Path,
    problems_dir: Path,
    times_csv: Path | None,
    roster_path: Path | None,
    strict: bool,
    roster_formats: tuple[str, ...] | None = None,
) -> None:
    """`judge doctor`'s checks: warnings; with --strict, errors that stop before grading (a
    typo in config.yaml must not become a student's grade)."""
    import click

    checkup = examine(
        config,
        problems_dir,
        root,
        times_csv=times_csv,
        roster_path=roster_path or config.roster,
        before_grading=True,
        file_dates=strict,
        roster_formats=roster_formats,
    )
    print_checkup(checkup, click.echo, as_errors=strict)
    if strict and checkup.findings:
        n = len(checkup.findings)
        raise UsageError(
            ngettext(
                "--strict: nothing graded: {n} mistake above in the course's settings",
                "--strict: nothing graded: {n} mistakes above in the course's settings",
                n,
            ).format(n=n)
        )


# -- the command ------------------------------------------------------------------------


@click.command("doctor", cls=JudgeCommand)
@click.argument("submissions_dir", required=False, type=click.Path(path_type=Path))
@problems_dir_option
@csv_option("--times", "times_csv", "The LMS's hand-in times (as for judge grade --times): its names are checked too.")
@csv_option("--roster", "roster_path", "The roster (default: config roster:): its names are checked too.")
@lang_option
@click.pass_obj
def doctor_command(
    state: CliState,
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
