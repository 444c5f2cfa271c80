"""Late work in words, for the reports people read (report.md, report.html)."""

from __future__ import annotations

from judge.core.i18n import _
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
