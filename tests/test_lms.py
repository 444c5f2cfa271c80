"""moodle.csv and canvas.csv (gradebook imports) and the roster they take identifiers from."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from judge.core.config import Config
from judge.core.errors import ConfigError
from judge.core.i18n import using
from judge.core.results import SubmissionResult
from judge.core.verdicts import Verdict
from judge.reports import REGISTRY, Report, canvas_report, moodle_report, remove_stale, renderer, write_reports
from judge.semester.roster import Person, Roster, check, load_roster, vet
from tests.lms_importers import (
    CanvasAssignment,
    CanvasStudent,
    MoodleUser,
    canvas_import,
    decimal_comma_to_period,
    moodle_import,
    moodle_rows,
)


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
        # Only the identifier Moodle matches on (lms.moodle_identifier, e-mail by default);
        # no result is Moodle's "-" (no grade), never an empty cell (0 on older Moodle).
        ["Email address", "Full name", "2", "10", "Total"],
        ["alice@uni.example", "Алиса Смирнова", "100", "33.3333", "133.3333"],
        ["bob@uni.example", "bob", "60", "-", "60"],
    ]
    # carol is not in the roster: a row Moodle 4.5 cannot match stops its whole import, so
    # she is left out, and said so.
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "judge: warning: moodle.csv: carol left out: not in the roster",
        "judge: warning: moodle.csv: 1 student left out (Moodle stops the whole import at a row it cannot "
        "match); enter their grades by hand from moodle-unmatched.csv",
    ]
    book = moodle_report.build(Report(results=RESULTS, roster=roster))
    assert rows(book.unmatched) == [
        ["student", "Email address", "ID number", "Full name", "reason", "2", "10", "Total"],
        ["carol", "", "", "carol", "not in the roster", "0", "50", "50"],
    ]


def test_moodle_csv_by_id_number(roster: Roster, capsys: pytest.CaptureFixture[str]) -> None:
    """lms.moodle_identifier: idnumber: the ID number column alone; bob has none."""
    config = Config(moodle_identifier="idnumber")
    text = moodle_report.render(Report(results=RESULTS, roster=roster, config=config))
    assert rows(text) == [
        ["ID number", "Full name", "2", "10", "Total"],
        ["20231234", "Алиса Смирнова", "100", "33.3333", "133.3333"],
    ]
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        "judge: warning: moodle.csv: bob left out: no ID number in the roster (line 4)",
        "judge: warning: moodle.csv: carol left out: not in the roster",
    ]
    assert "2 students left out" in err[2]


def test_moodle_names_a_problem_worth_more_than_its_maximum_grade(
    roster: Roster, capsys: pytest.CaptureFixture[str]
) -> None:
    """Moodle's import stops at a grade over the site's maximum (100 by default)."""
    big = [*RESULTS, result("alice", "3", Verdict.AC, 150, 150)]
    moodle_report.render(Report(results=big, roster=roster))
    assert (
        "judge: warning: moodle.csv: problem 3 is worth up to 150 points: Moodle's import refuses a grade over "
        "100 unless the site's maximum grade is raised (gradepointmax)"
    ) in capsys.readouterr().err.splitlines()


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
        "judge: warning: carol is not in the roster: no SIS user ID or SIS login ID for them in canvas.csv",
        # Canvas's import clears a score already entered where a cell is empty: said once.
        "judge: warning: canvas.csv has 1 empty cell (no result): importing it clears a score already "
        "entered in Canvas for that student and assignment",
    ]


def test_no_roster_one_warning_and_no_identifiers(capsys: pytest.CaptureFixture[str]) -> None:
    report = Report(results=RESULTS)
    book = moodle_report.build(report)
    assert rows(book.text) == [["Email address", "Full name", "2", "10", "Total"]]  # nobody Moodle can match
    assert [row[0] for row in rows(book.unmatched)[1:]] == ["alice", "bob", "carol"]
    moodle_report.render(report)
    canvas = rows(canvas_report.render(report))
    assert [row[:5] for row in canvas[2:]] == [
        ["alice", "", "", "", ""],
        ["bob", "", "", "", ""],
        ["carol", "", "", "", ""],
    ]
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "judge: warning: no roster was given (judge grade --roster FILE): no e-mail address for any student in moodle.csv",
        "judge: warning: moodle.csv: 3 students left out (Moodle stops the whole import at a row it cannot match); "
        "enter their grades by hand from moodle-unmatched.csv",
        "judge: warning: no roster was given (judge grade --roster FILE): no SIS user ID or "
        "SIS login ID for any student in canvas.csv",
        "judge: warning: canvas.csv has 1 empty cell (no result): importing it clears a score already "
        "entered in Canvas for that student and assignment",
    ]


def test_warning_in_russian(roster: Roster, capsys: pytest.CaptureFixture[str]) -> None:
    with using("ru"):
        moodle_report.render(Report(results=RESULTS, roster=roster))
        book = moodle_report.build(Report(results=RESULTS, roster=roster))
    err = capsys.readouterr().err
    assert "judge: предупреждение: moodle.csv: строка студента carol не записана: нет в списке студентов" in err
    assert "не записан 1 студент" in err
    assert rows(book.unmatched)[1][4] == "нет в списке студентов"  # the reason, in the report's language


def test_every_student_in_roster_no_warning_but_the_empty_cell(
    roster: Roster, capsys: pytest.CaptureFixture[str]
) -> None:
    known = [r for r in RESULTS if r.student != "carol"]
    moodle_report.render(Report(results=known, roster=roster))
    assert capsys.readouterr().err == ""
    canvas_report.render(Report(results=known, roster=roster))
    assert capsys.readouterr().err.splitlines() == [
        "judge: warning: canvas.csv has 1 empty cell (no result): importing it clears a score already "
        "entered in Canvas for that student and assignment"
    ]


def test_bom_follows_the_report(roster: Roster) -> None:
    for render in (moodle_report.render, canvas_report.render):
        text = render(Report(results=RESULTS, roster=roster, csv_bom=True))
        assert text.startswith("\ufeff")
        assert rows(text[1:])[0][0] in ("Email address", "Student")


def test_registered_and_written_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A roster file -> Report -> write_reports -> moodle.csv (and moodle-unmatched.csv beside
    it) and canvas.csv read back; a later run without moodle removes both of its files."""
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
    remove_stale(out, ("moodle", "canvas"))
    moodle = rows((out / "moodle.csv").read_text(encoding="utf-8"))
    assert moodle == [
        ["Email address", "Full name", "2", "10", "Total"],
        ["alice@uni.example", "Алиса Смирнова", "100", "33.3333", "133.3333"],
        ["bob@uni.example", "bob", "60", "-", "60"],
    ]
    # Written every time, its header alone when nobody is left out: an older list never
    # passes for this run's.
    assert rows((out / "moodle-unmatched.csv").read_text(encoding="utf-8")) == [
        ["student", "Email address", "ID number", "Full name", "reason", "2", "10", "Total"]
    ]
    canvas = rows((out / "canvas.csv").read_text(encoding="utf-8"))
    assert [row[0] for row in canvas] == ["Student", "    Points Possible", "Алиса Смирнова", "bob"]
    assert "Traceback" not in capsys.readouterr().err
    assert remove_stale(out, ("canvas",)) == [out / "moodle.csv", out / "moodle-unmatched.csv"]
    assert sorted(p.name for p in out.iterdir()) == [".judge-reports.json", "canvas.csv"]


