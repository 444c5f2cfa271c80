"""Deadlines, the late policy and extensions from config.yaml (judge/core/deadlines.py)."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from judge.core.deadlines import (
    Lateness,
    LatePolicy,
    Semester,
    apply,
    assess,
    load_semester,
    parse_fraction,
    parse_span,
)
from judge.core.errors import ConfigError
from judge.core.schema import Section, load_yaml

MSK = timezone(timedelta(hours=3))
GOOD = """\
    deadlines:
      default: 2026-12-20T23:59:00+03:00
      3504: 2026-12-10T23:59:00+03:00
      "hello": "2026-12-01T12:00:00Z"
    late:
      grace: 15min
      per_day: 10%
      max: 50%
      after: 7d
    extensions:
      ivanov_a: {3504: 2d}
      petrov_b: {all: 36h}
      100500: {hello: 1h, all: 1d}
    """


def load(tmp_path: Path, text: str) -> Semester:
    path = tmp_path / "config.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    root = Section(load_yaml(path), path)
    semester = load_semester(root)
    root.done()  # load_semester marks its three sections read
    return semester


def error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    message = str(info.value)
    assert "\n" not in message
    assert str(tmp_path / "config.yaml") in message
    return message


# -- parsing -------------------------------------------------------------------------------


def test_good_config(tmp_path):
    s = load(tmp_path, GOOD)
    assert s.configured
    assert s.default == datetime(2026, 12, 20, 23, 59, tzinfo=MSK)
    # PyYAML's own datetime and its int key 3504, a quoted string with Z
    assert s.deadlines == {
        "3504": datetime(2026, 12, 10, 23, 59, tzinfo=MSK),
        "hello": datetime(2026, 12, 1, 12, 0, tzinfo=UTC),
    }
    assert s.late == LatePolicy(grace=900, per_day=0.1, max=0.5, after=7 * 86400)
    assert s.extensions == {
        "ivanov_a": {"3504": 172800.0},
        "petrov_b": {"all": 129600.0},
        "100500": {"hello": 3600.0, "all": 86400.0},
    }


def test_yaml_gives_datetime_and_int_keys(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("deadlines:\n  3504: 2026-12-10T23:59:00+03:00\n", encoding="utf-8")
    data = load_yaml(path)
    assert isinstance(data["deadlines"][3504], datetime)  # what load_semester is given
    s = load_semester(Section(data, path))
    assert s.deadlines["3504"].utcoffset() == timedelta(hours=3)


def test_no_keys_is_an_empty_semester(tmp_path):
    s = load_semester(Section({"layout": "{student}/{problem}.{ext}"}, tmp_path / "config.yaml"))
    assert s == Semester()
    assert not s.configured
    assert s.deadline("anyone", "3504") is None
    assert load(tmp_path, "deadlines:\nlate:\nextensions:\n") == Semester()


@pytest.mark.parametrize(
    "value, shown",
    [
        ("2026-12-10T23:59", "'2026-12-10T23:59'"),  # a string without an offset
        ("2026-12-10T23:59:00", "'2026-12-10T23:59:00'"),  # PyYAML: a naive datetime
        ("2026-12-10", "'2026-12-10'"),  # PyYAML: a date
        ("tomorrow", "'tomorrow'"),
        ("5", "5"),
    ],
)
def test_bad_deadline(tmp_path, value, shown):
    message = error(tmp_path, f"deadlines:\n  3504: {value}\n")
    assert (
        ": deadlines.3504: expected an ISO 8601 time with a UTC offset, "
        f"e.g. 2026-12-10T23:59:00+03:00, got {shown}" in message
    )


def test_bad_default_deadline(tmp_path):
    assert "deadlines.default: expected an ISO 8601 time" in error(tmp_path, "deadlines:\n  default: soon\n")


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("per_day", "ten", "late.per_day: expected a percentage like '10%' or a fraction from 0 to 1, got 'ten'"),
        ("per_day", "150%", "late.per_day: expected a percentage"),
        ("max", "2", "late.max: expected a percentage"),
        ("max", "true", "late.max: expected a percentage"),
        ("grace", "a while", "late.grace: expected a time span like '2d', '36h', '15min' or '0', got 'a while'"),
        ("grace", "-5min", "late.grace: expected a time span"),
        ("after", "7 weeks", "late.after: expected a time span"),
    ],
)
def test_bad_late_value(tmp_path, key, value, expected):
    assert expected in error(tmp_path, f"late:\n  {key}: {value}\n")


def test_unknown_late_key(tmp_path):
    message = error(tmp_path, "late:\n  per_dya: 10%\n")
    assert "late.per_dya: unknown key (expected one of: after, grace, max, per_day)" in message


def test_bad_extension(tmp_path):
    assert "extensions.ivanov_a.3504: expected a time span" in error(
        tmp_path, "extensions:\n  ivanov_a: {3504: two days}\n"
    )
    assert "extensions.ivanov_a: expected a mapping" in error(tmp_path, "extensions:\n  ivanov_a: 2d\n")


def test_key_given_twice_and_odd_keys(tmp_path):
    assert "deadlines.3504: the same key is given twice" in error(
        tmp_path, "deadlines:\n  3504: 2026-12-10T23:59:00+03:00\n  '3504': 2026-12-11T23:59:00+03:00\n"
    )
    assert "extensions.True: expected a name or a number as the key" in error(
        tmp_path, "extensions:\n  yes: {all: 1d}\n"
    )


def test_value_parsers():
    assert parse_span("0") == 0 and parse_span(0) == 0
    assert parse_span("2d") == 172800 and parse_span("36h") == 129600
    assert parse_span("15min") == 900 and parse_span("30s") == 30 and parse_span("1.5d") == 129600
    assert parse_span(timedelta(hours=1)) == 3600
    assert parse_fraction("10%") == pytest.approx(0.1) and parse_fraction(0.1) == 0.1
    assert parse_fraction(1) == 1.0 and parse_fraction("0%") == 0
    for bad in ("2w", "", "-1s", True, None):
        with pytest.raises(ValueError):
            parse_span(bad)
    for bad in ("ten", "101%", 1.5, -0.1, False):
        with pytest.raises(ValueError):
            parse_fraction(bad)


# -- penalties -----------------------------------------------------------------------------

DEADLINE = datetime(2026, 12, 10, 23, 59, tzinfo=MSK)


def policy(**late: float) -> Semester:
    return Semester(deadlines={"3504": DEADLINE}, late=LatePolicy(**late))


def test_on_time_and_unknown():
    s = policy(per_day=0.1)
    on_time = assess(s, "a", "3504", DEADLINE - timedelta(hours=1))
    assert on_time == Lateness(DEADLINE - timedelta(hours=1), DEADLINE, 0.0, 0.0)
    assert assess(s, "a", "3504", DEADLINE).penalty == 0  # exactly at the deadline
    assert assess(s, "a", "3504", None) == Lateness(None, DEADLINE, 0.0, 0.0)
    assert assess(s, "a", "other", DEADLINE + timedelta(days=30)).penalty == 0  # no deadline, no default
    assert assess(s, "a", "other", DEADLINE).deadline is None


def test_grace():
    s = policy(grace=900, per_day=0.1)
    within = assess(s, "a", "3504", DEADLINE + timedelta(minutes=15))
    assert within.penalty == 0 and within.late_seconds == 900  # reported, forgiven
    past = assess(s, "a", "3504", DEADLINE + timedelta(minutes=15, seconds=1))
    assert past.penalty == pytest.approx(0.1) and past.late_seconds == 901


def test_one_second_late_without_grace():
    s = policy(per_day=0.1)
    late = assess(s, "a", "3504", DEADLINE + timedelta(seconds=1))
    assert late.penalty == pytest.approx(0.1)
    assert apply(80, late) == 72.0


def test_days_are_counted_from_the_deadline():
    s = policy(grace=900, per_day=0.1)
    two_days = assess(s, "a", "3504", DEADLINE + timedelta(days=2))
    assert two_days.penalty == pytest.approx(0.2)  # not 0.3: the grace does not move the deadline
    assert assess(s, "a", "3504", DEADLINE + timedelta(days=2, seconds=1)).penalty == pytest.approx(0.3)
    # a different offset, the same moment
    utc = (DEADLINE + timedelta(days=2)).astimezone(UTC)
    assert assess(s, "a", "3504", utc).penalty == pytest.approx(0.2)


def test_after_and_max():
    s = policy(per_day=0.1, max=0.5, after=7 * 86400)
    assert assess(s, "a", "3504", DEADLINE + timedelta(days=6)).penalty == 0.5  # capped
    assert assess(s, "a", "3504", DEADLINE + timedelta(days=7)).penalty == 0.5  # exactly 7 days: not after
    nine = assess(s, "a", "3504", DEADLINE + timedelta(days=9))
    assert nine.penalty == 1.0 and nine.late_seconds == 9 * 86400
    assert apply(100, nine) == 0.0
    uncapped = policy(per_day=0.15)
    assert assess(uncapped, "a", "3504", DEADLINE + timedelta(days=9)).penalty == 1.0  # max defaults to 100%


def test_apply_rounds():
    assert apply(1 / 3, Lateness(None, None, 0, 0)) == 0.3333
    assert apply(0.7, Lateness(None, None, 3600, 0.3)) == 0.49


def test_naive_submission_time_is_refused():
    with pytest.raises(ValueError):
        assess(policy(per_day=0.1), "a", "3504", datetime(2026, 12, 11))


# -- extensions ------------------------------------------------------------------------------


def test_extensions(tmp_path):
    s = load(tmp_path, GOOD)
    own = datetime(2026, 12, 10, 23, 59, tzinfo=MSK)
    assert s.deadline("ivanov_a", "3504") == own + timedelta(days=2)  # per problem
    assert s.deadline("ivanov_a", "9999") == s.default  # not extended for the others
    assert s.deadline("petrov_b", "3504") == own + timedelta(hours=36)  # `all`
    assert s.deadline("petrov_b", "9999") == s.default + timedelta(hours=36)
    assert s.deadline("100500", "hello") == s.deadlines["hello"] + timedelta(hours=1)  # the problem's wins
    assert s.deadline("100500", "3504") == own + timedelta(days=1)
    assert s.deadline("sidorov", "3504") == own

    # 1 day 12 h late for everyone else; ivanov_a's 2 days make it on time
    submitted = own + timedelta(days=1, hours=12)
    assert assess(s, "ivanov_a", "3504", submitted).penalty == 0
    assert assess(s, "sidorov", "3504", submitted).penalty == pytest.approx(0.2)
    assert assess(s, "petrov_b", "3504", submitted).penalty == 0  # 36 h: exactly at the new deadline
    late = assess(s, "ivanov_a", "3504", own + timedelta(days=3))
    assert late.deadline == own + timedelta(days=2) and late.late_seconds == 86400
    assert late.penalty == pytest.approx(0.1)
