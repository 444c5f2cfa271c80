"""What Moodle's and Canvas's gradebook imports do with a CSV file, simulated from their code,
so the tests can import the files `judge grade --format moodle,canvas` writes.

Only the rules that decide who a row is and what a cell means are modelled; each says where
it is from:

- Moodle 4.5, "Import grades from CSV file": lib/csvlib.class.php (csv_import_reader::
  load_csv_content) reads the file; grade/import/csv/classes/load_data.php
  (prepare_import_grade_data and what it calls) maps it. `legacy=True` gives the older
  behaviour the judge must also survive (Moodle 2.8's load_data.php: a blank identifier
  skipped, an empty cell of a new grade item taken as 0).
- Canvas, Gradebook > Import: app/models/gradebook_importer.rb (parse!, csv_stream and its
  converters, process_header, process_student, process_submissions, no_change_to_value?).

A simulation is not the LMS: it is what the tests can hold the files to without one.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

# -- Moodle -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoodleUser:
    id: int
    email: str = ""
    idnumber: str = ""


@dataclass
class MoodleImport:
    committed: bool  # False: the import stopped, and nothing of the file was kept
    errors: list[str] = field(default_factory=list)  # Moodle's string keys, with what they name
    # (user id, grade item header) -> the grade committed; None: "no grade"
    grades: dict[tuple[int, str], float | None] = field(default_factory=dict)


# load_data.php map_user_data_with_value: the user fields a column may be mapped to.
USER_FIELDS = {"useremail": ("email", "email address"), "useridnumber": ("idnumber", "idnumber")}


def moodle_rows(data: bytes) -> list[list[str]]:
    """csv_import_reader::load_csv_content: the content as UTF-8 with a leading BOM trimmed
    (core_text::trim_utf8_bom); fgetcsv's records, a blank line (fgetcsv's [null]) dropped;
    every record, the header's too, trimmed. A record with another number of cells than the
    header stops the import before its preview ('csvweirdcolumns'): ValueError."""
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline="")) if row]
    if not rows:
        raise ValueError("csvemptyfile")
    if any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("csvweirdcolumns")
    return rows


def moodle_import(
    data: bytes,
    users: list[MoodleUser],
    *,
    map_from: str,
    map_to: str,
    items: dict[str, str],
    decsep: str = ".",
    gradepointmax: float = 100.0,
    legacy: bool = False,
) -> MoodleImport:
    """The teacher's mapping on the preview page: the column `map_from` identifies the user
    by `map_to` (useremail or useridnumber); `items` maps a header to "new" (a new grade
    item, named by the header) or "existing" (a grade item already in the course); every
    other column is ignored (Full name, Total). `decsep`: the site language's decimal
    separator; `gradepointmax`: the site's maximum grade (100 unless unlimitedgrades)."""
    header, *lines = moodle_rows(data)
    result = MoodleImport(committed=False)
    pending: list[tuple[int, str, float | None]] = []  # grade_import_values: committed only at the end
    column = header.index(map_from)
    studentid: int | None = None  # prepare_import_grade_data keeps it across rows
    for line in lines:
        if len(line) <= 1:  # "There is no data on this line, move on."
            continue
        row_grades: list[tuple[str, float | None]] = []
        for key, value in enumerate(line):
            if key == column:
                if legacy and not _php_empty(value):
                    studentid = _check_user_exists(value, users, map_to, result, strict=False)
                elif legacy:
                    pass  # 2.8: "Skip invalid row with blank user field": studentid stays the row above's
                else:
                    # 4.5: every row is looked up, a blank value too, which matches nobody
                    # (or, for an ID number many users leave empty, too many).
                    studentid = _check_user_exists(value, users, map_to, result, strict=True)
                if not result.errors:
                    continue
                return result  # cleanup_import: nothing kept
            mapping = items.get(header[key], "ignore")
            if mapping == "new":  # import_new_grade_item
                if value == "-" or (value == "" and not legacy):
                    row_grades.append((header[key], None))  # "Blank or dash grade means null"
                else:
                    row_grades.append((header[key], float(value) if value else 0.0))  # 2.8: '' stored as 0
            elif mapping == "existing":  # update_grade_item
                if value in ("", "-"):
                    row_grades.append((header[key], None))
                else:
                    grade = _unformat_float(value, decsep)
                    if grade is None:
                        result.errors.append("badgrade")
                        return result
                    row_grades.append((header[key], grade))
        if studentid is None:  # "User not found, abort whole import."
            result.errors.append("usermappingerrorusernotfound")
            return result
        for item, grade in row_grades:
            if grade is not None and grade > gradepointmax:  # insert_grade_record
                result.errors.append(f"gradevaluetoobig: {gradepointmax:g}")
                return result
            pending.append((studentid, item, grade))
    # grade_import_commit: in file order, so a second row for one user overwrites the first.
    for user, item, grade in pending:
        result.grades[(user, item)] = grade
    result.committed = True
    return result


