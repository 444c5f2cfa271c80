"""A teacher's class as it really arrives (issue 21): a folder copied from an LMS (no git), a
misnamed file, a student folder with nothing the layout finds, a problem.yaml with a
mistake. Graded by the real `judge grade`: every student folder has a row, a misnamed file
names its student, a broken problem is IE in its own column only, hand-in times say where
they came from (and file dates are warned about once), feedback says lateness, grades.csv
has numbers a spreadsheet can add up, and reports of formats not asked for any more are
removed (only the judge's own)."""

from __future__ import annotations

import csv
import html
import io
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import invoke_judge, make_problem, run_judge, write

ECHO = "print(input())\n"
DEADLINE = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
BROKEN_LINE = "limits.time: expected a duration like '1s' or '500ms', got 'fast'"


def _class(root: Path, files: dict[str, str], dirs: tuple[str, ...] = ()) -> Path:
    folder = root / "class"
    for rel, text in files.items():
        write(folder / rel, text)
    for rel in dirs:
        (folder / rel).mkdir(parents=True, exist_ok=True)
    return folder


def _problems(root: Path) -> Path:
    problems = root / "problems"
    make_problem(problems, "sum-squares")
    write(problems / "broken" / "problem.yaml", "title: Broken\nlimits: {time: fast}\n")
    return problems


def _config(root: Path, deadlines: bool) -> Path:
    text = f"problems_dir: {root / 'problems'}\n"
    if deadlines:
        text += f"deadlines:\n  default: {DEADLINE.isoformat()}\nlate:\n  per_day: 10%\n  max: 50%\n"
    return write(root / "config.yaml", text)


def _grade(config: Path, folder: Path, out: Path, formats: str, *extra: str):
    return run_judge(
        "--config", str(config), "grade", str(folder), "--out", str(out), "-q", "--format", formats, *extra
    )


def _rows(text: str) -> dict[str, dict[str, str]]:
    """grades.csv by student."""
    return {row["student"]: row for row in csv.DictReader(io.StringIO(text))}


# -- every student folder has a row; a misnamed file names its student -------------------


def test_a_misnamed_file_names_its_student_and_every_folder_has_a_row(tmp_path):
    _problems(tmp_path)
    folder = _class(
        tmp_path,
        {
            "alice/sum-squares.py": ECHO,
            "carol_p/sum_squares.py": ECHO,  # misnamed: her only file
            "erin/hw/sum-squares.py": ECHO,  # one folder too deep
        },
        dirs=("dave",),  # handed in nothing
    )
    out = tmp_path / "out"
    r = _grade(_config(tmp_path, deadlines=False), folder, out, "csv,moodle,canvas,html")
    assert r.code == 0, r.err
    assert "no problem 'sum_squares'" in r.err and "did you mean 'sum-squares'?" in r.err, r.err
    assert "carol_p/sum_squares.py" in r.err, r.err  # her file, so her name
    assert "erin/hw/sum-squares.py" in r.err and "not laid out as" in r.err, r.err

    grades = _rows((out / "grades.csv").read_text(encoding="utf-8"))
    assert sorted(grades) == ["alice", "carol_p", "dave", "erin"], grades
    assert grades["alice"]["sum-squares"] == "100 AC" and grades["alice"]["total"] == "100"
    for student in ("carol_p", "dave", "erin"):
        assert grades[student]["sum-squares"] == grades[student]["sum-squares score"] == "", grades[student]
        assert grades[student]["total"] == "0", grades[student]

    # No roster: Moodle could match nobody, so every row is in moodle-unmatched.csv ("-": no grade).
    unmatched = (out / "moodle-unmatched.csv").open(encoding="utf-8")
    moodle = {row["student"]: row for row in csv.DictReader(unmatched)}
    assert moodle["carol_p"]["sum-squares"] == "-" and moodle["carol_p"]["Total"] == "0", moodle
    canvas = list(csv.reader((out / "canvas.csv").open(encoding="utf-8")))
    carol = next(row for row in canvas if row[0] == "carol_p")
    assert carol[5:] == [""], canvas
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'data-student="carol_p"' in html and 'data-student="dave"' in html


# -- a broken problem.yaml: IE in its column, the class still graded -----------------------


def test_a_broken_problem_is_ie_in_its_own_column_and_the_others_are_graded(tmp_path):
    _problems(tmp_path)
    folder = _class(tmp_path, {"alice/sum-squares.py": ECHO, "alice/broken.py": ECHO, "bob/broken.py": ECHO})
    config = _config(tmp_path, deadlines=False)
    out = tmp_path / "out"
    r = _grade(config, folder, out, "json,csv")
    assert r.code == 0, r.err
    assert "Traceback" not in r.err
    warning = [line for line in r.err.splitlines() if "'broken'" in line]
    assert len(warning) == 1 and "does not load, its 2 submissions get IE" in warning[0], r.err
    assert BROKEN_LINE in warning[0], r.err

    results = {(x["student"], x["problem"]): x for x in json.loads((out / "report.json").read_text())["results"]}
    assert results[("alice", "sum-squares")]["verdict"] == "AC"
    for student in ("alice", "bob"):
        broken = results[(student, "broken")]
        assert broken["verdict"] == "IE" and broken["score"] == 0, broken
        # The one line `judge check` prints for it: the file and the key.
        assert broken["message"] == str(tmp_path / "problems" / "broken" / "problem.yaml") + ": " + BROKEN_LINE
    grades = _rows((out / "grades.csv").read_text(encoding="utf-8"))
    assert grades["bob"]["broken"] == "0 IE" and grades["alice"]["sum-squares"] == "100 AC", grades

    strict = _grade(config, folder, tmp_path / "strict", "json", "--strict")
    assert strict.code == 1, strict.err  # finished; not everything accepted

    # The broken problem itself is still a data error for the commands about it.
    check = invoke_judge("--config", str(config), "check", "broken", str(folder / "bob" / "broken.py"))
    assert check.code == 2 and check.err.strip().splitlines() == [
        "judge: error: " + str(tmp_path / "problems" / "broken" / "problem.yaml") + ": " + BROKEN_LINE
    ], check.err
    validate = invoke_judge("--config", str(config), "validate", "broken")
    assert validate.code == 2 and BROKEN_LINE in validate.err and "Traceback" not in validate.err, validate.err


