"""results.json for Gradescope's autograder (https://gradescope-autograders.readthedocs.io/en/latest/specs/).

Top level: `score` (the sum of the submissions' scores: it overrides the tests' sum, which
matters when a rule violation sets a submission to 0), `execution_time` (the solutions' total
wall time in seconds), `output` (a short summary with the hints), `visibility`, `tests`.
One entry per test: `name`, `score`, `max_score`, `status` (passed/failed), `output`,
`visibility` — `visible` for sample tests, `after_published` for hidden ones, whose output is
only the verdict, time and memory. A submission whose verdict no test explains (a CE, a rule
broken in the source) gets one more entry worth 0 points that says why.

The texts (`output`, the extra entry's `name`) are in the active language, as the student reads
them; the keys and the `status`/`visibility` values are Gradescope's and never translated.

On Gradescope, run e.g. `judge grade /tmp/class --format gradescope --out /autograder/results`
(see the README); `judge.batch.ci.gradescope_guard` writes a score-0 results.json if grading crashes.
"""

from __future__ import annotations

import json

from judge.core.i18n import _
from judge.core.numbers import decimal
from judge.core.results import SubmissionResult, TestResult
from judge.core.units import format_duration, format_size
from judge.core.verdicts import Verdict
from judge.reports import Report


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 4)


def _explained(r: SubmissionResult) -> bool:
    return r.verdict == Verdict.AC or any(t.verdict not in (Verdict.AC, Verdict.SK) for t in r.tests)


def _test_output(t: TestResult) -> str:
    if t.verdict == Verdict.SK:
        return f"{t.verdict.value} ({t.verdict.description})"
    head = _("{verdict} ({description}) · time {time} · memory {memory}").format(
        verdict=t.verdict.value,
        description=t.verdict.description,
        time=format_duration(t.time),
        memory=format_size(t.memory),
    )
    if not t.sample:
        return head  # a hidden test: verdict, time and memory only
    return "\n\n".join(part for part in (head, t.message, t.diff) if part)


def _entries(r: SubmissionResult, prefix: str) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    # A submission scored 0 for a rule broken in its source: the tests passed but earn nothing.
    zeroed = r.score == 0 and any(t.points for t in r.tests)
    if not _explained(r):
        lines = [f"{r.verdict.value} ({r.verdict.description})"]
        if r.message:
            lines.append(r.message)
        lines += [_("hint: {hint}").format(hint=h) for h in r.hints]
        entries.append(
            {
                "name": f"{prefix}: {r.verdict.description}",
                "score": 0,
                "max_score": 0,
                "status": "failed",
                "output": "\n\n".join(lines),
                "visibility": "visible",
            }
        )
    for t in r.tests:
        entries.append(
            {
                "name": f"{prefix} {t.name}",
                "score": 0 if zeroed else _num(t.points),
                "max_score": _num(t.max_points),
                "status": "passed" if t.verdict == Verdict.AC else "failed",
                "output": _test_output(t),
                "visibility": "visible" if t.sample else "after_published",
            }
        )
    return entries


def to_dict(report: Report) -> dict[str, object]:
    results = sorted(report.results, key=lambda r: (r.student, r.problem))
    many = len({r.student for r in results}) > 1
    tests: list[dict[str, object]] = []
    summary: list[str] = []
    for r in results:
        prefix = f"{r.student}/{r.problem}" if many else r.problem
        tests += _entries(r, prefix)
        line = f"{prefix}: {r.verdict.value} {decimal(r.score)}/{decimal(r.max_score)}"
        if r.verdict != Verdict.AC and r.message:
            line += f" — {r.message.splitlines()[0]}"
        summary.append(line)
        summary += ["  " + _("hint: {hint}").format(hint=h) for h in r.hints]
    total = sum(r.score for r in results)
    maximum = sum(r.max_score for r in results)
    accepted = sum(r.verdict == Verdict.AC for r in results)
    head = _("{accepted} of {total} accepted, score {score}/{max_score}").format(
        accepted=accepted, total=len(results), score=decimal(total), max_score=decimal(maximum)
    )
    wall = sum(t.wall_time for r in results for t in r.tests)
    return {
        "score": _num(round(total, 6)),
        "execution_time": round(wall, 3),
        "output": "\n".join([head, *summary]) if results else _("no submissions were graded"),
        "visibility": "visible",
        "tests": tests,
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
