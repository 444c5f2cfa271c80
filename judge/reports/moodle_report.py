"""moodle.csv: the grades for Moodle's gradebook import ("Import grades from CSV file"), and
moodle-unmatched.csv: the students it leaves out, with why, to enter by hand.

    Email address,Full name,<problem>,<problem>,...,Total        (lms.moodle_identifier: email)
    ID number,Full name,<problem>,<problem>,...,Total            (lms.moodle_identifier: idnumber)

On the import's preview page the teacher maps the identifier column ("Map from") to the
user field (`useremail` or `useridnumber`, "Map to"), each problem column to a grade item
(or a new one, named by the header), and leaves `Full name` and `Total` on "ignore"
(MoodleDocs, Grade import: https://docs.moodle.org/en/Grade_import). Only the identifier
the course matches on is written, so no other column can be mapped by mistake; headers are
Moodle's own export's words and the problem ids, never translated.

What Moodle 4.5 does with the file decides what is written (grade/import/csv/classes/
load_data.php, prepare_import_grade_data and the functions it calls):

- Every row's identifier is looked up among the site's users (check_user_exists: e-mail
  without case, ID number exactly); a row it cannot match, a blank identifier included,
  stops the whole import and nothing is committed. So a row goes into moodle.csv only when
  the roster gives its student exactly one identifier that no other row has; the others
  are left out, named on stderr and written to moodle-unmatched.csv. (Moodle 2.8 skipped a
  blank identifier and gave the row's grades to the user of the row above: never written.)
- A cell that is empty or `-` is "no grade" on 4.5 (import_new_grade_item, update_grade_item);
  older versions read an empty cell of a column mapped to a new grade item as 0. No result
  is written as `-`, which every version reads as no grade.
- A grade is read with unformat_float, which turns the site language's decimal separator
  into "." and refuses anything else: scores are plain numbers with a "." point, after the
  late penalty. A grade over the site's maximum (100 unless raised: gradepointmax) stops
  the import too: a problem worth more is named in a warning, and `Total` is for reading.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import _csv

import click

from judge.core.files import write_atomic
from judge.core.i18n import _, ngettext
from judge.reports import REGISTRY, Report
from judge.reports.csv_report import BOM, _natural, wants_bom
from judge.semester.roster import DEFAULT_MOODLE_IDENTIFIER, MOODLE_IDENTIFIERS, Person, Roster

# lms.moodle_identifier -> the column's header, as Moodle's own export names it.
HEADERS = {"email": "Email address", "idnumber": "ID number"}
FULL_NAME = "Full name"
TOTAL = "Total"
NO_GRADE = "-"  # Moodle's own "no grade"
UNMATCHED = "moodle-unmatched.csv"  # beside moodle.csv (judge/core/formats.py COMPANION_FILES)
UNMATCHED_HEADER = ("student", "Email address", "ID number", FULL_NAME, "reason")
# A grade above this stops Moodle's import unless the site raised it (insert_grade_record).
SITE_MAXIMUM = 100.0


@dataclass(frozen=True)
class LeftOut:
    student: str
    reason: str  # why Moodle could not match the row, in the report's language


@dataclass(frozen=True)
class Gradebook:
    text: str  # moodle.csv
    unmatched: str  # moodle-unmatched.csv (its header alone when every row matched)
    left_out: tuple[LeftOut, ...]
    over_maximum: tuple[tuple[str, float], ...]  # (problem, its maximum) above SITE_MAXIMUM


def identifier_of(report: Report) -> str:
    """The user field moodle.csv identifies students by (config.yaml lms.moodle_identifier)."""
    return str(getattr(report.config, "moodle_identifier", None) or DEFAULT_MOODLE_IDENTIFIER)


def build(report: Report) -> Gradebook:
    identifier = identifier_of(report)
    column = MOODLE_IDENTIFIERS[identifier]
    problems = sorted({r.problem for r in report.results}, key=_natural)
    cells = {(r.student, r.problem): r for r in report.results}
    roster: Roster | None = report.roster

    book_text, book = _writer(report)
    unmatched_text, unmatched = _writer(report)
    book.writerow([HEADERS[identifier], FULL_NAME, *problems, TOTAL])
    unmatched.writerow([*UNMATCHED_HEADER, *problems, TOTAL])
    left_out: list[LeftOut] = []
    # Every student folder has a row: a misnamed file's student too, with no grades.
    for student in report.all_students():
        grades: list[str] = []
        total = 0.0
        for p in problems:
            r = cells.get((student, p))
            grades.append(NO_GRADE if r is None else number(r.score))
            total += r.score if r is not None else 0.0
        person = roster.get(student) if roster is not None else None
        name = (person.name if person else "") or student
        reason = why_unmatched(roster, student, identifier)
        if reason is None:
            assert person is not None
            book.writerow([person.cell(column), name, *grades, number(total)])
        else:
            left_out.append(LeftOut(student, reason))
            email, id_ = (person.email, person.id) if person else ("", "")
            unmatched.writerow([student, email, id_, name, reason, *grades, number(total)])

    maximum: dict[str, float] = {}
    for r in report.results:
        maximum[r.problem] = max(maximum.get(r.problem, 0.0), r.max_score)
    over = tuple((p, maximum[p]) for p in problems if maximum[p] > SITE_MAXIMUM)
    return Gradebook(book_text.getvalue(), unmatched_text.getvalue(), tuple(left_out), over)


def _writer(report: Report) -> tuple[io.StringIO, _csv.Writer]:  # (the text, a csv.writer on it)
    buf = io.StringIO()
    if wants_bom(report):
        buf.write(BOM)
    return buf, csv.writer(buf, lineterminator="\n")


def why_unmatched(roster: Roster | None, student: str, identifier: str) -> str | None:
    """Why Moodle could not match the student's row to exactly one user, or None when it can."""
    if roster is None:
        return _("no roster was given (judge grade --roster FILE)")
    rows = roster.rows_of(student)
    if not rows:
        return _("not in the roster")
    if len(rows) > 1:
        return _("listed more than once in the roster (lines {lines})").format(
            lines=", ".join(str(p.line) for p in rows)
        )
    person: Person = rows[0]
    column = MOODLE_IDENTIFIERS[identifier]
    if not person.cell(column):
        if identifier == "idnumber":
            return _("no ID number in the roster (line {line})").format(line=person.line)
        return _("no e-mail address in the roster (line {line})").format(line=person.line)
    others = roster.sharing(person, column)
    if others:
        return _("{value} is also on line {line} of the roster ({student}): both rows would go to one user").format(
            value=person.cell(column), line=others[0].line, student=others[0].student
        )
    return None


