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

A student the roster does not know still gets a row (empty SIS cells) and a warning on stderr.
Scores are plain numbers with a "." decimal point, after any late penalty; no result is an
empty cell. Headers are Canvas's words, never translated; `csv_bom` as in grades.csv.
"""

from __future__ import annotations

import csv
import io

from judge.core.i18n import _
from judge.reports import REGISTRY, Report
from judge.reports.csv_report import BOM, _natural, wants_bom
from judge.reports.moodle_report import number
from judge.semester.roster import people_for

HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "    Points Possible"  # as Canvas's export writes it


def assignment(problem: str) -> str:
    """The Canvas assignment column of a problem."""
    return f"Problem {problem}"


def render(report: Report) -> str:
    problems = sorted({r.problem for r in report.results}, key=_natural)
    cells = {(r.student, r.problem): r for r in report.results}
    max_by_problem: dict[str, float] = {}
    for r in report.results:
        max_by_problem[r.problem] = max(max_by_problem.get(r.problem, 0.0), r.max_score)
    students = report.all_students()  # every student folder: a misnamed file's student too, with empty cells
    people = people_for(report.roster, students, file=REGISTRY["canvas"][1], what=_("SIS user ID or SIS login ID"))

    buf = io.StringIO()
    if wants_bom(report):
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*HEADER, *(assignment(p) for p in problems)])
    writer.writerow([POINTS_POSSIBLE, "", "", "", "", *(number(max_by_problem[p]) for p in problems)])
    for student in students:
        person = people[student]
        row: list[str] = [
            (person.name if person else "") or student,
            "",  # ID: Canvas's own user id (see above)
            person.id if person else "",  # SIS User ID
            person.email if person else "",  # SIS Login ID
            "",  # Section
        ]
        for p in problems:
            cell = cells.get((student, p))
            row.append("" if cell is None else number(cell.score))
        writer.writerow(row)
    return buf.getvalue()
