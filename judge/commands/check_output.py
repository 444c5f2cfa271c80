"""What `judge check` prints: the test table, the verdict, notes, hints, timelines (the command is check.py)."""

from __future__ import annotations

import sys
from collections.abc import Mapping

import click

from judge.commands.report import VERDICT_COLORS
from judge.core import i18n
from judge.core.i18n import _, ngettext
from judge.core.numbers import decimal
from judge.core.results import Concurrency, SubmissionResult, TestResult
from judge.core.units import format_duration, format_size
from judge.core.verdicts import Verdict
from judge.grading.observe import EXPLAINS, MIN_RATIO_WALL
from judge.problem import Problem


def _v(verdict: Verdict, color: bool, pad: bool = True) -> str:
    text = f"{verdict.value:<3}" if pad else verdict.value
    return click.style(text, fg=VERDICT_COLORS[verdict], bold=True) if color else text


def print_check(problem: Problem, result: SubmissionResult, verbose: bool, color: bool, timeline: bool = False) -> None:
    """The table `judge check` prints, in the active language (verdict codes stay codes)."""
    echo = click.echo
    title = problem.display_title(i18n.current())
    echo(f"{problem.id}: {title} — {result.submission}")
    echo(
        _("limits: {time} CPU, {memory}").format(
            time=format_duration(problem.limits.time), memory=format_size(problem.limits.memory)
        )
    )
    if any(t.verdict != Verdict.SK for t in result.tests):
        echo("")
        # Column headers: one word each, padded to the English widths (or wider).
        heads = (_("test"), _("verdict"), _("time"), _("memory"), _("note"))
        width = max(7, len(heads[1]))
        echo(f"  {heads[0]:<12} {heads[1]:<{width}} {heads[2]:>8} {heads[3]:>10}  {heads[4]}")
        for t in result.tests:
            note = t.message.splitlines()[0] if t.message else ""
            if t.runs > 1:
                runs = ngettext("runs: {n}", "runs: {n}", t.runs).format(n=t.runs)
                note = f"{note} ({runs})" if note else runs
            if len(note) > 100 and not verbose:
                note = note[:97] + "..."
            echo(
                f"  {t.name:<12} {_v(t.verdict, color)}{'':<{width - 3}} {format_duration(t.time):>8} "
                f"{format_size(t.memory):>10}  {note}"
            )
            if t.concurrency and t.verdict in EXPLAINS:  # a crash's observation explains nothing
                echo(f"  {'':<12} {concurrency_line(t.concurrency)}")
            if timeline and t.timeline and (t.sample or t is _first_failed(result)):
                echo(_indent(_text_timeline(t.timeline), 4))
        for t in result.tests:
            if t.sample and t.diff and t.verdict != Verdict.AC:
                echo("")
                echo(f"{t.name}: {t.verdict.description}")
                echo(_indent(t.diff))
                break
    echo("")
    echo(
        _("verdict: {code} ({description})  score {score}/{max_score}").format(
            code=_v(result.verdict, color, pad=False),
            description=result.verdict.description,
            score=decimal(result.score),
            max_score=decimal(result.max_score),
        )
    )
    if result.message and result.verdict != Verdict.AC:
        echo(_indent(result.message))
    for hint in result.hints:
        echo(_("hint: {hint}").format(hint=hint))


def concurrency_line(c: Concurrency) -> str:
    """What a concurrency test showed, in one line: the lecture's vocabulary. The ratios over
    the wall time only where it is long enough to measure (observe.MIN_RATIO_WALL)."""
    threads, processes = int(c["threads_started"]), int(c["processes_started"])
    parts = [
        ngettext(
            "threads started {n} (peak {peak} at once)", "threads started {n} (peak {peak} at once)", threads
        ).format(n=threads, peak=c["peak_threads"]),
        ngettext("processes started {n}", "processes started {n}", processes).format(n=processes),
    ]
    if c.get("tasks"):
        tasks = int(c["tasks"])
        parts.append(ngettext("asyncio tasks {n}", "asyncio tasks {n}", tasks).format(n=tasks))
    if "sequential" in c:
        parts.append(
            _("wall {wall} s vs sequential {sequential} s (limit {limit} s)").format(
                wall=decimal(c["wall_time"], 2), sequential=decimal(c["sequential"], 2), limit=decimal(c["max_wall"], 2)
            )
        )
    else:
        parts.append(_("wall {wall} s").format(wall=decimal(c["wall_time"], 2)))
    if (c.get("wall_time") or 0) < MIN_RATIO_WALL:
        return "↳ " + ", ".join(parts)
    if c.get("cpu_time"):
        parts.append(_("CPU/wall {ratio}").format(ratio=decimal(c["cpu_time"] / c["wall_time"], 2)))
    if c.get("cores_wanted"):
        parts.append(_("cores busy {cores}").format(cores=decimal(c["cores_wanted"], 2)))
    return "↳ " + ", ".join(parts)


def _first_failed(result: SubmissionResult) -> TestResult | None:
    return next((t for t in result.tests if t.verdict not in (Verdict.AC, Verdict.SK)), None)


def _text_timeline(data: Mapping[str, object]) -> str:
    """A test's timeline for the terminal: box characters where the console can show them."""
    from judge.timeline import Timeline, text_timeline

    encoding = (getattr(sys.stdout, "encoding", None) or "ascii").lower().replace("-", "")
    return text_timeline(Timeline.from_json(data), width=60, ascii=not encoding.startswith("utf"))


def _indent(text: str, width: int = 2) -> str:
    return "\n".join(" " * width + line for line in text.splitlines())