def render(report: Report) -> str:
    """moodle.csv's text (the warnings on stderr); `write` writes moodle-unmatched.csv too."""
    book = build(report)
    _warn(book, report, REGISTRY["moodle"][1], UNMATCHED)
    return book.text


def write(report: Report, path: Path) -> list[Path]:
    """moodle.csv at `path` and moodle-unmatched.csv beside it, each atomically. The second
    is written every time, a header alone when nobody was left out: an earlier run's list
    must not pass for this one's."""
    book = build(report)
    unmatched = path.with_name(UNMATCHED)
    write_atomic(path, book.text)
    write_atomic(unmatched, book.unmatched)
    _warn(book, report, path.name, str(unmatched))
    return [path, unmatched]


def _warn(book: Gradebook, report: Report, file: str, unmatched: str) -> None:
    if report.roster is None:
        if book.left_out:
            what = _("ID number") if identifier_of(report) == "idnumber" else _("e-mail address")
            click.echo(
                _(
                    "judge: warning: no roster was given (judge grade --roster FILE): "
                    "no {what} for any student in {file}"
                ).format(what=what, file=file),
                err=True,
            )
    else:
        for gone in book.left_out:
            click.echo(
                _("judge: warning: {file}: {student} left out: {reason}").format(
                    file=file, student=gone.student, reason=gone.reason
                ),
                err=True,
            )
    if book.left_out:
        n = len(book.left_out)
        click.echo(
            ngettext(
                "judge: warning: {file}: {n} student left out (Moodle stops the whole import at a row "
                "it cannot match); enter their grades by hand from {unmatched}",
                "judge: warning: {file}: {n} students left out (Moodle stops the whole import at a row "
                "it cannot match); enter their grades by hand from {unmatched}",
                n,
            ).format(file=file, n=n, unmatched=unmatched),
            err=True,
        )
    for problem, points in book.over_maximum:
        click.echo(
            _(
                "judge: warning: {file}: problem {problem} is worth up to {points} points: Moodle's import "
                "refuses a grade over {maximum} unless the site's maximum grade is raised (gradepointmax)"
            ).format(file=file, problem=problem, points=number(points), maximum=number(SITE_MAXIMUM)),
            err=True,
        )


def number(x: float) -> str:
    """60, not 60.0; 33.3333, not 33.33333333 (4 places at most); always a "." point."""
    value = round(float(x), 4)
    return str(int(value)) if value.is_integer() else repr(value)
