"""feedback/<student>.md: one Markdown file per student, to hand back: their result on each
problem, the message, hints, every test's verdict, time and memory, and the diffs of failed
sample tests. Hidden tests show only verdict, time and memory, as in `judge check`. In the
active language: the student reads it.

A folder format: `write(report, folder)` instead of `render(report)`. Each file is written
atomically; feedback files of students no longer in the report are removed (only files this
module wrote: they start with MARKER)."""

from __future__ import annotations

import re
from pathlib import Path

from judge.core.i18n import _
from judge.core.numbers import decimal
from judge.core.results import SubmissionResult
from judge.core.units import format_duration, format_size
from judge.core.verdicts import Verdict
from judge.reports import Report, write_atomic
from judge.reports.lateness import describe_handed_in, describe_late_score

MARKER = "<!-- judge feedback -->"
_UNSAFE = re.compile(r"[^\w.-]+")
_MD_SPECIAL = re.compile(r"([\\`*\[\]|~]|(?<![^\W_])_|_(?![^\W_]))")


def write(report: Report, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    by_student: dict[str, list[SubmissionResult]] = {}
    for r in report.results:
        by_student.setdefault(r.student, []).append(r)
    written: list[Path] = []
    used: set[str] = set()
    for student in sorted(by_student):
        name = file_name(student, used)
        path = folder / name
        write_atomic(path, render_student(report, student, by_student[student]))
        written.append(path)
    for old in folder.glob("*.md"):
        if old.name not in used and _is_ours(old):
            old.unlink()
    return written


def remove(folder: Path) -> bool:
    """Remove the feedback files this module wrote in `folder`, and the folder once empty;
    whether anything was removed (other files, and the folder holding them, stay)."""
    removed = False
    for old in folder.glob("*.md"):
        if _is_ours(old):
            old.unlink(missing_ok=True)
            removed = True
    try:
        folder.rmdir()
    except OSError:
        pass  # something else lives there
    return removed


def file_name(student: str, used: set[str]) -> str:
    """A safe file name for a student: their name with anything odd replaced, unique."""
    base = _UNSAFE.sub("_", student).strip("._") or "student"
    base = base[:80]
    name = f"{base}.md"
    n = 2
    while name.lower() in {u.lower() for u in used}:
        name = f"{base}-{n}.md"
        n += 1
    used.add(name)
    return name


def render_student(report: Report, student: str, results: list[SubmissionResult]) -> str:
    """One student's feedback, in the active language (verdict codes stay codes, each spelled
    out next to it)."""
    results = sorted(results, key=lambda r: _natural(r.problem))
    total = sum(r.score for r in results)
    max_total = sum(r.max_score for r in results)
    out = [MARKER, "# " + _("Feedback: {student}").format(student=_text(student)), ""]
    total_text = _("total {score}").format(score=f"**{_num(total)} / {_num(max_total)}**")
    out += [f"{_graded(report)} · {total_text}", "", _row(_("problem"), _("verdict"), _("score")), "|---|---|---|"]
    for r in results:
        late = " ⏰" if r.late_seconds > 0 else ""
        out.append(
            f"| {_cell(r.problem)} | {r.verdict.value} ({r.verdict.description}) | "
            f"{_num(r.score)}/{_num(r.max_score)}{late} |"
        )
    for r in results:
        out += ["", f"## {_text(r.problem)}: {r.verdict.value} — {_num(r.score)}/{_num(r.max_score)}", ""]
        out.append(f"*{r.verdict.description}*" + (f" · `{_code(r.submission)}`" if r.submission else ""))
        if r.late_seconds > 0:  # the score above is after the penalty: say so, in report.html's words
            out += ["", f"⏰ {_text(describe_late_score(r))}"]
            handed_in = describe_handed_in(r)
            if handed_in:
                out += ["", f"*{_text(handed_in)}*"]
        if r.message and r.verdict != Verdict.AC:
            out += ["", *_fenced(r.message)]
        if r.hints:
            out.append("")
            out += [f"- 💡 {' '.join(h.split())}" for h in r.hints]  # teachers' Markdown
        for t in r.tests:
            if t.sample and t.diff and t.verdict not in (Verdict.AC, Verdict.SK):
                heading = _("Sample test {name}: {verdict}").format(name=t.name, verdict=t.verdict.description)
                out += ["", heading, "", *_fenced(t.diff)]
        run = [t for t in r.tests if t.verdict != Verdict.SK]
        if run:
            out += ["", _row(_("test"), _("verdict"), _("time"), _("memory")), "|---|---|---|---|"]
            for t in r.tests:
                name = t.name if t.sample else _("{name} (hidden)").format(name=t.name)
                shown = t.verdict != Verdict.SK
                out.append(
                    f"| {_cell(name)} | {t.verdict.value} | "
                    f"{format_duration(t.time) if shown else ''} | {format_size(t.memory) if shown else ''} |"
                )
        elif r.tests:
            out += ["", _("No test was run.")]
    return "\n".join(out) + "\n"


def _graded(report: Report) -> str:
    """When and by which judge, as one sentence (each case whole: word order differs)."""
    if report.created and report.judge_version:
        return _("Graded {created} by judge {version}").format(created=report.created, version=report.judge_version)
    if report.created:
        return _("Graded {created}").format(created=report.created)
    if report.judge_version:
        return _("Graded by judge {version}").format(version=report.judge_version)
    return _("Graded")


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _fenced(text: str) -> list[str]:
    """A code block that nothing in `text` can close: its fence is longer than any run of
    backticks inside."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", text.rstrip("\n"), fence]


def _text(s: str) -> str:
    """Text for Markdown: HTML and Markdown syntax in it shown literally."""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s).replace("\n", " ")


def _cell(s: str) -> str:
    return _text(s)


def _code(s: str) -> str:
    return s.replace("`", "'").replace("\n", " ")


def _is_ours(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            return fh.readline().strip() == MARKER
    except OSError:
        return False


def _num(x: float) -> str:
    return decimal(x, 2, trim=True)  # 7, 33.33; Russian 33,33


def _natural(name: str) -> tuple[int, object]:
    return (0, int(name)) if name.isdigit() else (1, name)
