"""canvas.csv: the grades for Canvas's Gradebook import (Grades > Import), in the layout of
Canvas's own Gradebook export, which is what the import reads.

    Student,ID,SIS User ID,SIS Login ID,Section,Problem <id>,Problem <id>,...
        Points Possible,,,,,<max>,<max>,...
    <name>,,<roster id>,<roster email>,,<score>,<score>,...

Canvas Community, "How do I import grades in the Gradebook?"
(https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807):
the file is a Gradebook export with the scores filled in; new columns become new assignments.
What the importer does with it (canvas-lms, app/models/gradebook_importer.rb):

- the header must start `Student`, `ID`; `SIS User ID` then `SIS Login ID` are recognised
  after them, and the last student column must be `Section`; every later column is an
  assignment, except the read-only totals (Current/Final Score ...), so there is no total here;
- a row whose first cell contains "Points Possible" gives each new assignment its points:
  the problems' maximum scores;
- a student is found by `ID` (Canvas's own user id), else `SIS User ID`, else `SIS Login ID`,
  else by name; one it cannot find is listed on the import page to be matched by hand.

So: `Student` is the roster's name (else the student's folder name), `SIS User ID` the
roster's id, `SIS Login ID` the roster's email (the login, where the institution logs in by
e-mail); `Section` is left empty. `ID` is left empty too: it is Canvas's internal user id, not
the institution's, and the roster's id number there could name another enrolled student.

An assignment header is `Problem <id>`. Canvas reads a trailing "(<digits>)" in a header as
the id of an existing Canvas assignment (Assignment.title_and_id) and otherwise matches the
whole header against assignment titles, so "Problem 1 (1)" would point at whatever Canvas
assignment has id 1, and an assignment once created as "Problem 1" would not match it again.
Plain `Problem <id>` is created once and matched by its title on every later import.

Matching is by the roster (judge/semester/roster.py), and the importer's rules decide what
each row carries:

- A student the roster does not know, or lists twice, gets a row with their folder name and
  no SIS cells: Canvas matches it by name or lists it on the import page to be matched by
  hand, never with another student's identifier. A SIS value two rows share is left empty
  in both (Canvas would give both rows to one user, the later one's scores winning). Each
  is a warning on stderr, as is a row with no SIS cell at all (matched by name alone).
- Canvas reads the file with a converter that rewrites every number-like cell as a
  decimal ("1.234.567" -> "1234.567", "12,5" -> "12.5": CSV::Converters
  [:decimal_comma_to_period]), SIS IDs included: such an ID no longer matches, and the
  judge says so (`canvas_reads`).
- An empty score cell clears a score already entered in Canvas for that student and
  assignment (the import compares it with the current score and treats the difference as
  a change): no result is an empty cell, and when there are any the judge says so once.

Scores are plain numbers with a "." decimal point, after any late penalty. Headers are
Canvas's words, never translated; `csv_bom` as in grades.csv.
"""

from __future__ import annotations

import csv
import io
import re

import click

from judge.core.i18n import _, ngettext
from judge.reports import REGISTRY, Report
from judge.reports.csv_report import BOM, _natural, wants_bom
from judge.reports.moodle_report import number
from judge.semester.roster import Roster, people_for

HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "    Points Possible"  # as Canvas's export writes it
# The roster column behind each SIS column.
SIS_COLUMNS = (("SIS User ID", "id"), ("SIS Login ID", "email"))
# A cell Canvas's decimal_comma_to_period converter rewrites (gradebook_importer.rb).
_NUMBER_LIKE = re.compile(r"^-?[0-9.,]+%?$")


def assignment(problem: str) -> str:
    """The Canvas assignment column of a problem."""
    return f"Problem {problem}"


