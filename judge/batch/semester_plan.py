"""What `judge grade` does for a semester around the grading itself: which version of each
file it grades (the current one, or the one committed by the deadline: --at-deadline,
--as-of), when each was handed in, and the late penalty on its result.

The grading and its cache never see any of this: a result depends on the file's bytes only,
and lateness is applied to a copy of it afterwards (the same file handed in late by one
student and on time by another is graded once).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import click

from judge.core.deadlines import Semester, apply, assess
from judge.core.i18n import _, ngettext
from judge.core.results import SubmissionResult
from judge.grading.submission import Submission
from judge.semester.times import GitHistory, Submitted, TimeSource


@dataclass(frozen=True)
class Cutoff:
    """Grade the files as they were at a time: each student's own deadline (`at_deadline`,
    extensions included), or one time for everyone (`as_of`)."""

    at_deadline: bool = False
    as_of: datetime | None = None

    @property
    def active(self) -> bool:
        return self.at_deadline or self.as_of is not None


@dataclass
class SemesterPlan:
    semester: Semester
    times: TimeSource
    cutoff: Cutoff = Cutoff()
    snapshot_dir: Path | None = None  # where versions from git are written to be graded
    handed_in: dict[tuple[str, str], Submitted] = field(default_factory=dict)

    @property
    def wanted(self) -> bool:
        """Whether lateness is reported at all: deadlines, LMS times or a cutoff."""
        return self.semester.configured or bool(self.times.times) or self.cutoff.active

    def select(self, root: Path, found: list[Submission]) -> list[Submission]:
        """The submissions to grade: as they are, or (with a cutoff) each file's version from
        the last commit at or before its cutoff, written under snapshot_dir. A file with no
        such commit is left out with a warning (it did not exist yet)."""
        if not self.cutoff.active:
            for f in found:
                if self.wanted:
                    self.handed_in[(f.student, f.problem)] = self.times.submitted(f.student, f.problem, f.path)
            return found
        history = GitHistory.open(root)
        if history is None:
            from judge.core.errors import UsageError

            raise UsageError(
                _("{folder}: --at-deadline and --as-of need the submissions folder in a git repository").format(
                    folder=root
                )
            )
        assert self.snapshot_dir is not None
        chosen: list[Submission] = []
        for f in found:
            when = self.cutoff.as_of or self.semester.deadline(f.student, f.problem)
            if when is None:
                click.echo(
                    _("judge: warning: {student}/{problem}: no deadline for it: the current file is graded").format(
                        student=f.student, problem=f.problem
                    ),
                    err=True,
                )
                self.handed_in[(f.student, f.problem)] = self.times.submitted(f.student, f.problem, f.path)
                chosen.append(f)
                continue
            version = history.version_at(f.path, when)
            if version is None:
                click.echo(
                    _("judge: warning: {student}/{problem}: nothing committed by {time}: not graded").format(
                        student=f.student, problem=f.problem, time=when.isoformat()
                    ),
                    err=True,
                )
                continue
            commit, content = version
            path = self.snapshot_dir / f.path.relative_to(root)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            at = history.commit_time(f.path, commit) or when
            self.handed_in[(f.student, f.problem)] = Submitted(at=at, source="git", commit=commit)
            chosen.append(dataclasses.replace(f, path=path))
        return chosen

    def assess(self, results: list[SubmissionResult]) -> list[SubmissionResult]:
        """Each result with its lateness and the penalty applied (a copy; the cache keeps the
        raw result). Warns once when file dates decide lateness (see file_dates_warning)."""
        if not self.wanted:
            return results
        assessed = [self._one(r) for r in results]
        warning = self.file_dates_warning(assessed)
        if warning:
            click.echo(warning, err=True)
        return assessed

    def file_dates_warning(self, results: list[SubmissionResult]) -> str:
        """One line counting the results whose lateness a file's date decided ('' when none).
        A class folder downloaded from an LMS or unzipped has every file dated at the copy:
        everybody looks late, silently, unless this is said."""
        dated = sum(1 for r in results if r.submitted_from == "file" and r.deadline is not None)
        if not dated:
            return ""
        in_git = self.times.history is not None
        if self.times.times:
            reason = _("not committed to git, not in --times") if in_git else _("not a git repository, not in --times")
        else:
            reason = _("not committed to git, no --times") if in_git else _("not a git repository, no --times")
        return ngettext(
            "judge: warning: {n} hand-in time comes from a file date ({reason}): a copied or unzipped "
            "folder makes it the copy's time; --times takes the LMS's times",
            "judge: warning: {n} hand-in times come from file dates ({reason}): a copied or unzipped "
            "folder makes them the copy's time; --times takes the LMS's times",
            dated,
        ).format(n=dated, reason=reason)

    def _one(self, r: SubmissionResult) -> SubmissionResult:
        handed = self.handed_in.get((r.student, r.problem))
        late = assess(self.semester, r.student, r.problem, handed.at if handed else None)
        raw = r.score
        return dataclasses.replace(
            r,
            submitted_at=_iso(late.submitted_at),
            deadline=_iso(late.deadline),
            late_seconds=round(late.late_seconds, 3),
            penalty=late.penalty,
            raw_score=raw,
            score=apply(raw, late),
            commit=handed.commit if handed else None,
            submitted_from=handed.submitted_from if handed else None,
        )


def _iso(when: datetime | None) -> str | None:
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.isoformat(timespec="seconds")