# -- a copied class folder with deadlines: file dates, feedback, summable grades ---------------


@pytest.fixture(scope="module")
def late_class(tmp_path_factory):
    """Not a git repository, no --times: every hand-in time is a file date. alice's is 1 d 8 h
    past the deadline (2 started days: -20 %), bob's the day before."""
    root = tmp_path_factory.mktemp("late-class")
    _problems(root)
    folder = _class(root, {"alice/sum-squares.py": ECHO, "bob/sum-squares.py": ECHO, "bob/broken.py": ECHO})
    for student, when in (("alice", DEADLINE + timedelta(days=1, hours=8)), ("bob", DEADLINE - timedelta(days=1))):
        for path in (folder / student).iterdir():
            os.utime(path, (when.timestamp(), when.timestamp()))
    config = _config(root, deadlines=True)
    out = root / "out"
    r = _grade(config, folder, out, "json,csv,html,feedback")
    assert r.code == 0, r.err
    return root, config, folder, out, r


def test_report_json_says_where_each_hand_in_time_came_from(late_class):
    _root, _config_path, _folder, out, _r = late_class
    results = json.loads((out / "report.json").read_text())["results"]
    assert {x["submitted_from"] for x in results} == {"file"}, results
    alice = next(x for x in results if x["student"] == "alice")
    assert (alice["penalty"], alice["raw_score"], alice["score"]) == (0.2, 100, 80), alice


def test_file_dates_are_warned_about_once_with_the_count_in_both_languages(late_class, tmp_path):
    _root, config, folder, out, r = late_class
    lines = [line for line in r.err.splitlines() if "come from file dates" in line]
    assert lines == [
        "judge: warning: 3 hand-in times come from file dates (not a git repository, no --times): a copied "
        "or unzipped folder makes them the copy's time; --times takes the LMS's times"
    ], r.err
    ru = run_judge(
        "--config", str(config), "--lang", "ru", "grade", str(folder), "--out", str(tmp_path), "-q", "--format", "json"
    )
    assert ru.code == 0, ru.err
    assert ru.err.count("время сдачи 3 решений взято по дате файла (не git-репозиторий, без --times)") == 1, ru.err


def test_report_html_cells_show_where_the_time_came_from(late_class):
    out = late_class[3]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count('data-from="file"') == 3, page
    text = html.unescape(page)
    assert "; hand-in time from the file's date: a copy's time, a hint only" in text  # each cell's tooltip
    assert '<span class="from"' in page and ">file date</span>" in page
    assert "(the file's date: a copy's time, a hint only)" in text  # the details' "handed in"


def test_feedback_says_the_lateness_and_the_score_before_the_penalty(late_class):
    out = late_class[3]
    alice = (out / "feedback" / "alice.md").read_text(encoding="utf-8")
    assert "⏰ late by 1 d 8 h, −20 %; score 100 → 80" in alice, alice
    assert "handed in 2026-01-11T20:00:00+00:00" in alice and "due 2026-01-10T12:00:00+00:00" in alice, alice
    assert "| 80/100 ⏰ |" in alice, alice
    bob = (out / "feedback" / "bob.md").read_text(encoding="utf-8")
    assert "late by" not in bob and "⏰" not in bob, bob


def test_grades_csv_has_numbers_a_spreadsheet_can_add_up(late_class):
    out = late_class[3]
    text = (out / "grades.csv").read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    # The contract's columns as they were (a problem's cell, the totals last), the numbers between.
    assert header == ["student", "broken", "sum-squares", "broken score", "sum-squares score", "total", "max_total"]
    rows = _rows(text)
    assert rows["alice"]["sum-squares"] == "80 AC late -20%" and rows["alice"]["sum-squares score"] == "80"
    assert rows["alice"]["broken score"] == "" and rows["bob"]["broken score"] == "0"
    for row in rows.values():
        numbers = [float(row[f"{p} score"]) for p in ("broken", "sum-squares") if row[f"{p} score"]]
        assert sum(numbers) == float(row["total"]), row


# -- stale reports -----------------------------------------------------------------------


def test_reports_of_formats_not_asked_for_are_removed_and_nothing_else(tmp_path):
    make_problem(tmp_path / "problems", "sum-squares")
    folder = _class(tmp_path, {"alice/sum-squares.py": ECHO})
    config = _config(tmp_path, deadlines=False)
    out = tmp_path / "out"
    first = _grade(config, folder, out, "json,html,feedback")
    assert first.code == 0, first.err
    write(out / "report.md", "the teacher's own notes\n")  # a judge file name the judge did not write
    write(out / "feedback" / "README.txt", "mine\n")
    second = _grade(config, folder, out, "csv")
    assert second.code == 0, second.err
    assert not (out / "report.html").exists() and not (out / "report.json").exists()
    assert not (out / "feedback" / "alice.md").exists()
    assert (out / "grades.csv").is_file()
    assert (out / "report.md").read_text() == "the teacher's own notes\n"
    assert (out / "feedback" / "README.txt").read_text() == "mine\n"
    said = [line for line in second.err.splitlines() if line.startswith("judge: removed")]
    assert len(said) == 1 and "report.html" in said[0] and "report.json" in said[0], second.err
    assert "report.md" not in said[0]
