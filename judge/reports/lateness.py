"""Late work in words, for the reports people read (report.md, report.html, feedback/*.md)."""

from __future__ import annotations

from judge.core.i18n import _
from judge.core.numbers import decimal
from judge.core.results import SubmissionResult


def late_by(seconds: float) -> str:
    """'2 d 3 h', '5 h 10 min', '12 min', '40 s': the two largest units."""
    seconds = int(round(seconds))
    parts: list[str] = []
    for size, unit in ((86400, _("d")), (3600, _("h")), (60, _("min")), (1, _("s"))):
        if seconds >= size or (size == 1 and not parts):
            parts.append(f"{seconds // size} {unit}")
            seconds %= size
        if len(parts) == 2:
            break
    return " ".join(parts)


def describe_late(r: SubmissionResult) -> str:
    """'late by 2 d 3 h, −20 %'; within the grace 'late by 10 min, no penalty'."""
    if r.late_seconds <= 0:
        return ""
    if not r.penalty:
        return _("late by {time}, no penalty").format(time=late_by(r.late_seconds))
    return _("late by {time}, −{percent} %").format(time=late_by(r.late_seconds), percent=round(r.penalty * 100))


def source_of(r: SubmissionResult) -> str:
    """Where the hand-in time came from, in words ('' when unknown): how far to trust it."""
    if r.submitted_from == "times-csv":
        return _("the LMS's time (--times)")
    if r.submitted_from == "git":
        return _("the last git commit's time")
    if r.submitted_from == "file":
        return _("the file's date: a copy's time, a hint only")
    return ""


def describe_handed_in(r: SubmissionResult) -> str:
    """'handed in 2026-12-12T10:00:00+03:00 (the last git commit's time); due …; commit …'."""
    if r.submitted_at is None:
        return ""
    source = source_of(r)
    if source:
        text = _("handed in {time} ({source})").format(time=r.submitted_at, source=source)
    else:
        text = _("handed in {time}").format(time=r.submitted_at)
    if r.deadline:
        text += "; " + _("due {time}").format(time=r.deadline)
    if r.commit:
        text += "; " + _("commit {commit}").format(commit=r.commit[:10])
    return text


def describe_late_score(r: SubmissionResult) -> str:
    """'late by 2 d, −20 %; score 100 → 80' (report.html's words and the scores either side
    of the penalty); '' when on time."""
    late = describe_late(r)
    if not late or r.raw_score is None or r.raw_score == r.score:
        return late
    return _("{late}; score {raw} → {score}").format(late=late, raw=_num(r.raw_score), score=_num(r.score))


def _num(x: float) -> str:
    return decimal(x, 2, trim=True)  # 7, 33.33; Russian 33,33
