"""grades.csv: the gradebook. One row per student, one column per problem, then the total.

    student,<problem>...,<problem> score...,total,max_total

A `<problem>` cell is `score VERDICT` (`80 AC late -20%`), for people and scripts that read
the verdict; a spreadsheet cannot add those up, so each problem also has a `<problem> score`
column with the number alone (after any penalty; empty when nothing was handed in). They sit
between the problem columns and the totals, which stay last as they always were. Every
student folder has a row (Report.all_students): one whose only file is misnamed gets empty
cells and a total of 0.

A contract for spreadsheets and scripts: the headers and the verdict codes are never
translated. With `bom` (the report's `csv_bom`, `judge grade --csv-bom`) the file starts with
a UTF-8 byte order mark, so Excel on Windows reads Cyrillic names as UTF-8, not as cp1251."""

from __future__ import annotations

import csv
import io

from judge.core.results import late_mark
from judge.reports import Report

BOM = "\ufeff"


def wants_bom(report: Report) -> bool:
    """Whether the report's CSV files start with a UTF-8 BOM (Report.csv_bom; off by default)."""
    return bool(getattr(report, "csv_bom", False))


def render(report: Report, bom: bool | None = None) -> str:
    """`bom`: start with a UTF-8 byte order mark; None: as the report says (`wants_bom`)."""
    problems = sorted({r.problem for r in report.results}, key=_natural)
    students = report.all_students()
    cells = {(r.student, r.problem): r for r in report.results}
    buf = io.StringIO()
    if wants_bom(report) if bom is None else bom:
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student", *problems, *(f"{p} score" for p in problems), "total", "max_total"])
    max_by_problem = {r.problem: r.max_score for r in report.results}
    for student in students:
        row: list[object] = [student]
        scores: list[object] = []
        total = 0.0
        for p in problems:
            r = cells.get((student, p))
            if r is None:
                row.append("")
                scores.append("")
            else:
                mark = late_mark(r)  # only where deadlines apply: other cells stay "score VERDICT"
                row.append(f"{_fmt(r.score)} {r.verdict.value}" + (f" {mark}" if mark else ""))
                scores.append(_fmt(r.score))
                total += r.score
        row += [*scores, _fmt(total), _fmt(sum(max_by_problem.values()))]
        writer.writerow(row)
    return buf.getvalue()


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def _natural(name: str) -> tuple[int, object]:
    return (0, int(name)) if name.isdigit() else (1, name)
