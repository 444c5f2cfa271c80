"""Which problem each found file is for, before any grading: a job for each file of a problem
that loads; a warning naming each file whose problem does not exist (a misnamed file, with
the closest problem id); an IE result for each file of a problem whose problem.yaml does not
load. A teacher's mistake in one problem never stops the grading of the others, and never
hides whose file was not graded."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import click

from judge.batch.job import Job
from judge.core.config import Config
from judge.core.errors import JudgeError
from judge.core.i18n import _, ngettext
from judge.core.results import SubmissionResult, unjudged
from judge.grading.submission import Submission
from judge.problem import Problem

NAMED = 5  # files named in one warning before "and N others"


@dataclass
class Broken:
    """A problem whose problem.yaml does not load: the one line `judge check` would print."""

    reason: str
    files: list[Submission] = field(default_factory=list)


@dataclass
class Assignment:
    jobs: list[Job] = field(default_factory=list)
    unknown: dict[str, list[Submission]] = field(default_factory=dict)  # problem id -> its files
    broken: dict[str, Broken] = field(default_factory=dict)


def assign(config: Config, found: list[Submission], problems_dir: Path) -> Assignment:
    """Each problem is loaded once; one that does not load is remembered with its reason."""
    from judge.problem import load_problem

    out = Assignment()
    problems: dict[str, Problem] = {}
    for f in found:
        if f.problem in out.unknown:
            out.unknown[f.problem].append(f)
            continue
        if f.problem in out.broken:
            out.broken[f.problem].files.append(f)
            continue
        if f.problem not in problems:
            path = problems_dir / f.problem
            if not (path / "problem.yaml").is_file():
                out.unknown[f.problem] = [f]
                continue
            try:
                problems[f.problem] = load_problem(path, config.limits)
            except JudgeError as exc:
                out.broken[f.problem] = Broken(str(exc), [f])
                continue
        out.jobs.append(Job(problems[f.problem], f))
    return out


def warn(assignment: Assignment, root: Path, problems_dir: Path) -> None:
    """One line per unknown problem naming its files (so their students), one per broken problem."""
    from judge.problem import list_problem_ids

    known = list_problem_ids(problems_dir) if assignment.unknown else []
    for name in sorted(assignment.unknown):
        files = _names([_relative(f, root) for f in assignment.unknown[name]])
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            text = _("judge: warning: no problem {name} in {folder} (did you mean {close}?): not graded: {files}")
        else:
            text = _("judge: warning: no problem {name} in {folder}: not graded: {files}")
        click.echo(
            text.format(name=repr(name), folder=problems_dir, close=repr(close[0]) if close else "", files=files),
            err=True,
        )
    for name in sorted(assignment.broken):
        broken = assignment.broken[name]
        n = len(broken.files)
        click.echo(
            ngettext(
                "judge: warning: problem {name} does not load, its {n} submission gets IE: {reason}",
                "judge: warning: problem {name} does not load, its {n} submissions get IE: {reason}",
                n,
            ).format(name=repr(name), n=n, reason=broken.reason),
            err=True,
        )


def broken_results(config: Config, assignment: Assignment) -> list[SubmissionResult]:
    """IE for every file of a problem that does not load, the reason as its message: the
    problem's column says what the teacher has to fix; no student loses a grade for it."""
    results = []
    for broken in assignment.broken.values():
        for f in broken.files:
            language = config.language_for(f.path)
            results.append(
                unjudged(f.student, f.problem, f.display, 0, language.name if language else "", broken.reason)
            )
    return results


def misplaced_warning(files: list[str], layout: str) -> str:
    """The line for files in student folders that the layout does not find ('' when none)."""
    if not files:
        return ""
    # One file or several, not a plural form: the number is not said (Russian's "one" form
    # is also 21's, «не проверяется» over 21 files).
    if len(files) == 1:
        return _("judge: warning: {file}: not laid out as {layout}: not graded").format(file=files[0], layout=layout)
    return _("judge: warning: {files}: not laid out as {layout}: not graded").format(files=_names(files), layout=layout)


def _names(names: list[str]) -> str:
    if len(names) <= NAMED:
        return ", ".join(names)
    rest = len(names) - NAMED
    return ngettext("{shown} and {n} other", "{shown} and {n} others", rest).format(
        shown=", ".join(names[:NAMED]), n=rest
    )


def _relative(f: Submission, root: Path) -> str:
    try:
        return f.path.relative_to(root).as_posix()
    except ValueError:
        return f.display
