"""Numbers in the reader's language (judge/core/numbers.py) and numbers that mean something:
a decimal comma in Russian, no «,0» on a whole size, English as it was; no ratio over a wall
time the clock cannot measure, and no concurrency observation under a crash."""

from __future__ import annotations

import re

import pytest

from judge.commands.check_output import concurrency_line
from judge.commands.show import _rules_in_words
from judge.core import i18n
from judge.core.numbers import decimal
from judge.core.units import format_duration, format_size
from judge.grading import rules
from judge.grading.observe import MIN_RATIO_WALL, Observation
from judge.problem import Rules
from tests.conftest import PROBLEMS, run_judge, write


@pytest.mark.parametrize(
    "value, places, options, en, ru",
    [
        (1.0, 2, {}, "1.00", "1,00"),
        (1.15, 2, {}, "1.15", "1,15"),
        (256.0, 1, {"whole": True}, "256.0", "256"),  # English keeps "256.0 MiB"
        (4.7, 1, {"whole": True}, "4.7", "4,7"),
        (3.5, 1, {"trim": True}, "3.5", "3,5"),
        (3.0, 1, {"trim": True}, "3", "3"),
        (33.3333, 2, {"trim": True}, "33.33", "33,33"),
        (7.0, 2, {"trim": True}, "7", "7"),
        (1.5, None, {}, "1.5", "1,5"),
        (2.0, None, {}, "2", "2"),
        (250.4, 0, {}, "250", "250"),
        (-0.001, 2, {}, "0.00", "0,00"),  # a rounded -0.001 is no "-0.00"
    ],
)
def test_decimal_follows_the_language(value, places, options, en, ru):
    assert decimal(value, places, **options) == en
    with i18n.using("ru"):
        assert decimal(value, places, **options) == ru


def test_units_in_russian_and_english():
    with i18n.using("ru"):
        assert (format_duration(1), format_duration(0.25), format_duration(12.345)) == ("1,00 с", "250 мс", "12,35 с")
        assert (format_size(256 * 1024**2), format_size(int(4.7 * 1024**2)), format_size(512)) == (
            "256 МиБ",
            "4,7 МиБ",
            "512 Б",
        )
    assert (format_duration(1), format_size(256 * 1024**2), format_size(int(4.7 * 1024**2))) == (
        "1.00 s",
        "256.0 MiB",
        "4.7 MiB",
    )


def test_a_fraction_takes_the_genitive_singular():
    singular, plural = "{n} core", "{n} cores"
    with i18n.using("ru"):
        # No catalog entry: the formula still picks the form a fraction takes (form 1, as for 2).
        assert i18n.ngettext(singular, plural, 1.5) == i18n.ngettext(singular, plural, 2)
        assert i18n.ngettext(singular, plural, 2.0) == i18n.ngettext(singular, plural, 2)  # whole: a number
    assert i18n.ngettext(singular, plural, 1.5) == plural and i18n.ngettext(singular, plural, 1.0) == singular


@pytest.mark.parametrize(
    "wanted, ru, en",
    [
        (1.15, "занимать 1,15 ядра или больше", "at least 1.15 cores"),
        (2.0, "занимать 2 ядра или больше", "at least 2 cores"),
        (5.0, "занимать 5 ядер или больше", "at least 5 cores"),
    ],
)
def test_the_parallelism_rule_in_words(wanted, ru, en):
    with i18n.using("ru"):
        [line] = _rules_in_words(Rules(parallelism=wanted))
    assert ru in line, line
    [line] = _rules_in_words(Rules(parallelism=wanted))
    assert en in line, line


def _seen(wall: float) -> dict[str, float]:
    return {"threads_started": 0, "peak_threads": 1, "processes_started": 0, "wall_time": wall, "cpu_time": 0.012}


def test_no_ratio_over_a_wall_time_the_clock_cannot_measure():
    short = concurrency_line({**_seen(0.005), "cores_wanted": 2.4, "sequential": 2.0, "max_wall": 1.2})
    assert "CPU/wall" not in short and "cores busy" not in short, short
    assert "wall 0.01 s vs sequential 2.00 s (limit 1.20 s)" in short  # what was measured stays
    long = concurrency_line({**_seen(0.5), "cpu_time": 1.0, "cores_wanted": 2.4})
    assert "CPU/wall 2.00" in long and "cores busy 2.40" in long, long
    with i18n.using("ru"):
        long = concurrency_line({**_seen(0.5), "cpu_time": 1.0, "cores_wanted": 2.4})
    assert "0,50 с" in long and "2,40" in long and not re.search(r"\d\.\d", long), long
    assert MIN_RATIO_WALL > 0.005 and Observation(wall_time=MIN_RATIO_WALL).measurable


def test_no_parallelism_verdict_over_a_run_too_short_to_measure():
    wanted = Rules(parallelism=1.15)
    short = Observation(wall_time=0.007, cpu_time=0.015, processes_started=2)
    found, notes = rules.check_runtime(wanted, short, cores=4)
    assert found == [] and notes and "too short" in notes[0]
    slow = Observation(wall_time=1.0, cpu_time=1.02, processes_started=2)
    with i18n.using("ru"):
        [violation] = rules.check_runtime(wanted, slow, cores=4)[0]
    assert violation.kind == rules.NOT_PARALLEL
    assert "1,02 ядра" in violation.message and "1,15" in violation.message, violation.message


CRASH_BEFORE_THREADS = """\
    from threading import Thread

    class Worker(Thread):
        def __init__(self):
            super().__init__(self)  # the lecture's slip: Thread's `group` gets self, an AssertionError

        def run(self):
            print("Thread 1: 0")

    k = int(input())
    Worker().start()
    print("END")
"""


@pytest.mark.process
def test_a_crash_before_any_thread_shows_no_concurrency_numbers(tmp_path):
    """The issue's solution: it crashes in milliseconds before starting a thread. Its tests
    are RE, and under them no observation (threads 0, CPU/wall of two tiny numbers)."""
    solution = write(tmp_path / "sol.py", CRASH_BEFORE_THREADS)
    for lang in ("ru", "en"):
        r = run_judge("check", "thread-subclass", str(solution), "--problems-dir", str(PROBLEMS), "--lang", lang)
        assert r.code == 1, r.err
        table = r.out.split("\n\n")[1].splitlines()
        rows = [line for line in table[1:] if line.strip()]
        assert rows and all(" RE " in row for row in rows), r.out
        assert "↳" not in r.out, r.out
        assert "CPU/wall" not in r.out and "cores busy" not in r.out, r.out
        if lang == "ru":
            limits = r.out.splitlines()[1]
            assert "2,00 с" in limits and "256 МиБ" in limits, limits
            assert not any(re.search(r"\d\.\d", row) for row in rows), rows  # «4,7 МиБ», not 4.7
