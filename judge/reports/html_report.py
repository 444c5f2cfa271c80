"""report.html: one self-contained page for the teacher (inline CSS and JS, no network).

- a class overview: a student x problem matrix with verdict colours, scores and totals,
  sortable by any column header, filterable by student name and by verdict;
- a detail view per submission (click a cell): its tests with verdict, time and memory,
  sample diffs, hints, the message, and the source with the offending line marked;
- statistics per problem: pass rate, verdict distribution, slowest tests, the test failed most;
- suspiciously similar pairs per problem (judge/reports/fingerprints.py), with the two sources side by side.

Everything a student controls (names, messages, source) goes through Jinja's autoescape; the
script only shows, hides and reorders elements that are already on the page. Hidden tests show
only verdict, time and memory. Sources are read from the submission files at render time
(judge/reports/sources.py): report.json does not carry them.

The page speaks the active language (`<html lang>`): the template's labels are `_()` /
`ngettext()` (jinja2.ext.i18n, newstyle, with judge.core.i18n's functions). Their fields are
str.format `{name}` fields, as everywhere in the judge, filled with `.format()` (on the Markup
the template's `_()` returns, so what it inserts is escaped); no message in the template may
contain a literal `%` (newstyle gettext %-formats every message). The few strings the script
writes itself come from the page (`ui_strings`: JSON in a data attribute of #i18n).
"""

from __future__ import annotations

import base64
import hashlib
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

import jinja2
import markupsafe

from judge.core import i18n
from judge.core.i18n import _, ngettext
from judge.core.numbers import decimal
from judge.core.results import SubmissionResult, TestResult
from judge.core.units import format_duration, format_size
from judge.core.verdicts import Verdict
from judge.reports import Report
from judge.reports.lateness import describe_handed_in, describe_late
from judge.reports.similarity_report import find_pairs, settings

if TYPE_CHECKING:
    from judge.reports.similarity_report import SimilarPair
    from judge.semester.history import Attempt
from judge.reports.sources import Source, read_sources

# Verdicts whose result.line is "the offending line" to mark in the source.
_MARK_LINE = {Verdict.CE, Verdict.RE, Verdict.RV}
_NOT_FAILED = {Verdict.AC, Verdict.SK}


