"""`judge doctor` and the same checks before `judge grade` (issue 21): a teacher's mistake in
config.yaml that is valid YAML is named, key and all, before it becomes a student's grade."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROBLEMS, invoke_judge, run_judge, write

AC = (PROBLEMS / "3504" / "solutions" / "ac" / "one_condition.py").read_text(encoding="utf-8")


def _course(tmp_path: Path, config: str, students=("carol_p", "bob_k")) -> Path:
    """A course folder: two problems, a class handing in 3504, and the given config.yaml."""
    course = tmp_path / "course"
    for pid in ("3504", "3449"):
        shutil.copytree(PROBLEMS / pid, course / "problems" / pid, ignore=shutil.ignore_patterns("solutions"))
    for student in students:
        write(course / "subs" / student / "3504.py", AC)
    write(course / "config.yaml", "problems_dir: problems\nsubmissions_dir: subs\n" + config)
    return course


SEMESTER = """\
deadlines:
  default: 2026-12-01T23:59:00+03:00
  "3504": 2026-12-10T23:59:00+03:00
late: {per_day: 10%}
"""


def _git(course: Path, when: str) -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "hand-in"],
    ):
        subprocess.run(["git", *args], cwd=course, check=True, env={**_env(), **env})


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def test_nothing_to_report_exits_0(tmp_path):
    course = _course(tmp_path, SEMESTER)
    _git(course, "2026-12-05T12:00:00+03:00")
    r = invoke_judge("doctor", cwd=course)
    assert r.code == 0, r.out + r.err
    assert r.err == "" and "nothing to report (problems: 2, students: 2)" in r.out


def test_an_extension_for_a_student_who_is_not_there_is_named(tmp_path):
    course = _course(tmp_path, SEMESTER + "extensions:\n  carol: {3504: 2d}\n")
    _git(course, "2026-12-05T12:00:00+03:00")
    r = invoke_judge("doctor", cwd=course)
    assert r.code == 1, r.out + r.err
    assert (
        "judge: warning: config.yaml: extensions.carol: no student carol in the submissions folder; "
        "did you mean carol_p?" in r.err
    )
    assert "1 thing to look at" in r.out


def test_a_deadline_or_extension_for_a_problem_that_is_not_there_is_named(tmp_path):
    course = _course(tmp_path, SEMESTER.replace('"3504"', "sum_squares") + "extensions:\n  bob_k: {'35O4': 1d}\n")
    _git(course, "2026-12-05T12:00:00+03:00")
    r = invoke_judge("doctor", cwd=course)
    assert r.code == 1
    lines = r.err.splitlines()
    assert "judge: warning: config.yaml: deadlines.sum_squares: no problem sum_squares in the problems folder" in lines
    assert any(
        line.endswith("extensions.bob_k.35O4: no problem 35O4 in the problems folder; did you mean 3504?")
        for line in lines
    ), r.err


def test_the_doctor_speaks_russian(tmp_path):
    course = _course(tmp_path, SEMESTER + "extensions:\n  carol: {3504: 2d}\n")
    _git(course, "2026-12-05T12:00:00+03:00")
    r = invoke_judge("--lang", "ru", "doctor", cwd=course)
    assert "в папке с решениями нет студента carol; может быть, имелось в виду carol_p?" in r.err
    assert "1 замечание" in r.out


def test_hand_in_times_from_file_dates_are_counted_and_named(tmp_path):
    course = _course(tmp_path, SEMESTER)  # not a git repository: an unzipped LMS download
    r = invoke_judge("doctor", cwd=course)
    assert r.code == 1
    assert (
        "2 hand-in times would come from the files' dates (no git history, not in --times): bob_k/3504, carol_p/3504"
        in r.err
    )
    # An LMS export of the times settles it; one row left out is named.
    times = write(tmp_path / "times.csv", "student,problem,submitted_at\ncarol_p,3504,2026-12-05T10:00:00+03:00\n")
    r = invoke_judge("doctor", "--times", str(times), cwd=course)
    assert "1 hand-in time would come from the file's date" in r.err and "bob_k/3504" in r.err
    assert "carol_p/3504" not in r.err


def test_without_deadlines_file_dates_do_not_matter(tmp_path):
    course = _course(tmp_path, "")
    r = invoke_judge("doctor", cwd=course)
    assert r.code == 0, r.err


def test_roster_and_times_names_are_checked(tmp_path):
    course = _course(tmp_path, SEMESTER)
    _git(course, "2026-12-05T12:00:00+03:00")
    roster = write(tmp_path / "roster.csv", "student,email,id,name\ncarol,c@x,1,Carol\nbob_k,b@x,2,Bob\n")
    times = write(tmp_path / "times.csv", "student,problem,submitted_at\nbob,3504,2026-12-05T10:00:00+03:00\n")
    r = invoke_judge("doctor", "--roster", str(roster), "--times", str(times), cwd=course)
    assert r.code == 1
    assert f"{roster}: student: carol_p has submissions but no row in the roster; did you mean carol?" in r.err
    assert f"{times}: student: no student bob in the submissions folder; did you mean bob_k?" in r.err


def test_settings_a_student_copy_does_not_carry_and_odd_limits(tmp_path):
    config = SEMESTER + "limits:\n  time: 2000\ngrading:\n  source_max_size: 10KiB\n"
    course = _course(tmp_path, config)
    _git(course, "2026-12-05T12:00:00+03:00")
    yaml_path = course / "problems" / "3449" / "problem.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("memory: 256MiB", "memory: 1000", 1))
    r = invoke_judge("doctor", cwd=course)
    assert r.code == 1
    assert "config.yaml: limits.time: 2000.00 s of CPU per test: a number is seconds" in r.err
    assert "config.yaml: grading.source_max_size: a student copy does not carry it" in r.err
    assert "problems/3449/problem.yaml: limits.memory: 1000 B of memory per test: a number is bytes" in r.err
    # The time the problem inherits is questioned once, where it is written.
    assert r.err.count("limits.time") == 1, r.err


def test_a_broken_problem_is_named_and_the_rest_still_checked(tmp_path):
    course = _course(tmp_path, SEMESTER + "extensions:\n  carol: {3504: 2d}\n")
    _git(course, "2026-12-05T12:00:00+03:00")
    write(course / "problems" / "3449" / "problem.yaml", "title: [unclosed\n")
    r = invoke_judge("doctor", cwd=course)
    assert r.code == 1 and "Traceback" not in r.err
    assert "3449/problem.yaml: invalid YAML" in r.err
    assert "extensions.carol" in r.err


def test_grade_warns_and_grades_and_strict_stops_before_grading(tmp_path):
    course = _course(tmp_path, SEMESTER + "extensions:\n  carol: {3504: 2d}\n")
    _git(course, "2026-12-05T12:00:00+03:00")
    strict = invoke_judge("grade", "--strict", "-q", "--format", "json", cwd=course)
    assert strict.code == 2, strict.err
    assert "judge: error: config.yaml: extensions.carol: no student carol" in strict.err
    assert not (course / "reports").exists(), "graded although the config was wrong"
    r = run_judge("grade", "-q", "--format", "json", cwd=course)
    assert r.code == 0, r.err
    assert "judge: warning: config.yaml: extensions.carol: no student carol" in r.err
    report = json.loads((course / "reports" / "report.json").read_text())
    assert {x["student"] for x in report["results"]} == {"carol_p", "bob_k"}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_doctor_has_help(lang):
    r = invoke_judge("--lang", lang, "doctor", "--help")
    assert r.code == 0 and "config.yaml" in r.out


def test_grading_an_unzipped_folder_warns_once_and_strict_stops(tmp_path):
    course = _course(tmp_path, SEMESTER)  # not a git repository: every time is a file date
    strict = invoke_judge("grade", "--strict", "-q", "--format", "json", cwd=course)
    assert strict.code == 2
    assert "judge: error: " in strict.err and "2 hand-in times would come from the files' dates" in strict.err
    assert "--strict: nothing graded: 1 mistake above in the course's settings" in strict.err
    r = run_judge("grade", "-q", "--format", "json", cwd=course)
    assert r.code == 0, r.err
    warnings = [line for line in r.err.splitlines() if "file date" in line]
    assert len(warnings) == 1, r.err  # counted once, as the grading finds them