def _check_user_exists(
    value: str, users: list[MoodleUser], map_to: str, result: MoodleImport, *, strict: bool
) -> int | None:
    """load_data.php check_user_exists: e-mail (and username) compared without case, an ID
    number exactly; MUST_EXIST, so no user or more than one is an error that stops the
    import (2.8's get_record took the first of several)."""
    attr, label = USER_FIELDS[map_to]
    if attr == "email":
        found = [u for u in users if u.email.casefold() == value.casefold()]
    else:
        found = [u for u in users if getattr(u, attr) == value]
    if not found:
        result.errors.append(f"usermappingerror: {label} {value!r}")
        return None
    if len(found) > 1 and strict:
        result.errors.append(f"usermappingerrormultipleusersfound: {label} {value!r}")
        return None
    return found[0].id


def _unformat_float(value: str, decsep: str) -> float | None:
    """lib/moodlelib.php unformat_float($value, true): spaces dropped, the site's decimal
    separator made ".", then anything PHP's is_numeric refuses is an error (None)."""
    text = value.replace(" ", "").replace(decsep, ".")
    try:
        return float(text)
    except ValueError:
        return None


def _php_empty(value: str) -> bool:
    return value in ("", "0")  # PHP's empty() of a string


# -- Canvas -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CanvasStudent:
    id: int
    name: str
    sortable_name: str = ""
    sis_user_id: str | None = None  # the pseudonym's sis_user_id
    login_id: str = ""  # the pseudonym's unique_id


@dataclass(frozen=True)
class CanvasAssignment:
    id: int
    title: str
    points_possible: float | None = None


@dataclass
class CanvasRow:
    cells: list[str | None]  # as the importer read them (converters applied)
    student: CanvasStudent | None  # None: a new user, listed on the import page to be matched by hand
    by: str  # how it was found: "id", "sis_user_id", "sis_login_id", "name", or "" (not found)


@dataclass
class CanvasImport:
    rows: list[CanvasRow]
    # (header, the existing assignment it matched or None for a new one, its Points Possible cell)
    assignments: list[tuple[str, CanvasAssignment | None, str | None]]
    # (student id, header) -> the grade the import sets; None or "" clears it
    changes: dict[tuple[int, str], str | None]
    # (student id, header): a score already entered in Canvas that the import clears
    cleared: list[tuple[int, str]]

    def row_of(self, name: str) -> CanvasRow:
        return next(r for r in self.rows if r.cells[0] == name)


RESERVED_NON_ASSIGNMENT = (
    "Current Score",
    "Current Points",
    "Current Grade",
    "Final Score",
    "Final Points",
    "Final Grade",
    "Override Score",
    "Override Grade",
    "Override Status",
)
_NUMBER_LIKE = re.compile(r"^-?[0-9.,]+%?$")
_TITLE_AND_ID = re.compile(r"\A(.*)\s\((\d+)\)\Z")  # Assignment.title_and_id


def decimal_comma_to_period(cell: str) -> str:
    """CSV::Converters[:decimal_comma_to_period], applied to every cell of the file: a pure
    number or percentage has its separators joined and its last one made a "." point."""
    if not _NUMBER_LIKE.match(cell):
        return cell
    parts = re.split(r"[,.]", cell)
    last = parts.pop()
    return f"{''.join(parts)}.{last}" if parts else last


def canvas_rows(data: bytes) -> list[list[str | None]]:
    """csv_stream: the delimiter guessed from the first three lines (identify_delimiter: ";"
    only when it splits them all alike into more fields than ","), lines of nothing but
    separators and spaces skipped (skip_lines), every cell through the :nil and
    :decimal_comma_to_period converters. Ruby's CSV reads an empty unquoted cell as nil;
    Python's csv cannot tell it from a quoted "", which the judge never writes: both nil."""
    text = data.decode("utf-8")  # a BOM stays in the first cell: `include?("Student")` still holds
    lines = text.splitlines()
    sep = _delimiter(lines[:3])
    kept = [line for line in lines if not re.fullmatch(r"[;, ]+", line)]
    rows: list[list[str | None]] = []
    for row in csv.reader(kept, delimiter=sep):
        rows.append([decimal_comma_to_period(cell) if cell != "" else None for cell in row])
    return rows


def _delimiter(first: list[str]) -> str:
    counts = {}
    for sep in (";", ","):
        sizes = {len(next(csv.reader([line], delimiter=sep), [])) for line in first}
        counts[sep] = sizes.pop() if len(sizes) == 1 else 0
    return ";" if counts[";"] > counts[","] else ","


