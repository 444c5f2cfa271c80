"""moodle.csv: the grades for Moodle's gradebook import ("Import grades from CSV file").

    Email address,ID number,Full name,<problem>,<problem>,...,Total

One row per student. On the import's preview page the teacher picks "Map from" (a column of
this file) and "Map to" (a user field), then maps each problem column to a grade item (or a
new one, named by the header) and leaves `Total` on "ignore". MoodleDocs, Grade import
(https://docs.moodle.org/en/Grade_import; https://docs.moodle.org/27/en/Grade_import): the
users are identified by mapping "Email address" to `useremail` or "ID number" to
`useridnumber` (or by `userid`/`username`, which a roster does not hold). So the file starts
with those two columns, named as Moodle's own export names them, taken from the roster
(judge/semester/roster.py); then `Full name` (the roster's name, else the student's folder
name) so a person can read it; then one column per problem (its id) and the total.

Scores are plain numbers with a "." decimal point and already include any late penalty
(load_data.php reads each grade with unformat_float, which only turns the site language's
decimal separator into "." and aborts the import on anything else); a problem with no result
is an empty cell, which Moodle imports as "no grade".

A student the roster does not know still gets a row, with empty Email address and ID number,
and a warning on stderr. Those rows come first, on purpose: Moodle's importer
(grade/import/csv/classes/load_data.php, prepare_import_grade_data) skips a blank user
field without forgetting the previous row's user, so a blank row after another student's
row would give that student its grades; as the first row it makes Moodle stop with "user
not found" instead. The same holds for a roster entry whose email (or ID number, whichever
is mapped from) is empty: fill in the column you map from.

Headers are Moodle's words and the problem ids, never translated; with the report's
`csv_bom` the file starts with a UTF-8 BOM, as grades.csv does.
"""

from __future__ import annotations

import csv
import io

from judge.core.i18n import _
from judge.reports import REGISTRY, Report
from judge.reports.csv_report import BOM, _natural, wants_bom
from judge.semester.roster import people_for

HEADER = ("Email address", "ID number", "Full name")


def render(report: Report) -> str:
    problems = sorted({r.problem for r in report.results}, key=_natural)
    cells = {(r.student, r.problem): r for r in report.results}
    people = people_for(
        report.roster,
        report.all_students(),  # every student folder: a misnamed file's student too, with empty cells
        file=REGISTRY["moodle"][1],
        what=_("email address or ID number"),
    )
    # Rows with no identifier first (see the module's docstring), then by student.
    students = sorted(people, key=lambda s: (people[s] is not None, s))

    buf = io.StringIO()
    if wants_bom(report):
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*HEADER, *problems, "Total"])
    for student in students:
        person = people[student]
        row: list[str] = [
            person.email if person else "",
            person.id if person else "",
            (person.name if person else "") or student,
        ]
        total = 0.0
        for p in problems:
            r = cells.get((student, p))
            if r is None:
                row.append("")
            else:
                row.append(number(r.score))
                total += r.score
        row.append(number(total))
        writer.writerow(row)
    return buf.getvalue()


def number(x: float) -> str:
    """60, not 60.0; 33.3333, not 33.33333333 (4 places at most); always a "." point."""
    value = round(float(x), 4)
    return str(int(value)) if value.is_integer() else repr(value)
