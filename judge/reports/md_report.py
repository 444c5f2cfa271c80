"""report.md: a summary for a pull request or a CI step summary, then one section per result.

Its labels are in the active language; verdict codes stay codes (a legend spells out the
ones the report shows). judge/batch/ci.py cuts the step summary at the first level-2 heading: the
details are the report's only one."""

from __future__ import annotations

from collections import Counter

from judge.core.i18n import _, ngettext
from judge.core.numbers import decimal
from judge.core.results import SubmissionResult
from judge.core.verdicts import Verdict
from judge.reports import Report

_ICON = {Verdict.AC: "✅", Verdict.SK: "⏭️"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def render(report: Report) -> str:
    results = report.results
    counts = Counter(r.verdict.value for r in results)
    lines = ["# " + _("Judge report"), ""]
    accepted = counts.get("AC", 0)
    summary = ngettext(
        "{accepted} of {total} submission accepted", "{accepted} of {total} submissions accepted", len(results)
    ).format(accepted=accepted, total=len(results))
    lines.append(f"**{summary}** · " + ", ".join(f"{v} {n}" for v, n in sorted(counts.items())))
    shown = [v for v in Verdict if counts.get(v.value)]
    if shown:
        lines += ["", _("Verdicts: {legend}").format(legend=", ".join(f"{v.value} — {v.description}" for v in shown))]
    lines += ["", _row(_("student"), _("problem"), _("verdict"), _("score"), _("message")), "|---|---|---|---|---|"]
    for r in sorted(results, key=lambda r: (r.student, r.problem)):
        icon = _ICON.get(r.verdict, "❌")
        late = f" ⏰ {_late(r)}" if r.late_seconds > 0 else ""
        lines.append(
            f"| {_cell(r.student)} | {_cell(r.problem)} | {icon} {r.verdict.value} | "
            f"{decimal(r.score)}/{decimal(r.max_score)}{late} | {_cell(r.message)[:160]} |"
        )
    failing = [r for r in results if r.verdict != Verdict.AC]
    if failing:
        lines += ["", "## " + _("Details"), ""]
    for r in sorted(failing, key=lambda r: (r.student, r.problem)):
        lines += [f"### {r.student} / {r.problem}: {r.verdict.value} ({decimal(r.score)}/{decimal(r.max_score)})", ""]
        if r.message:
            lines += ["```", r.message, "```", ""]
        for hint in r.hints:
            lines.append(f"- 💡 {hint}")
        if r.hints:
            lines.append("")
        bad = [t for t in r.tests if t.verdict not in (Verdict.AC, Verdict.SK)]
        if bad:
            lines += [_row(_("test"), _("verdict"), _("time"), _("memory")), "|---|---|---|---|"]
            for t in bad[:10]:
                time = _("{value} s").format(value=decimal(t.time, 3))
                memory = _("{value} MiB").format(value=decimal(t.memory / 1024**2, 1, whole=True))
                lines.append(f"| {t.name} | {t.verdict.value} | {time} | {memory} |")
            lines.append("")
    return "\n".join(lines) + "\n"


def _late(r: SubmissionResult) -> str:
    from judge.reports.lateness import describe_late

    return describe_late(r)
