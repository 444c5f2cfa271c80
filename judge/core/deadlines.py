"""Deadlines, the late-work policy and extensions, read from config.yaml; what lateness costs.

    deadlines:                 # per problem id; `default` for the rest; ISO 8601 with offset
      default: 2026-12-20T23:59:00+03:00
      3504: 2026-12-10T23:59:00+03:00
    late:
      grace: 15min             # no penalty within the grace
      per_day: 10%             # of the score, per started day late
      max: 50%                 # the penalty never exceeds this
      after: 7d                # later than this: score 0 (the verdict is unchanged)
    extensions:                # per student, per problem or `all`
      ivanov_a: {3504: 2d}

A time must say its UTC offset: a deadline without one means a different moment on every
machine. PyYAML already reads an unquoted `2026-12-10T23:59:00+03:00` as a datetime and `3504`
as an integer; both are accepted (keys become strings). Every error names the file and the
dotted key (`deadlines.3504`, `late.per_day`, `extensions.ivanov_a.3504`).

Days late are counted from the deadline (with the student's extension), not from the end of
the grace: the grace only forgives, it does not move the deadline. Each started day costs
`per_day`; the penalty is capped at `max`; later than `after`, the score is 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from judge.core.i18n import _
from judge.core.schema import Section

T = TypeVar("T")

DAY = 86400.0
ALL = "all"  # extensions: every problem of the student
DEFAULT_KEY = "default"  # deadlines: every problem not named

_SPAN = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(d|h|min|s)?\s*$")
_SPAN_FACTORS = {None: 1.0, "s": 1.0, "min": 60.0, "h": 3600.0, "d": DAY}
_PERCENT = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*%\s*$")


@dataclass(frozen=True)
class LatePolicy:
    grace: float = 0.0  # seconds after the deadline without a penalty
    per_day: float = 0.0  # fraction of the score per started day late
    max: float = 1.0  # the penalty never exceeds this fraction
    after: float | None = None  # seconds late beyond which the score is 0; None: never


@dataclass(frozen=True)
class Semester:
    deadlines: dict[str, datetime] = field(default_factory=dict)  # problem id -> deadline
    default: datetime | None = None  # every other problem's deadline
    late: LatePolicy = field(default_factory=LatePolicy)
    # student -> problem id or "all" -> extra seconds
    extensions: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def configured(self) -> bool:
        """Whether any deadline is given (without one nothing is ever late)."""
        return bool(self.deadlines) or self.default is not None

    def deadline(self, student: str, problem: str) -> datetime | None:
        """The problem's deadline (else the default) plus the student's extension for this
        problem (else their `all` extension); None when there is no deadline."""
        base = self.deadlines.get(problem, self.default)
        if base is None:
            return None
        mine = self.extensions.get(student, {})
        extra = mine.get(problem, mine.get(ALL))
        return base + timedelta(seconds=extra) if extra else base


@dataclass(frozen=True)
class Lateness:
    submitted_at: datetime | None
    deadline: datetime | None
    late_seconds: float = 0.0  # 0 when on time, or when either time is unknown
    penalty: float = 0.0  # fraction of the score taken away, 0..1


# -- reading values ---------------------------------------------------------------------------


def parse_time(value: object) -> datetime:
    """A tz-aware datetime from a datetime or an ISO 8601 string with a UTC offset."""
    if isinstance(value, datetime):
        moment: datetime | None = value
        shown = value.isoformat()
    elif isinstance(value, date):  # a day without a time (datetime is a date too: checked above)
        moment, shown = None, value.isoformat()
    elif isinstance(value, str):
        shown = value
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
    else:
        moment, shown = None, value  # type: ignore[assignment]
    if moment is None or moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            _("expected an ISO 8601 time with a UTC offset, e.g. 2026-12-10T23:59:00+03:00, got {value}").format(
                value=repr(shown)
            )
        )
    return moment


def parse_span(value: object) -> float:
    """Seconds from '2d', '36h', '15min', '30s', '0', a number of seconds or a timedelta; >= 0."""
    if isinstance(value, timedelta) and value >= timedelta(0):
        return value.total_seconds()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value >= 0 and math.isfinite(value):
            return float(value)
    elif isinstance(value, str):
        match = _SPAN.match(value)
        if match:
            return float(match.group(1)) * _SPAN_FACTORS[match.group(2)]
    raise ValueError(_("expected a time span like '2d', '36h', '15min' or '0', got {value}").format(value=repr(value)))


def parse_fraction(value: object) -> float:
    """A fraction 0..1 from '10%' or a number 0..1."""
    fraction: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        fraction = float(value)
    elif isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            fraction = float(match.group(1)) / 100
    if fraction is None or not 0 <= fraction <= 1:
        raise ValueError(
            _("expected a percentage like '10%' or a fraction from 0 to 1, got {value}").format(value=repr(value))
        )
    return fraction


def _read(section: Section, name: str, convert: Callable[[object], T]) -> T:
    try:
        return convert(section.raw(name))
    except ValueError as exc:
        raise section.error(name, str(exc)) from None


def _optional(section: Section, name: str, default: T, convert: Callable[[object], T]) -> T:
    if section.raw(name) is None:
        return default
    return _read(section, name, convert)


def _string_keys(section: Section) -> Section:
    """The section with its keys as strings (YAML reads `3504:` as an integer); every key is
    read by the caller, so `done()` on the original is not needed."""
    data: dict[str, object] = {}
    for key, value in section.data.items():
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            raise section.error(
                str(key),
                _("expected a name or a number as the key, got {value} (put it in quotes)").format(value=repr(key)),
            )
        name = str(key)
        if name in data:
            raise section.error(name, _("the same key is given twice"))
        data[name] = value
    return Section(data, section.file, section.prefix)


# -- config.yaml --------------------------------------------------------------------------


def load_semester(root: Section) -> Semester:
    """`deadlines`, `late` and `extensions` of config.yaml (a Section of the whole file).

    Reads only these three keys (the caller calls `root.done()`); none of them: an empty
    Semester, where nothing is ever late."""
    deadlines_section = _string_keys(root.section("deadlines"))
    deadlines: dict[str, datetime] = {}
    default: datetime | None = None
    for name in list(deadlines_section.data):
        moment = _read(deadlines_section, name, parse_time)
        if name == DEFAULT_KEY:
            default = moment
        else:
            deadlines[name] = moment
    deadlines_section.done()

    late_section = root.section("late")
    base = LatePolicy()
    late = LatePolicy(
        grace=_optional(late_section, "grace", base.grace, parse_span),
        per_day=_optional(late_section, "per_day", base.per_day, parse_fraction),
        max=_optional(late_section, "max", base.max, parse_fraction),
        after=_optional(late_section, "after", base.after, parse_span),
    )
    late_section.done()

    students = _string_keys(root.section("extensions"))
    extensions: dict[str, dict[str, float]] = {}
    for student in list(students.data):
        problems = _string_keys(students.section(student))
        extensions[student] = {name: _read(problems, name, parse_span) for name in list(problems.data)}
        problems.done()
    students.done()
    return Semester(deadlines=deadlines, default=default, late=late, extensions=extensions)


# -- what lateness costs ------------------------------------------------------------------------


def assess(semester: Semester, student: str, problem: str, submitted_at: datetime | None) -> Lateness:
    """How late `student`'s `problem` was and the fraction of the score it costs.

    Within the grace: no penalty (the seconds late are still reported). Otherwise each day
    started after the deadline costs `per_day`, at most `max`; later than `after`: 1.0.
    `submitted_at` must be tz-aware (a naive time is a different moment on every machine)."""
    deadline = semester.deadline(student, problem)
    if submitted_at is None or deadline is None:
        return Lateness(submitted_at, deadline)
    if submitted_at.tzinfo is None or submitted_at.utcoffset() is None:
        raise ValueError("assess: submitted_at must be timezone-aware")  # a caller's bug, not the user's
    late = (submitted_at - deadline).total_seconds()
    if late <= 0:
        return Lateness(submitted_at, deadline)
    policy = semester.late
    if late <= policy.grace:
        penalty = 0.0
    elif policy.after is not None and late > policy.after:
        penalty = 1.0
    else:
        penalty = round(min(policy.max, policy.per_day * math.ceil(late / DAY)), 6)
    return Lateness(submitted_at, deadline, late, penalty)


def apply(score: float, lateness: Lateness) -> float:
    """The score after the late penalty, rounded to 4 decimals."""
    return round(score * (1 - lateness.penalty), 4)
