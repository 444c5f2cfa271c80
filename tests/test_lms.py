"""moodle.csv and canvas.csv (gradebook imports) and the roster they take identifiers from."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from judge.core.errors import ConfigError
from judge.core.i18n import using
from judge.core.results import SubmissionResult
from judge.core.verdicts import Verdict
from judge.reports import REGISTRY, Report, canvas_report, moodle_report, renderer, write_reports
from judge.semester.roster import Person, Roster, load_roster


def result(student: str, problem: str, verdict: Verdict, score: float, max_score: float) -> SubmissionResult:
    return SubmissionResult(
        student=student,
        problem=problem,
        submission=f"{student}/{problem}.py",
        sha256="0" * 64,
        language="python",
        verdict=verdict,
        score=score,
        max_score=max_score,
    )


# Problems "2" and "10" (natural order: 2 before 10). bob has no result for 10 (an empty cell);
# alice's 33.333333 is after a late penalty; carol is not in the roster.
RESULTS = [
    result("alice", "10", Verdict.WA, 33.333333, 50),
    result("alice", "2", Verdict.AC, 100, 100),
    result("bob", "2", Verdict.WA, 60, 100),
    result("carol", "2", Verdict.CE, 0, 100),
    result("carol", "10", Verdict.AC, 50, 50),
]

ROSTER_CSV = "\ufeffstudent,email,id,name\nalice,alice@uni.example,20231234,Алиса Смирнова\n\nbob,bob@uni.example,,\n"


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture
def roster(tmp_path: Path) -> Roster:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER_CSV, encoding="utf-8")
    return load_roster(path)


def test_load_roster_reads_people_with_bom_and_blank_lines(roster: Roster) -> None:
    assert roster.people == {
        "alice": Person("alice", "alice@uni.example", "20231234", "Алиса Смирнова"),
        "bob": Person("bob", "bob@uni.example", "", ""),
    }
    assert roster.get("bob") == Person("bob", email="bob@uni.example")
    assert roster.get("carol") is None


def test_load_roster_takes_columns_in_any_order_and_short_rows(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('name, id ,email,student\r\n"Doe, Jane",7,jd@x.example,jane\r\nОльга\r\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:  # "Ольга" is a name with no student
        load_roster(path)
    assert err.value.key == "line 3: student"
    path.write_text('name,id,email,student\r\n"Doe, Jane",7,jd@x.example,jane\r\n', encoding="utf-8")
    assert load_roster(path).people == {"jane": Person("jane", "jd@x.example", "7", "Doe, Jane")}


def test_moodle_csv(roster: Roster, capsys: pytest.CaptureFixture[str]) -> None:
    text = moodle_report.render(Report(results=RESULTS, roster=roster))
    assert not text.startswith("\ufeff")
    assert "\r" not in text
    assert rows(text) == [
        ["Email address", "ID number", "Full name", "2", "10", "Total"],
        # Not in the roster: no identifiers, and first, so Moodle stops at it instead of
        # giving its grades to the row above (see moodle_report's docstring).
        ["", "", "carol", "0", "50", "50"],
        ["alice@uni.example", "20231234", "Алиса Смирнова", "100", "33.3333", "133.3333"],
        ["bob@uni.example", "", "bob", "60", "", "60"],
    ]
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "judge: warning: carol is not in the roster: no email address or ID number for them in moodle.csv"
    ]


def test_canvas_csv(roster: Roster, capsys: pytest.CaptureFixture[str]) -> None:
    text = canvas_report.render(Report(results=RESULTS, roster=roster))
    assert rows(text) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Problem 2", "Problem 10"],
        ["    Points Possible", "", "", "", "", "100", "50"],
        ["Алиса Смирнова", "", "20231234", "alice@uni.example", "", "100", "33.3333"],
        ["bob", "", "", "bob@uni.example", "", "60", ""],
        ["carol", "", "", "", "", "0", "50"],
    ]
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "judge: warning: carol is not in the roster: no SIS user ID or SIS login ID for them in canvas.csv"
    ]


def test_no_roster_one_warning_and_empty_identifiers(capsys: pytest.CaptureFixture[str]) -> None:
    report = Report(results=RESULTS)
    moodle = rows(moodle_report.render(report))
    assert [row[:3] for row in moodle[1:]] == [["", "", "alice"], ["", "", "bob"], ["", "", "carol"]]
    canvas = rows(canvas_report.render(report))
    assert [row[:5] for row in canvas[2:]] == [
        ["alice", "", "", "", ""],
        ["bob", "", "", "", ""],
        ["carol", "", "", "", ""],
    ]
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "judge: warning: no roster was given (judge grade --roster FILE): no email address or "
        "ID number for any student in moodle.csv",
        "judge: warning: no roster was given (judge grade --roster FILE): no SIS user ID or "
        "SIS login ID for any student in canvas.csv",
    ]


def test_warning_in_russian(roster: Roster, capsys: pytest.CaptureFixture[str]) -> None:
    with using("ru"):
        moodle_report.render(Report(results=RESULTS, roster=roster))
    err = capsys.readouterr().err
    assert "judge: предупреждение: carol нет в списке студентов" in err
    assert "moodle.csv" in err


def test_every_student_in_roster_no_warning(roster: Roster, capsys: pytest.CaptureFixture[str]) -> None:
    known = [r for r in RESULTS if r.student != "carol"]
    moodle_report.render(Report(results=known, roster=roster))
    canvas_report.render(Report(results=known, roster=roster))
    assert capsys.readouterr().err == ""


def test_bom_follows_the_report(roster: Roster) -> None:
    for render in (moodle_report.render, canvas_report.render):
        text = render(Report(results=RESULTS, roster=roster, csv_bom=True))
        assert text.startswith("\ufeff")
        assert rows(text[1:])[0][0] in ("Email address", "Student")


def test_registered_and_written_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A roster file -> Report -> write_reports -> moodle.csv and canvas.csv read back."""
    roster_path = tmp_path / "roster.csv"
    roster_path.write_text(ROSTER_CSV, encoding="utf-8")
    known = [r for r in RESULTS if r.student != "carol"]
    report = Report(results=known, roster=load_roster(roster_path))
    assert REGISTRY["moodle"] == ("judge.reports.moodle_report", "moodle.csv")
    assert REGISTRY["canvas"] == ("judge.reports.canvas_report", "canvas.csv")
    assert renderer("moodle") is moodle_report.render
    assert renderer("canvas") is canvas_report.render
    out = tmp_path / "out"
    written = write_reports(report, out, ("moodle", "canvas"))
    assert written == [out / "moodle.csv", out / "canvas.csv"]
    moodle = rows((out / "moodle.csv").read_text(encoding="utf-8"))
    assert moodle == [
        ["Email address", "ID number", "Full name", "2", "10", "Total"],
        ["alice@uni.example", "20231234", "Алиса Смирнова", "100", "33.3333", "133.3333"],
        ["bob@uni.example", "", "bob", "60", "", "60"],
    ]
    canvas = rows((out / "canvas.csv").read_text(encoding="utf-8"))
    assert [row[0] for row in canvas] == ["Student", "    Points Possible", "Алиса Смирнова", "bob"]
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "content, key, words",
    [
        (
            "student,email,id,name\nalice,a@x,,\nbob,,,\nalice,b@x,,\n",
            "line 4: student",
            "duplicate student alice (first on line 2)",
        ),
        ("student,email,name\nalice,a@x,A\n", "line 1: id", "missing column"),
        ("student,email,id,name,group\nalice,,,,g1\n", "line 1: group", "unknown column"),
        ("student,email,id,name,email\n", "line 1: email", "duplicate column"),
        ("student,email,id,name\nalice,a@x,1,A,extra\n", "line 2", "5 cells, but the header has 4"),
        ("student,email,id,name\n,a@x,1,A\n", "line 2: student", "every row needs the student"),
        ('student,email,id,name\nalice,"a@x,1,A\n', "line 2", "malformed CSV"),
    ],
)
def test_bad_roster(tmp_path: Path, content: str, key: str, words: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_roster(path)
    assert err.value.file == str(path)
    assert err.value.key == key
    assert words in err.value.expected
    assert str(err.value).startswith(f"{path}: {key}: ")
    assert "\n" not in str(err.value)


def test_roster_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes("student,email,id,name\nalice,,,\nivanov,,,Иван\n".encode("cp1251"))
    with pytest.raises(ConfigError) as err:
        load_roster(path)
    assert (err.value.file, err.value.key) == (str(path), "line 3")
    assert "UTF-8" in str(err.value)


def test_roster_missing_or_empty(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_roster(tmp_path / "nope.csv")
    assert err.value.file == str(tmp_path / "nope.csv")
    assert "not found" in str(err.value)
    empty = tmp_path / "empty.csv"
    empty.write_text("\ufeff\n\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_roster(empty)
    assert err.value.file == str(empty)
    assert "student,email,id,name" in str(err.value)
