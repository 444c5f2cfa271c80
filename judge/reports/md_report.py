"""report.md: a summary for a pull request or a CI step summary, then one section per result."""

from __future__ import annotations

from collections import Counter

from judge.reports import Report
from judge.verdicts import Verdict

_ICON = {Verdict.AC: "✅", Verdict.SK: "⏭️"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(report: Report) -> str:
    results = report.results
    counts = Counter(r.verdict.value for r in results)
    lines = ["# Judge report", ""]
    accepted = counts.get("AC", 0)
    lines.append(f"**{accepted} of {len(results)} submissions accepted** · "
                 + ", ".join(f"{v} {n}" for v, n in sorted(counts.items())))
    lines += ["", "| student | problem | verdict | score | message |", "|---|---|---|---|---|"]
    for r in sorted(results, key=lambda r: (r.student, r.problem)):
        icon = _ICON.get(r.verdict, "❌")
        lines.append(f"| {_cell(r.student)} | {_cell(r.problem)} | {icon} {r.verdict.value} | "
                     f"{r.score:g}/{r.max_score:g} | {_cell(r.message)[:160]} |")
    failing = [r for r in results if r.verdict != Verdict.AC]
    if failing:
        lines += ["", "## Details", ""]
    for r in sorted(failing, key=lambda r: (r.student, r.problem)):
        lines += [f"### {r.student} / {r.problem}: {r.verdict.value} ({r.score:g}/{r.max_score:g})", ""]
        if r.message:
            lines += ["```", r.message, "```", ""]
        for hint in r.hints:
            lines.append(f"- 💡 {hint}")
        if r.hints:
            lines.append("")
        bad = [t for t in r.tests if t.verdict not in (Verdict.AC, Verdict.SK)]
        if bad:
            lines += ["| test | verdict | time | memory |", "|---|---|---|---|"]
            for t in bad[:10]:
                lines.append(f"| {t.name} | {t.verdict.value} | {t.time:.3f} s | {t.memory / 1024**2:.1f} MiB |")
            lines.append("")
    return "\n".join(lines) + "\n"