@pytest.mark.parametrize(
    "content, key, words",
    [
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


# -- the roster's rows against the LMS (issue 24) -----------------------------------------

# Every case a class brings: Cyrillic names, a blank e-mail (petrova), a blank ID number
# (sidorov), a number-like SIS id Canvas rewrites (popov), one e-mail on two rows differing
# in case (orlov, orlova), a student listed twice (smirnov), a row with no identifier at
# all (egorov); kuznetsov, in the class, is left out of the roster.
CLASS_ROSTER = """\
student,email,id,name
ivanov,ivanov@uni.example,20231234,Иван Иванов
petrova,,20231235,Мария Петрова
sidorov,sidorov@uni.example,,Пётр Сидоров
popov,popov@uni.example,1.234.567,Николай Попов
orlov,ORLOV@uni.example,20231237,Олег Орлов
orlova,orlov@uni.example,20231238,Ольга Орлова
smirnov,smirnov@uni.example,20231239,Сергей Смирнов
smirnov,smirnov2@uni.example,20231240,Сергей Смирнов
egorov,,,Егор Егоров
"""
CLASS = ["egorov", "ivanov", "kuznetsov", "orlov", "orlova", "petrova", "popov", "sidorov", "smirnov"]

# Who they really are: Moodle's users (a teacher with no ID number among them) and Canvas's
# course (SIS ids and logins as the institution gave them).
MOODLE_USERS = [
    MoodleUser(1, "ivanov@uni.example", "20231234"),
    MoodleUser(2, "petrova@uni.example", "20231235"),
    MoodleUser(3, "sidorov@uni.example", ""),
    MoodleUser(4, "popov@uni.example", "1.234.567"),
    MoodleUser(5, "orlov@uni.example", "20231237"),
    MoodleUser(6, "orlova@uni.example", "20231238"),
    MoodleUser(7, "smirnov@uni.example", "20231239"),
    MoodleUser(8, "egorov@uni.example", "20231241"),
    MoodleUser(9, "kuznetsov@uni.example", "20231242"),
    MoodleUser(10, "teacher@uni.example", ""),
]
MOODLE_ID = {"ivanov": 1, "petrova": 2, "sidorov": 3, "popov": 4, "orlov": 5, "orlova": 6, "smirnov": 7, "egorov": 8}
MOODLE_ID["kuznetsov"] = 9
CANVAS_STUDENTS = [
    CanvasStudent(101, "Иван Иванов", "Иванов, Иван", "20231234", "ivanov@uni.example"),
    CanvasStudent(102, "Мария Петрова", "Петрова, Мария", "20231235", "petrova@uni.example"),
    CanvasStudent(103, "Пётр Сидоров", "Сидоров, Пётр", None, "sidorov@uni.example"),
    CanvasStudent(104, "Николай Попов", "Попов, Николай", "1.234.567", "popov@uni.example"),
    CanvasStudent(105, "Олег Орлов", "Орлов, Олег", "20231237", "orlov@uni.example"),
    CanvasStudent(106, "Ольга Орлова", "Орлова, Ольга", "20231238", "orlova@uni.example"),
    CanvasStudent(107, "Сергей Смирнов", "Смирнов, Сергей", "20231239", "smirnov@uni.example"),
    CanvasStudent(108, "Егор Егоров", "Егоров, Егор", "20231241", "egorov@uni.example"),
    CanvasStudent(109, "Кирилл Кузнецов", "Кузнецов, Кирилл", "20231242", "kuznetsov@uni.example"),
]
CANVAS_ID = {s.login_id.split("@")[0]: s.id for s in CANVAS_STUDENTS}
# What Moodle can match by each identifier, and the rest (left out of moodle.csv, listed).
MOODLE_MATCHED = {
    "email": {"ivanov", "sidorov", "popov"},
    "idnumber": {"ivanov", "petrova", "popov", "orlov", "orlova"},
}
# Canvas: how each row is found (egorov by name alone; the others it asks the teacher about).
CANVAS_BY = {
    "ivanov": "sis_user_id",
    "petrova": "sis_user_id",
    "sidorov": "sis_login_id",
    "popov": "sis_login_id",  # its SIS User ID reads as 1234.567
    "orlov": "sis_user_id",  # the shared e-mail left empty
    "orlova": "sis_user_id",
    "egorov": "name",
    "smirnov": "",
    "kuznetsov": "",
}


@pytest.fixture
def class_roster(tmp_path: Path) -> Roster:
    path = tmp_path / "roster.csv"
    path.write_text(CLASS_ROSTER, encoding="utf-8")
    return load_roster(path)


def test_every_roster_problem_is_one_line_naming_file_row_and_field(class_roster: Roster) -> None:
    where = str(class_roster.path)
    with pytest.raises(ConfigError) as err:
        vet(class_roster, ("moodle", "canvas"))
    assert str(err.value) == (
        f"{where}: line 3: email: empty: Moodle matches students by e-mail address here "
        "(lms.moodle_identifier: email) and stops the whole import at a row it cannot match "
        "(judge grade --allow-partial-roster makes this a warning)"
    )
    found = [(p.line, p.column, p.text) for p in check(class_roster, ("moodle", "canvas"))]
    assert [(line, column) for line, column, _text in found] == [
        (3, "email"),
        (7, "email"),
        (9, "student"),
        (10, "email"),
        (10, "id"),
    ]
    assert found[1][2] == "orlov@uni.example is also on line 6: both rows would go to one user in the LMS"
    assert found[2][2] == "duplicate student smirnov (first on line 8)"
    assert found[4][2] == "empty, and so is email: Canvas would match this row by the name alone"
    # By ID number: other rows, other columns.
    by_id = [(p.line, p.column) for p in check(class_roster, ("moodle",), "idnumber")]
    assert by_id == [(4, "id"), (9, "student"), (10, "id")]
    # Canvas alone matches on either SIS column: a blank e-mail is no problem there.
    assert [(p.line, p.column) for p in check(class_roster, ("canvas",))] == [(7, "email"), (9, "student"), (10, "id")]
    # No LMS format: only the duplicate student (which row is theirs?).
    assert [(p.line, p.column) for p in check(class_roster, ("csv",))] == [(9, "student")]


def test_a_partial_roster_warns_about_every_row(class_roster: Roster, capsys: pytest.CaptureFixture[str]) -> None:
    found = vet(class_roster, ("moodle", "canvas"), partial=True)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == len(found) == 5
    assert err[0] == (
        f"judge: warning: {class_roster.path}: line 3: email: empty: Moodle matches students by e-mail "
        "address here (lms.moodle_identifier: email) and stops the whole import at a row it cannot match"
    )
    with using("ru"):
        vet(class_roster, ("moodle",), partial=True)
    assert "строка 3: email: пусто: здесь Moodle ищет студентов по адресу электронной почты" in capsys.readouterr().err


def test_lms_moodle_identifier_in_config(tmp_path: Path) -> None:
    from judge.core.config import MOODLE_IDENTIFIERS, load_config
    from judge.semester.roster import MOODLE_IDENTIFIERS as COLUMNS_OF

    assert set(MOODLE_IDENTIFIERS) == set(COLUMNS_OF)
    path = tmp_path / "config.yaml"
    path.write_text("lms: {moodle_identifier: idnumber}\n", encoding="utf-8")
    assert load_config(path).moodle_identifier == "idnumber"
    assert Config().moodle_identifier == "email"
    for text, words in (
        (
            "lms: {moodle_identifier: username}\n",
            "lms.moodle_identifier: expected one of email, idnumber, got 'username'",
        ),
        ("lms: {moodle: email}\n", "lms.moodle: unknown key"),
    ):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            load_config(path)
        assert f"{path}: {words}" in str(err.value)


def test_canvas_reads_number_like_cells_as_decimals() -> None:
    """canvas_report.canvas_reads is the importer's converter (tests/lms_importers.py has it
    from the Ruby, written separately): an SIS id it changes no longer matches."""
    for cell, read in [
        ("1.234.567", "1234.567"),
        ("12,5", "12.5"),
        ("1,234,567", "1234.567"),
        ("20231234", "20231234"),
        ("33.3333", "33.3333"),
        ("-7", "-7"),
        ("50%", "50%"),
        ("s-1.2", "s-1.2"),
        ("ivanov@uni.example", "ivanov@uni.example"),
    ]:
        assert canvas_report.canvas_reads(cell) == read == decimal_comma_to_period(cell), cell


def test_doctor_names_the_rows_too(class_roster: Roster, tmp_path: Path) -> None:
    """`judge doctor --roster` lists every row an LMS of config.yaml's formats (here none
    named: both) could not match, each a finding naming the roster, line and field."""
    from tests.conftest import invoke_judge

    course = tmp_path / "course"
    (course / "submissions" / "ivanov").mkdir(parents=True)
    (course / "problems").mkdir()
    r = invoke_judge("doctor", "--roster", str(class_roster.path), cwd=course)
    assert r.code == 1, r.err
    for key in ("line 3: email", "line 7: email", "line 9: student", "line 10: email", "line 10: id"):
        assert f"judge: warning: {class_roster.path}: {key}: " in r.err, (key, r.err)


# -- the simulations hold what the issue found in the importers' code ---------------------


def test_moodle_simulation_stops_at_a_row_it_cannot_match_and_keeps_nothing() -> None:
    users = [MoodleUser(1, "a@x", "1"), MoodleUser(2, "b@x", "")]
    good = b"Email address,Full name,p,Total\nA@X,A,50,50\nb@x,B,-,0\n"
    done = moodle_import(good, users, map_from="Email address", map_to="useremail", items={"p": "new"})
    assert done.committed and done.grades == {(1, "p"): 50.0, (2, "p"): None}  # "-": no grade
    bad = b"Email address,Full name,p,Total\na@x,A,50,50\nnobody@x,N,70,70\n"
    stopped = moodle_import(bad, users, map_from="Email address", map_to="useremail", items={"p": "new"})
    assert not stopped.committed and stopped.grades == {}
    assert stopped.errors == ["usermappingerror: email address 'nobody@x'"]
    # A blank identifier: 4.5 stops; 2.8 gave the row's grades to the row above's user.
    blank = b"Email address,Full name,p,Total\na@x,A,50,50\n,C,90,90\n"
    assert not moodle_import(blank, users, map_from="Email address", map_to="useremail", items={"p": "new"}).committed
    old = moodle_import(blank, users, map_from="Email address", map_to="useremail", items={"p": "new"}, legacy=True)
    assert old.committed and old.grades == {(1, "p"): 90.0}
    # An empty cell: no grade on 4.5, 0 on the old importer (so the judge writes "-").
    empty = b"Email address,Full name,p,Total\na@x,A,,0\n"
    assert moodle_import(empty, users, map_from="Email address", map_to="useremail", items={"p": "new"}).grades == {
        (1, "p"): None
    }
    assert moodle_import(
        empty, users, map_from="Email address", map_to="useremail", items={"p": "new"}, legacy=True
    ).grades == {(1, "p"): 0.0}
    # The Total mapped to a grade item: over the site's maximum, the import stops.
    total = b"Email address,Full name,p,q,Total\na@x,A,100,100,200\n"
    over = moodle_import(total, users, map_from="Email address", map_to="useremail", items={"Total": "new"})
    assert over.errors == ["gradevaluetoobig: 100"]
    # An ID number many users leave empty matches too many.
    ids = b"ID number,Full name,p,Total\n,B,5,5\n"
    none = moodle_import(ids, users + [MoodleUser(3)], map_from="ID number", map_to="useridnumber", items={"p": "new"})
    assert none.errors == ["usermappingerrormultipleusersfound: idnumber ''"]


def test_canvas_simulation_matching_and_clearing() -> None:
    students = [CanvasStudent(1, "Анна", "", "1.234.567", "anna"), CanvasStudent(2, "Борис", "", "77", "boris")]
    text = (
        "Student,ID,SIS User ID,SIS Login ID,Section,Problem 1 (9),Problem 2\n"
        "    Points Possible,,,,,10,20\n"
        "Анна,,1.234.567,,,5,\n"
        "Борис,,,boris,,7,8\n"
        "Вера,,,,,1,1\n"
    ).encode()
    done = canvas_import(text, students, [CanvasAssignment(9, "Homework")], scores={(1, 9): "4", (2, 9): "3"})
    # "1.234.567" reads as 1234.567: Анна is found by her name; Вера by nothing.
    assert [(r.cells[0], r.student.id if r.student else None, r.by) for r in done.rows] == [
        ("Анна", 1, "name"),
        ("Борис", 2, "sis_login_id"),
        ("Вера", None, ""),
    ]
    assert done.rows[0].cells[2] == "1234.567"
    # "Problem 1 (9)" is the assignment with id 9, whatever its title; "Problem 2" is new.
    assert [(h, a.id if a else None, pp) for h, a, pp in done.assignments] == [
        ("Problem 1 (9)", 9, "10"),
        ("Problem 2", None, "20"),
    ]
    assert done.changes[(1, "Problem 1 (9)")] == "5"
    done = canvas_import(text, students, [CanvasAssignment(9, "Homework")], scores={(1, 9): "5"})
    assert (1, "Problem 1 (9)") not in done.changes  # unchanged
    blank = text.replace("Анна,,1.234.567,,,5,".encode(), "Анна,,,anna,,,".encode())
    cleared = canvas_import(blank, students, [CanvasAssignment(9, "Homework")], scores={(1, 9): "4"})
    assert cleared.cleared == [(1, "Problem 1 (9)")]  # an empty cell erases a score entered in Canvas


# -- the judge's files, imported by the simulations ---------------------------------------


def class_results() -> list[SubmissionResult]:
    """Two problems; ivanov, popov and orlov did both (popov late: 33.3333), the rest only one."""
    out = []
    for i, student in enumerate(CLASS):
        out.append(result(student, "echo", Verdict.AC if i % 2 else Verdict.WA, 100 if i % 2 else 40, 100))
        if student in ("ivanov", "popov", "orlov"):
            out.append(result(student, "second", Verdict.AC, 33.333333 if student == "popov" else 100, 100))
    return out


def assert_moodle_imports(folder: Path, identifier: str, scores: dict[tuple[str, str], float], err: str) -> None:
    """moodle.csv, imported by Moodle 4.5's rules (and 2.8's): committed, every row its own
    user with its grades; everyone else left out, named on stderr and in moodle-unmatched.csv."""
    data = (folder / "moodle.csv").read_bytes()
    header = moodle_rows(data)[0]
    assert header == [moodle_report.HEADERS[identifier], "Full name", "echo", "second", "Total"]
    map_to = {"email": "useremail", "idnumber": "useridnumber"}[identifier]
    for legacy in (False, True):
        done = moodle_import(
            data, MOODLE_USERS, map_from=header[0], map_to=map_to, items={"echo": "new", "second": "new"}, legacy=legacy
        )
        assert done.committed, done.errors
        expected: dict[tuple[int, str], float | None] = {}
        for student in MOODLE_MATCHED[identifier]:
            for problem in ("echo", "second"):
                score = scores.get((student, problem))
                expected[(MOODLE_ID[student], problem)] = None if score is None else round(score, 4)
        assert done.grades == expected
    unmatched = list(csv.DictReader(io.StringIO((folder / "moodle-unmatched.csv").read_text(encoding="utf-8"))))
    left_out = set(CLASS) - MOODLE_MATCHED[identifier]
    assert {row["student"] for row in unmatched} == left_out
    for row in unmatched:
        assert f"moodle.csv: {row['student']} left out: {row['reason']}" in err
        for problem in ("echo", "second"):
            score = scores.get((row["student"], problem))
            assert row[problem] == ("-" if score is None else moodle_report.number(score))
    assert f"{len(left_out)} students left out" in err


def assert_canvas_imports(folder: Path, scores: dict[tuple[str, str], float], err: str) -> None:
    """canvas.csv, through Canvas's importer: every row found as the right student, or not
    found and named on stderr; an empty cell clears a score entered in Canvas, and was said."""
    data = (folder / "canvas.csv").read_bytes()
    entered = {(CANVAS_ID["sidorov"], 11): "90"}  # a score the teacher typed into Canvas for "Problem second"
    done = canvas_import(data, CANVAS_STUDENTS, [CanvasAssignment(11, "Problem second", 100)], entered)
    assert [h for h, _a, _pp in done.assignments] == ["Problem echo", "Problem second"]
    assert [(a.id if a else None, pp) for _h, a, pp in done.assignments] == [(None, "100"), (11, "100")]
    rows_by_name = {r.cells[0]: r for r in done.rows}
    # A row's Student cell: the roster's name; the folder name for a student it does not
    # know or lists twice.
    roster_name = {row["student"]: row["name"] for row in csv.DictReader(io.StringIO(CLASS_ROSTER))}
    for student in CLASS:
        name = roster_name.get(student, student) if student != "smirnov" else student
        row = rows_by_name[name]
        assert row.by == CANVAS_BY[student], (student, row)
        if row.student is None:
            assert f"canvas.csv: {student}" in err or f"{student} is not in the roster" in err, student
            continue
        assert row.student.id == CANVAS_ID[student], student
        for problem in ("echo", "second"):
            score = scores.get((student, problem))
            assert done.changes.get((row.student.id, f"Problem {problem}")) == (
                None if score is None else moodle_report.number(score)
            ), (student, problem)
    assert done.cleared == [(CANVAS_ID["sidorov"], "Problem second")]
    assert "canvas.csv has" in err and "empty cells (no result): importing it clears" in err
    assert "Canvas's import reads the SIS User ID 1.234.567 as 1234.567" in err


def test_the_gradebooks_import_for_every_case_of_the_roster(
    class_roster: Roster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In this process (the quick tier): the files of a Report, imported by the simulations."""
    results = class_results()
    scores = {(r.student, r.problem): r.score for r in results}
    for identifier in ("email", "idnumber"):
        out = tmp_path / identifier
        report = Report(results=results, roster=class_roster, config=Config(moodle_identifier=identifier))
        write_reports(report, out, ("moodle", "canvas"))
        err = capsys.readouterr().err
        assert_moodle_imports(out, identifier, scores, err)
        assert_canvas_imports(out, scores, err)


@pytest.mark.process
def test_judge_grade_writes_gradebooks_both_lms_accept(tmp_path: Path) -> None:
    """The real `judge grade --format moodle,canvas --roster ROSTER` over a class with every
    case: without --allow-partial-roster one line naming the roster, row and field, exit 2,
    nothing graded; with it, moodle.csv imports under Moodle's rules with every row matched
    (the rest left out and listed) and canvas.csv under Canvas's, by e-mail and by ID number."""
    from tests.conftest import invoke_judge, make_problem, run_judge

    problems = tmp_path / "problems"
    make_problem(problems, "echo")
    make_problem(problems, "second")
    folder = tmp_path / "class"
    for i, student in enumerate(CLASS):
        (folder / student).mkdir(parents=True)
        (folder / student / "echo.py").write_text("print(input())\n" if i % 2 else "print('no')\n", encoding="utf-8")
        if student in ("ivanov", "popov", "orlov"):
            (folder / student / "second.py").write_text("print(input())\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text(CLASS_ROSTER, encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"JUDGE_CACHE_DIR": str(cache), "JUDGE_HISTORY": str(tmp_path / "history.sqlite")}
    for identifier in ("email", "idnumber"):
        config = tmp_path / f"{identifier}.yaml"
        config.write_text(f"problems_dir: {problems}\nlms: {{moodle_identifier: {identifier}}}\n", encoding="utf-8")
        out = tmp_path / identifier
        args = ("--config", str(config), "grade", str(folder), "--out", str(out), "-q", "--roster", str(roster))
        strict = invoke_judge(*args, "--format", "moodle,canvas", env=env)
        first = "line 3: email" if identifier == "email" else "line 4: id"
        # One line, before judge doctor's checks say anything (kuznetsov has no row: a warning).
        assert strict.code == 2 and len(strict.err.strip().splitlines()) == 1, strict.err
        assert strict.err.startswith(f"judge: error: {roster}: {first}: empty: Moodle matches students by")
        assert not out.exists()
        r = run_judge(*args, "--format", "json,moodle,canvas", "--allow-partial-roster", env=env)
        assert r.code == 0, r.err
        assert f"{roster}: {first}: empty" in r.err
        results = json.loads((out / "report.json").read_text(encoding="utf-8"))["results"]
        scores = {(x["student"], x["problem"]): x["score"] for x in results}
        assert len(scores) == 12 and {s for s, _p in scores} == set(CLASS)
        assert_moodle_imports(out, identifier, scores, r.err)
        assert_canvas_imports(out, scores, r.err)
