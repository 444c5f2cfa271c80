"""grades.csv: the gradebook. One row per student, one column per problem, then the total.

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
    students = sorted({r.student for r in report.results})
    cells = {(r.student, r.problem): r for r in report.results}
    buf = io.StringIO()
    if wants_bom(report) if bom is None else bom:
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student", *problems, "total", "max_total"])
    max_by_problem = {r.problem: r.max_score for r in report.results}
    for student in students:
        row: list[object] = [student]
        total = 0.0
        for p in problems:
            r = cells.get((student, p))
            if r is None:
                row.append("")
            else:
                mark = late_mark(r)  # only where deadlines apply: other cells stay "score VERDICT"
                row.append(f"{_fmt(r.score)} {r.verdict.value}" + (f" {mark}" if mark else ""))
                total += r.score
        row += [_fmt(total), _fmt(sum(max_by_problem.values()))]
        writer.writerow(row)
    return buf.getvalue()


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def _natural(name: str) -> tuple[int, object]:
    return (0, int(name)) if name.isdigit() else (1, name)