def render(report: Report) -> str:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("judge.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)  # type: ignore[attr-defined]
    # The page's one script is ours, not a template: the Content-Security-Policy allows it by
    # its hash, so no other script can run even if something slipped past the escaping.
    script = (resources.files("judge.reports") / "templates" / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return env.get_template("report.html.j2").render(
        **context(report), script=markupsafe.Markup(script), script_hash=f"sha256-{digest}"
    )


def ui_strings(students: int) -> dict[str, str]:
    """What report.js writes itself, translated here: the page carries them as JSON (the
    script has no catalog). Placeholders the script fills stay `{name}`."""
    return {
        # {shown} is filled by the script; the plural form follows {total}, known here.
        "shown": ngettext("{shown} of {total} student shown", "{shown} of {total} students shown", students).format(
            shown="{shown}", total=students
        ),
    }


# -- the view model ---------------------------------------------------------------------


@dataclass
class SourceLine:
    number: int
    text: str
    css: str = ""  # "bad" (the offending line) or "same" (shared with the other of a pair)
    note: str = ""  # shown under a bad line: what is wrong there


@dataclass
class TestRow:
    name: str
    hidden: bool
    verdict: str
    description: str  # the verdict spelled out (a tooltip)
    time: str
    memory: str
    note: str = ""  # sample tests only
    diff: str = ""  # sample tests only


@dataclass
class Detail:
    id: str
    student: str
    problem: str
    submission: str
    verdict: str
    description: str
    score: str
    message: str
    hints: list[str]
    rule_violations: list[str]
    line: int | None
    tests: list[TestRow]
    diffs: list[TestRow]
    ran: bool  # some test was run (not all skipped)
    source: list[SourceLine] | None
    source_note: str = ""
    # A concurrency submission's picture: the timeline of its failing (else first) sample test.
    timeline_test: str = ""
    timeline_svg: str = ""
    late: str = ""  # "late by 2 d 3 h, −20 %"
    handed_in: str = ""  # when, and the commit graded
    attempts: list[dict[str, str]] = field(default_factory=list)  # every graded version, oldest first


@dataclass
class Row:
    student: str
    cells: list[dict[str, object] | None]
    total: str
    total_value: float
    verdicts: str  # space-separated verdicts of the row (for the verdict filter)


@dataclass
class ProblemStats:
    problem: str
    submitted: int
    missing: int
    accepted: int
    pass_rate: str
    pass_rate_value: float
    average: str
    max_score: str
    distribution: list[dict[str, object]] = field(default_factory=list)
    slowest: list[dict[str, str]] = field(default_factory=list)
    most_failed: dict[str, object] | None = None


@dataclass
class PairView:
    id: str
    problem: str
    student_a: str
    student_b: str
    submission_a: str
    submission_b: str
    percent: str
    detail_a: str
    detail_b: str
    lines_a: list[SourceLine]
    lines_b: list[SourceLine]


def context(report: Report) -> dict[str, object]:
    results = report.results
    sources = read_sources(results)
    ids = {id(r): f"s{i}" for i, r in enumerate(results)}
    problems = sorted({r.problem for r in results}, key=_natural)
    students = report.all_students()  # every student folder has a row, results or not
    cells: dict[tuple[str, str], tuple[int, SubmissionResult]] = {}
    for i, r in enumerate(results):
        cells.setdefault((r.student, r.problem), (i, r))
    max_by_problem: dict[str, float] = {}
    for r in results:
        max_by_problem[r.problem] = max(max_by_problem.get(r.problem, 0.0), r.max_score)
    max_total = sum(max_by_problem.values())

    rows = _rows(students, problems, cells, ids)

    averages = []
    for p in problems:
        scores = [r.score for r in results if r.problem == p]
        averages.append(_num(round(statistics.fmean(scores), 1)) if scores else "")

    counts = Counter(r.verdict.value for r in results)
    threshold, min_tokens = settings(report)
    pairs = find_pairs(report, sources)
    index_of = {id(r): i for i, r in enumerate(results)}
    pair_views = [_pair_view(n, p, ids) for n, p in enumerate(pairs)]
    similar_to: dict[str, list[dict[str, str]]] = {}
    for v in pair_views:
        similar_to.setdefault(v.detail_a, []).append({"pair": v.id, "other": v.student_b, "percent": v.percent})
        similar_to.setdefault(v.detail_b, []).append({"pair": v.id, "other": v.student_a, "percent": v.percent})
    return {
        "lang": i18n.current(),
        "ui_json": json.dumps(ui_strings(len(rows)), ensure_ascii=False, sort_keys=True),
        "created": report.created,
        "judge_version": report.judge_version,
        "environment": report.environment,
        "problems": problems,
        "rows": rows,
        "max_total": _num(max_total),
        "averages": averages,
        "class_average": _num(round(statistics.fmean([r.total_value for r in rows]), 1)) if rows else "",
        "total_submissions": len(results),
        "accepted": counts.get("AC", 0),
        "counts": [(v.value, counts[v.value], v.description) for v in Verdict if counts.get(v.value)],
        "verdicts": [v.value for v in Verdict if counts.get(v.value)],
        "descriptions": {v.value: v.description for v in Verdict},
        "details": [
            _detail(ids[id(r)], r, sources.get(index_of[id(r)]), report.attempts.get((r.student, r.problem), []))
            for r in results
        ],
        "stats": [_stats(p, [r for r in results if r.problem == p], len(students)) for p in problems],
        "pairs": pair_views,
        "similar_to": similar_to,
        "similarity_threshold": f"{threshold:.0%}",
        "similarity_min_tokens": min_tokens,
        "compared": len(sources),
    }


def _rows(
    students: list[str],
    problems: list[str],
    cells: dict[tuple[str, str], tuple[int, SubmissionResult]],
    ids: dict[int, str],
) -> list[Row]:
    """The matrix: a row per student, a cell per problem (None: nothing handed in)."""
    rows: list[Row] = []
    for s in students:
        row_cells: list[dict[str, object] | None] = []
        total = 0.0
        verdicts: list[str] = []
        for p in problems:
            hit = cells.get((s, p))
            if hit is None:
                row_cells.append(None)
                continue
            i, r = hit
            total += r.score
            verdicts.append(r.verdict.value)
            late = describe_late(r)
            row_cells.append(
                {
                    "id": ids[id(r)],
                    "verdict": r.verdict.value,
                    "score": _num(r.score),
                    "score_value": r.score,
                    "late": late,
                    "submitted_from": r.submitted_from or "",  # labelled by the template
                    "title": f"{s} / {p}: {r.verdict.description}, "
                    f"{_num(r.score)}/{_num(r.max_score)}" + (f", {late}" if late else ""),
                }
            )
        rows.append(Row(s, row_cells, _num(total), total, " ".join(sorted(set(verdicts)))))
    return rows


def _attempt_rows(attempts: list[Attempt], current: str) -> list[dict[str, str]]:
    """A cell's graded versions (judge.semester.history.Attempt), oldest first; the one this
    report graded is marked."""
    if len(attempts) < 2:
        return []  # one version: nothing to compare
    return [
        {
            "when": a.submitted_at or a.graded_at,
            "content": a.sha256[:10],
            "commit": (a.commit or "")[:8],
            "verdict": a.verdict,
            "score": f"{_num(a.score)}/{_num(a.max_score)}",
            "this": "1" if a.sha256 == current else "",
        }
        for a in attempts
    ]


def _detail(ident: str, r: SubmissionResult, src: Source | None, attempts: list[Attempt] | None = None) -> Detail:
    tests: list[TestRow] = []
    diffs: list[TestRow] = []
    for t in r.tests:
        row = _test_row(t)
        tests.append(row)
        if row.diff and t.verdict != Verdict.AC:
            diffs.append(row)
    line = r.line if r.verdict in _MARK_LINE else None
    note = r.message.strip().splitlines()[0] if r.message.strip() else r.verdict.description
    source = None
    source_note = ""
    if src is not None:
        source = [
            SourceLine(n, text, "bad" if n == line else "", note if n == line else "")
            for n, text in enumerate(src.text.split("\n"), start=1)
        ]
        notes = []
        if src.truncated:
            notes.append(
                ngettext(
                    "first {shown} of {total} line shown", "first {shown} of {total} lines shown", src.lines
                ).format(shown=len(source), total=src.lines)
            )
        if line is not None and line > len(source):
            notes.append(_("line {line} is past the end shown").format(line=line))
        source_note = "; ".join(notes)
    elif not r.sha256:
        source_note = _("the source was not read (see the message)")
    else:
        source_note = _("the source is no longer what was graded, or cannot be read")
    return Detail(
        id=ident,
        student=r.student,
        problem=r.problem,
        submission=r.submission,
        verdict=r.verdict.value,
        description=r.verdict.description,
        score=f"{_num(r.score)}/{_num(r.max_score)}",
        message=r.message,
        hints=list(r.hints),
        rule_violations=list(r.rule_violations),
        line=line,
        tests=tests,
        diffs=diffs,
        ran=any(t.verdict != Verdict.SK for t in r.tests),
        source=source,
        source_note=source_note,
        late=describe_late(r),
        handed_in=_handed_in(r),
        attempts=_attempt_rows(attempts or [], r.sha256),
        **_timeline(r),
    )


def _handed_in(r: SubmissionResult) -> str:
    return describe_handed_in(r)


def _timeline(r: SubmissionResult) -> dict[str, str]:
    """The SVG timeline of the failing sample test, else of the first sample with one (an
    inline <svg>, drawn by judge.timeline; no script)."""
    traced = [t for t in r.tests if t.sample and t.timeline]
    if not traced:
        return {}
    chosen = next((t for t in traced if t.verdict not in (Verdict.AC, Verdict.SK)), traced[0])
    from judge.timeline import Timeline, svg_timeline

    assert chosen.timeline is not None
    return {"timeline_test": chosen.name, "timeline_svg": svg_timeline(Timeline.from_json(chosen.timeline))}


def _test_row(t: TestResult) -> TestRow:
    skipped = t.verdict == Verdict.SK
    row = TestRow(
        name=t.name,
        hidden=not t.sample,
        verdict=t.verdict.value,
        description=t.verdict.description,
        time="" if skipped else format_duration(t.time),
        memory="" if skipped else format_size(t.memory),
    )
    if t.sample:  # hidden tests: verdict, time and memory only
        row.note = t.message.strip().splitlines()[0] if t.message.strip() else ""
        row.diff = t.diff
    return row


def _stats(problem: str, results: list[SubmissionResult], students: int) -> ProblemStats:
    n = len(results)
    accepted = sum(1 for r in results if r.verdict == Verdict.AC)
    rate = accepted / n if n else 0.0
    counts = Counter(r.verdict for r in results)
    distribution: list[dict[str, object]] = (
        [
            {
                "verdict": v.value,
                "count": counts[v],
                "percent": f"{counts[v] / n:.0%}",
                "width": f"{100 * counts[v] / n:.2f}",
                "description": v.description,
            }
            for v in Verdict
            if counts.get(v)
        ]
        if n
        else []
    )
    times: dict[str, list[float]] = {}
    failed: Counter[str] = Counter()
    hidden: dict[str, bool] = {}
    for r in results:
        for t in r.tests:
            hidden[t.name] = not t.sample
            if t.verdict not in _NOT_FAILED:
                failed[t.name] += 1
            if t.verdict not in (Verdict.SK, Verdict.TLE, Verdict.ILE):
                times.setdefault(t.name, []).append(t.time)
    slowest = sorted(times.items(), key=lambda kv: (-max(kv[1]), kv[0]))[:3]
    most = None
    if failed:
        name, count = min(failed.items(), key=lambda kv: (-kv[1], kv[0]))
        most = {"name": name, "count": count, "of": n, "hidden": hidden.get(name, False)}
    max_score = max((r.max_score for r in results), default=0.0)
    return ProblemStats(
        problem=problem,
        submitted=n,
        missing=max(0, students - len({r.student for r in results})),
        accepted=accepted,
        pass_rate=f"{rate:.0%}",
        pass_rate_value=rate,
        average=_num(round(statistics.fmean([r.score for r in results]), 1)) if n else "",
        max_score=_num(max_score),
        distribution=distribution,
        slowest=[
            {
                "name": name,
                "max": format_duration(max(ts)),
                "median": format_duration(statistics.median(ts)),
                "runs": str(len(ts)),
                "hidden": _("hidden") if hidden.get(name) else _("sample"),
            }
            for name, ts in slowest
        ],
        most_failed=most,
    )


def _pair_view(n: int, p: SimilarPair, ids: dict[int, str]) -> PairView:
    def lines(src: Source, same: frozenset[int]) -> list[SourceLine]:
        return [
            SourceLine(i, text, "same" if i in same else "") for i, text in enumerate(src.text.split("\n"), start=1)
        ]

    return PairView(
        id=f"p{n}",
        problem=p.problem,
        student_a=p.a.student,
        student_b=p.b.student,
        submission_a=p.a.submission,
        submission_b=p.b.submission,
        percent=f"{p.similarity:.0%}",
        detail_a=ids[id(p.a)],
        detail_b=ids[id(p.b)],
        lines_a=lines(p.source_a, p.lines_a),
        lines_b=lines(p.source_b, p.lines_b),
    )


def _num(x: float) -> str:
    return decimal(x, 2, trim=True)  # 7, 33.33; Russian 33,33


def _natural(name: str) -> tuple[int, object]:
    return (0, int(name)) if name.isdigit() else (1, name)
