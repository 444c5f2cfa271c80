"""The roster: who each student (a submissions folder name) is in the course's LMS.

A CSV file with the header `student,email,id,name` (any order, UTF-8, a leading BOM allowed):

    student,email,id,name
    ivanov,ivanov@uni.example,20231234,Иван Иванов

`student` is the folder name of their submissions (required); `email` is their e-mail
address in the LMS, `id` their institutional ID number (Moodle's "ID number", Canvas's
"SIS User ID"), `name` their full name. The Moodle and Canvas gradebook exports
(judge/reports/moodle_report.py, canvas_report.py) read it to say who each row is.

A malformed file (header, cells, encoding) is a ConfigError naming the file, the line and
the column. What makes a row unusable for an LMS depends on the LMS and on the column it
matches on, so `check` judges the rows for the formats being written: a blank identifier
where the LMS matches on it, an identifier two rows share, a student listed twice. `vet`
makes the first of those one error line, or (`judge grade --allow-partial-roster`) a warning
per row; the gradebook writers then leave such rows out (Moodle) or without the identifier
(Canvas), as they do for a student the roster does not list.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import _csv

import click

from judge.core.errors import ConfigError
from judge.core.i18n import _

COLUMNS: tuple[str, ...] = ("student", "email", "id", "name")
# The gradebook formats that read the roster.
LMS_FORMATS: tuple[str, ...] = ("moodle", "canvas")
# config.yaml `lms.moodle_identifier` -> the roster column holding it: Moodle's user field
# `email` is the roster's email, `idnumber` its id.
MOODLE_IDENTIFIERS: dict[str, str] = {"email": "email", "idnumber": "id"}
DEFAULT_MOODLE_IDENTIFIER = "email"


@dataclass(frozen=True)
class Person:
    student: str  # the folder name of their submissions
    email: str = ""
    id: str = ""  # the institutional ID number (Moodle idnumber, Canvas SIS User ID)
    name: str = ""  # full name, as the LMS shows it
    line: int = field(default=0, compare=False)  # the roster line it came from (0: not from a file)

    def cell(self, column: str) -> str:
        return {"email": self.email, "id": self.id, "name": self.name, "student": self.student}[column]


@dataclass(frozen=True)
class Roster:
    people: dict[str, Person]  # student -> their (first) row
    path: Path | None = None
    # Every row in file order, a student's repeated rows too (`people` keeps the first).
    rows: tuple[Person, ...] = ()

    def __post_init__(self) -> None:
        if not self.rows:
            object.__setattr__(self, "rows", tuple(self.people.values()))

    def get(self, student: str) -> Person | None:
        return self.people.get(student)

    def rows_of(self, student: str) -> list[Person]:
        return [p for p in self.rows if p.student == student]

    def sharing(self, person: Person, column: str) -> list[Person]:
        """The other rows with the same non-blank value in `column`: rows an LMS would take
        for one user. E-mail addresses compare without case, as Moodle matches them
        (grade/import/csv load_data.php check_user_exists); ID numbers exactly."""
        value = _key(column, person.cell(column))
        if not value:
            return []
        return [p for p in self.rows if p is not person and _key(column, p.cell(column)) == value]

    def where(self) -> str:
        return str(self.path) if self.path is not None else "roster"


def _key(column: str, value: str) -> str:
    return value.casefold() if column == "email" else value


@dataclass(frozen=True)
class RowProblem:
    """A roster row an LMS cannot match to one user: its line, the column, what is wrong."""

    line: int
    column: str
    text: str


def load_roster(path: Path) -> Roster:
    """Read a roster CSV file; ConfigError(path, "line N: column", what is wrong) if malformed.
    Rows an LMS could not use (see `check`) are kept: which they are depends on the LMS."""
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


def _parse(path: Path, reader: _csv.Reader) -> Roster:
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

    rows: list[Person] = []
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
        rows.append(
            Person(
                student=student,
                email=cells.get("email", ""),
                id=cells.get("id", ""),
                name=cells.get("name", ""),
                line=line,
            )
        )
    people: dict[str, Person] = {}
    for person in rows:
        people.setdefault(person.student, person)
    return Roster(people, path, tuple(rows))


def check(
    roster: Roster, formats: Iterable[str], moodle_identifier: str = DEFAULT_MOODLE_IDENTIFIER
) -> list[RowProblem]:
    """The rows the LMS gradebooks among `formats` could not match to exactly one user, in
    file order: a student listed twice (which row is right?), and for

    - moodle: a blank or shared value in the column `lms.moodle_identifier` names. Moodle
      4.5 looks every row's identifier up and stops the whole import, committing nothing,
      at the first it cannot match (grade/import/csv/classes/load_data.php,
      check_user_exists); two rows with one identifier both go to that user, the later
      grades winning.
    - canvas: both SIS columns blank (Canvas then matches by name alone), or a value two
      rows share (both rows go to that user: gradebook_importer.rb process_student)."""
    formats = set(formats)
    found: list[RowProblem] = []
    first_row: dict[str, Person] = {}
    for person in roster.rows:
        first = first_row.setdefault(person.student, person)
        if first is not person:
            found.append(
                RowProblem(
                    person.line,
                    "student",
                    _("duplicate student {name} (first on line {first})").format(name=person.student, first=first.line),
                )
            )
    shared_columns: list[str] = []
    if "moodle" in formats:
        column = MOODLE_IDENTIFIERS[moodle_identifier]
        shared_columns.append(column)
        for person in roster.rows:
            if not person.cell(column):
                found.append(RowProblem(person.line, column, _moodle_blank(moodle_identifier)))
    if "canvas" in formats:
        shared_columns += [c for c in ("id", "email") if c not in shared_columns]
        for person in roster.rows:
            if not person.id and not person.email:
                found.append(
                    RowProblem(
                        person.line,
                        "id",
                        _("empty, and so is email: Canvas would match this row by the name alone"),
                    )
                )
    for column in shared_columns:
        for person in roster.rows:
            earlier = [p for p in roster.sharing(person, column) if p.line < person.line]
            if earlier:
                found.append(
                    RowProblem(
                        person.line,
                        column,
                        _("{value} is also on line {first}: both rows would go to one user in the LMS").format(
                            value=person.cell(column), first=earlier[0].line
                        ),
                    )
                )
    return sorted(found, key=lambda p: p.line)


def _moodle_blank(identifier: str) -> str:
    if identifier == "idnumber":
        return _(
            "empty: Moodle matches students by ID number here (lms.moodle_identifier: idnumber) "
            "and stops the whole import at a row it cannot match"
        )
    return _(
        "empty: Moodle matches students by e-mail address here (lms.moodle_identifier: email) "
        "and stops the whole import at a row it cannot match"
    )


def vet(
    roster: Roster,
    formats: Iterable[str],
    moodle_identifier: str = DEFAULT_MOODLE_IDENTIFIER,
    *,
    partial: bool = False,
) -> list[RowProblem]:
    """`check`'s findings: the first is an error (ConfigError naming the roster, the line and
    the column) unless `partial`, when each is a warning on stderr. The gradebook writers
    leave such rows out or without the identifier; this only makes sure nobody is left out
    silently. The findings, for a caller that wants them."""
    found = check(roster, formats, moodle_identifier)
    if found and not partial:
        first = found[0]
        raise ConfigError(
            roster.where(),
            f"line {first.line}: {first.column}",
            _("{problem} (judge grade --allow-partial-roster makes this a warning)").format(problem=first.text),
        )
    for problem in found:
        click.echo(
            _("judge: warning: {file}: line {line}: {column}: {problem}").format(
                file=roster.where(), line=problem.line, column=problem.column, problem=problem.text
            ),
            err=True,
        )
    return found


def people_for(roster: Roster | None, students: list[str], *, file: str, what: str) -> dict[str, Person | None]:
    """Each student's Person (None when the roster does not list them), warning on stderr:
    once per missing student, or once in all when there is no roster. `file` is the report
    being written, `what` the identifiers it lacks for them ("SIS user ID or SIS login ID")."""
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