def canvas_import(
    data: bytes,
    students: list[CanvasStudent],
    assignments: list[CanvasAssignment],
    scores: dict[tuple[int, int], str] | None = None,
) -> CanvasImport:
    """The import's preview: who each row is, which assignments it updates or creates, and
    what it changes against `scores` ((student id, assignment id) -> the score in Canvas)."""
    scores = scores or {}
    header, *rest = canvas_rows(data)
    h = [cell or "" for cell in header]
    # row_has_student_headers?, update_column_count, last_student_info_column
    if not (len(h) > 3 and "Student" in h[0] and "ID" in h[1]):
        raise ValueError("Invalid header row")
    student_columns = 3
    sis_user_col = sis_login_col = None
    if re.search(r"SIS\s+Login\s+ID", h[2]):
        sis_login_col, student_columns = 2, 4
    elif re.search(r"SIS\s+User\s+ID", h[2]) and len(h) > 3 and re.search(r"SIS\s+Login\s+ID", h[3]):
        sis_user_col, sis_login_col, student_columns = 2, 3, 5
    if "Section" not in h[student_columns - 1]:
        raise ValueError("Invalid header row")
    # strip_non_assignment_columns, parse_assignments
    pattern = re.compile("|".join(RESERVED_NON_ASSIGNMENT))
    found: list[tuple[str, CanvasAssignment | None]] = []
    for name in h[student_columns:]:
        if pattern.search(name):
            continue
        m = _TITLE_AND_ID.match(name)
        existing = next((a for a in assignments if m and a.id == int(m.group(2))), None)
        existing = existing or next((a for a in assignments if a.title == name), None)
        found.append((name, existing))
    index = {name: h.index(name) for name, _a in found}
    points: dict[str, str | None] = {name: None for name, _a in found}
    rows: list[CanvasRow] = []
    for row in rest:
        if row and row[0] is not None and "Points Possible" in row[0]:  # process_pp
            points = {name: row[index[name]] for name, _a in found}
            continue
        if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c, re.I) for c in row if c is not None):
            continue  # a muted-assignments row
        rows.append(_process_student(row, students, sis_user_col, sis_login_col))
    changes: dict[tuple[int, str], str | None] = {}
    cleared: list[tuple[int, str]] = []
    for r in rows:
        if r.student is None:
            continue  # matched by hand on the import page, if at all
        for name, existing in found:
            cell = r.cells[index[name]]
            grade = cell.strip() if cell is not None else None  # process_submissions
            current = scores.get((r.student.id, existing.id)) if existing else None
            if _no_change(grade, current):
                continue
            changes[(r.student.id, name)] = grade
            if _no_score(grade) and not _no_score(current):
                cleared.append((r.student.id, name))
    return CanvasImport(rows, [(name, a, points[name]) for name, a in found], changes, cleared)


def _process_student(
    row: list[str | None], students: list[CanvasStudent], sis_user_col: int | None, sis_login_col: int | None
) -> CanvasRow:
    """process_student: `ID` (Canvas's user id), else the SIS User ID, else the SIS Login ID
    (each an exact lookup among the course's students' pseudonyms), else the name (`name`
    or `sortable_name`, exactly; the first such student), else a new user."""
    cells = row
    student_id = cells[1]
    if _present(student_id):
        hit = next((s for s in students if s.id == _ruby_to_i(student_id)), None)
        if hit:
            return CanvasRow(cells, hit, "id")
    sis_user = cells[sis_user_col] if sis_user_col is not None else None
    if _present(sis_user):
        hit = next((s for s in students if s.sis_user_id == sis_user), None)
        if hit:
            return CanvasRow(cells, hit, "sis_user_id")
    sis_login = cells[sis_login_col] if sis_login_col is not None else None
    if _present(sis_login):
        hit = next((s for s in students if s.login_id == sis_login), None)
        if hit:
            return CanvasRow(cells, hit, "sis_login_id")
    name = cells[0]
    hit = next((s for s in students if name in (s.name, s.sortable_name)), None)
    return CanvasRow(cells, hit, "name" if hit else "")


def _no_score(value: str | None) -> bool:
    return value is None or value.strip() == "" or value == "-"


def _no_change(new: str | None, current: str | None) -> bool:
    """no_change_to_value?: equal, both no score, or equal to two decimal places."""
    if new == current or (_no_score(new) and _no_score(current)):
        return True
    if new is None or current is None or _no_score(new) or _no_score(current):
        return False
    try:
        return f"{float(new):.2f}" == f"{float(current):.2f}"
    except ValueError:
        return False


def _present(value: str | None) -> bool:
    return value is not None and value.strip() != ""


def _ruby_to_i(value: str) -> int:
    m = re.match(r"\s*[-+]?\d+", value)
    return int(m.group()) if m else 0