def canvas_reads(cell: str) -> str:
    """A cell as Canvas's import reads it: a number-like cell with "," or "." separators
    becomes a decimal whose point is its last separator (CSV::Converters
    [:decimal_comma_to_period] in gradebook_importer.rb); anything else as it is."""
    if not _NUMBER_LIKE.match(cell):
        return cell
    parts = re.split(r"[,.]", cell)
    last = parts.pop()
    return f"{''.join(parts)}.{last}" if parts else last


def render(report: Report) -> str:
    file = REGISTRY["canvas"][1]
    problems = sorted({r.problem for r in report.results}, key=_natural)
    cells = {(r.student, r.problem): r for r in report.results}
    max_by_problem: dict[str, float] = {}
    for r in report.results:
        max_by_problem[r.problem] = max(max_by_problem.get(r.problem, 0.0), r.max_score)
    students = report.all_students()  # every student folder: a misnamed file's student too, with empty cells
    people = _people(report.roster, students, file)

    buf = io.StringIO()
    if wants_bom(report):
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*HEADER, *(assignment(p) for p in problems)])
    writer.writerow([POINTS_POSSIBLE, "", "", "", "", *(number(max_by_problem[p]) for p in problems)])
    empty = 0
    for student in students:
        name, sis = people[student]
        row: list[str] = [
            name,
            "",  # ID: Canvas's own user id (see above)
            sis.get("id", ""),  # SIS User ID
            sis.get("email", ""),  # SIS Login ID
            "",  # Section
        ]
        for p in problems:
            cell = cells.get((student, p))
            row.append("" if cell is None else number(cell.score))
            empty += cell is None
        writer.writerow(row)
    if empty:
        click.echo(
            ngettext(
                "judge: warning: {file} has {n} empty cell (no result): importing it clears a score "
                "already entered in Canvas for that student and assignment",
                "judge: warning: {file} has {n} empty cells (no result): importing it clears any score "
                "already entered in Canvas for those students and assignments",
                empty,
            ).format(file=file, n=empty),
            err=True,
        )
    return buf.getvalue()


def _people(roster: Roster | None, students: list[str], file: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Each student's Student cell and SIS cells ({"id": ..., "email": ...}), warning on
    stderr about every row Canvas could not match by a SIS ID."""
    found = people_for(roster, students, file=file, what=_("SIS user ID or SIS login ID"))
    result: dict[str, tuple[str, dict[str, str]]] = {}
    for student in students:
        person = found[student]
        if person is None or roster is None:
            result[student] = (student, {})
            continue
        rows = roster.rows_of(student)
        if len(rows) > 1:
            click.echo(
                _(
                    "judge: warning: {file}: {student} is listed more than once in the roster (lines {lines}): "
                    "their row has no SIS IDs, so Canvas matches it by name or asks you"
                ).format(file=file, student=student, lines=", ".join(str(p.line) for p in rows)),
                err=True,
            )
            result[student] = (student, {})
            continue
        sis: dict[str, str] = {}
        for header, column in SIS_COLUMNS:
            value = person.cell(column)
            others = roster.sharing(person, column)
            if others:
                click.echo(
                    _(
                        "judge: warning: {file}: {student}: {column} {value} is also on line {line} of the roster: "
                        "left empty, so Canvas cannot give both rows to one student"
                    ).format(file=file, student=student, column=header, value=value, line=others[0].line),
                    err=True,
                )
                continue
            if value and canvas_reads(value) != value:
                click.echo(
                    _(
                        "judge: warning: {file}: {student}: Canvas's import reads the {column} {value} as {read} "
                        "(it turns number-like cells into decimals), so the row will not match by it"
                    ).format(file=file, student=student, column=header, value=value, read=canvas_reads(value)),
                    err=True,
                )
            sis[column] = value
        if not any(sis.values()):
            click.echo(
                _(
                    "judge: warning: {file}: {student} has neither SIS User ID nor SIS Login ID in the roster: "
                    "Canvas matches the row by name alone, or asks you"
                ).format(file=file, student=student),
                err=True,
            )
        result[student] = (person.name or student, sis)
    return result
