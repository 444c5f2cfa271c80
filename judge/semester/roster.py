"""The roster: who each student (a submissions folder name) is in the course's LMS.

A CSV file with the header `student,email,id,name` (any order, UTF-8, a leading BOM allowed):

    student,email,id,name
    ivanov,ivanov@uni.example,20231234,Иван Иванов

`student` is the folder name of their submissions (required, unique); `email` is their e-mail
address in the LMS, `id` their institutional ID number (Moodle's "ID number", Canvas's
"SIS User ID"), `name` their full name; each may be empty. The Moodle and Canvas gradebook
exports (judge/reports/moodle_report.py, canvas_report.py) read it to say who each row is.

Every mistake in the file is a ConfigError naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from judge.core.errors import ConfigError
from judge.core.i18n import _

COLUMNS: tuple[str, ...] = ("student", "email", "id", "name")


@dataclass(frozen=True)
class Person:
    student: str  # the folder name of their submissions
    email: str = ""
    id: str = ""  # the institutional ID number (Moodle idnumber, Canvas SIS User ID)
    name: str = ""  # full name, as the LMS shows it


@dataclass(frozen=True)
class Roster:
    people: dict[str, Person]  # student -> Person

    def get(self, student: str) -> Person | None:
        return self.people.get(student)


def load_roster(path: Path) -> Roster:
    """Read a roster CSV file; ConfigError(path, "line N: column", what is wrong) if malformed."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, None, _("file not found")) from None
    except OSError as exc:
        raise ConfigError(path, None, _("cannot read: {reason}").format(reason=exc.strerror or exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(path, f"line {line}", _("not UTF-8 text: save it as UTF-8")) from None

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return _parse(path, reader)
    except csv.Error as exc:
        raise ConfigError(path, f"line {reader.line_num}", _("malformed CSV: {error}").format(error=exc)) from None


def _parse(path: Path, reader: Any) -> Roster:  # reader: a csv.reader (line_num)
    expected = ",".join(COLUMNS)
    header: list[str] | None = None
    for row in reader:
        if any(cell.strip() for cell in row):
            header = [cell.strip() for cell in row]
            break
    if header is None:
        raise ConfigError(path, None, _("empty file: expected the header {header}").format(header=expected))
    where = f"line {reader.line_num}"
    for name in header:
        if name not in COLUMNS:
            raise ConfigError(
                path,
                f"{where}: {name}" if name else where,
                _("unknown column (expected the header {header})").format(header=expected),
            )
        if header.count(name) > 1:
            raise ConfigError(path, f"{where}: {name}", _("duplicate column"))
    for name in COLUMNS:
        if name not in header:
            raise ConfigError(
                path, f"{where}: {name}", _("missing column (expected the header {header})").format(header=expected)
            )

    people: dict[str, Person] = {}
    first_line: dict[str, int] = {}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        line = reader.line_num
        if len(row) > len(header):
            raise ConfigError(
                path,
                f"line {line}",
                _("{got} cells, but the header has {expected} columns ({header})").format(
                    got=len(row), expected=len(header), header=",".join(header)
                ),
            )
        cells = dict(zip(header, (cell.strip() for cell in row)))
        student = cells.get("student", "")
        if not student:
            raise ConfigError(
                path,
                f"line {line}: student",
                _("empty: every row needs the student (the folder name of their submissions)"),
            )
        if student in people:
            raise ConfigError(
                path,
                f"line {line}: student",
                _("duplicate student {name} (first on line {first})").format(name=student, first=first_line[student]),
            )
        people[student] = Person(
            student=student, email=cells.get("email", ""), id=cells.get("id", ""), name=cells.get("name", "")
        )
        first_line[student] = line
    return Roster(people)


def people_for(roster: Roster | None, students: list[str], *, file: str, what: str) -> dict[str, Person | None]:
    """Each student's Person (None when the roster does not list them), warning on stderr:
    once per missing student, or once in all when there is no roster. `file` is the report
    being written, `what` the identifiers it lacks for them ("email address or ID number")."""
    if roster is None:
        if students:
            click.echo(
                _(
                    "judge: warning: no roster was given (judge grade --roster FILE): "
                    "no {what} for any student in {file}"
                ).format(what=what, file=file),
                err=True,
            )
        return {student: None for student in students}
    found: dict[str, Person | None] = {}
    for student in students:
        person = roster.get(student)
        if person is None:
            click.echo(
                _("judge: warning: {student} is not in the roster: no {what} for them in {file}").format(
                    student=student, what=what, file=file
                ),
                err=True,
            )
        found[student] = person
    return found
