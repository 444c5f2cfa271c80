"""`judge show PROBLEM`: the statement in the reader's language, with what the judge enforces.

statement.md holds Russian then English (docs/PROBLEM_FORMAT.md); the reader gets the part in
the chosen language, else the one there is. Below it the judge adds what problem.yaml says,
so a student reads the real limits and rules, not a copy that may have drifted: the limits,
the rules in plain words, and the sample tests when the statement shows none of its own.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from judge.commands.helptext import JudgeCommand
from judge.commands.options import (
    CliState,
    lang_option,
    problems_dir_option,
)
from judge.core.exits import EXIT_OK
from judge.core.i18n import _, current, ngettext
from judge.core.limits import UNLIMITED
from judge.core.numbers import decimal
from judge.core.units import format_duration, format_size

if TYPE_CHECKING:
    from judge.problem import Problem, Rules

# Sample files shown in full up to this size; a longer one is cut (a statement is for reading).
_SAMPLE_MAX_LINES = 40


def statement_markdown(problem: Problem, lang: str | None = None) -> str:
    """The whole page as Markdown: statement, limits, rules, samples."""
    from judge.problem import statement_parts

    lang = lang or current()
    parts = statement_parts(problem)
    body = parts.get(lang) or parts.get("en") or next(iter(parts.values()), "")
    if not body.strip():
        body = f"# {problem.display_title(lang)}\n\n" + _("(this problem has no statement.md)")
    out = [body.rstrip(), "", "---", "", "## " + _("What the judge enforces"), ""]
    out += [f"- {line}" for line in limit_lines(problem)]
    rules = rule_lines(problem)
    if rules:
        out += [""] + [f"- {line}" for line in rules]
    if "```" not in body:
        out += [""] + sample_lines(problem)
    return "\n".join(out).rstrip() + "\n"


def limit_lines(problem: Problem) -> list[str]:
    lim = problem.limits
    lines = [
        _("Time: {time} of CPU per test (the whole process tree); wall clock {wall}.").format(
            time=format_duration(lim.time), wall=format_duration(lim.wall)
        ),
        _("Memory: {memory} (the whole process tree); output: {output}.").format(
            memory=format_size(lim.memory), output=format_size(lim.output)
        ),
    ]
    if lim.stack is not None:
        lines.append(
            _("Stack: unlimited (it counts towards the memory limit).")
            if lim.stack == UNLIMITED
            else _("Stack: {size}.").format(size=format_size(lim.stack))
        )
    if lim.cores is not None:
        lines.append(
            ngettext(
                "The run is pinned to {n} processor core.", "The run is pinned to {n} processor cores.", lim.cores
            ).format(n=lim.cores)
        )
    runtime = problem.runtime
    if not runtime.allow_file_writing:
        lines.append(_("The solution may read the files of its folder but not create, change or delete any."))
    if runtime.repeats > 1:
        lines.append(
            ngettext(
                "Each test runs {n} time.", "Each test runs {n} times; every run must pass.", runtime.repeats
            ).format(n=runtime.repeats)
        )
    if runtime.switch_interval is not None:
        lines.append(
            _("Threads are switched very often (`sys.setswitchinterval({value})`), so races show up.").format(
                value=f"{runtime.switch_interval:g}"  # Python code: a dot in every language
            )
        )
    if runtime.start_method:
        lines.append(_("Processes are started with the `{method}` start method.").format(method=runtime.start_method))
    return lines


def rule_lines(problem: Problem) -> list[str]:
    """Every rule of the problem and of its tests, once, in plain words."""
    lines = _rules_in_words(problem.rules)
    seen = set(lines)
    for test in problem.tests:
        if test.rules is None:
            continue
        for line in _rules_in_words(test.rules):
            if line not in seen:
                seen.add(line)
                lines.append(_("In some tests: {rule}").format(rule=line))
    return lines


def _codes(names: tuple[str, ...]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _rules_in_words(rules: Rules) -> list[str]:
    out: list[str] = []
    if rules.forbid_constructs:
        out.append(_("Not allowed in the solution: {what}.").format(what=_codes(rules.forbid_constructs)))
    if rules.forbid_modules:
        out.append(_("Modules you may not import: {modules}.").format(modules=_codes(rules.forbid_modules)))
    if rules.require_modules:
        out.append(_("The solution must use: {modules}.").format(modules=_codes(rules.require_modules)))
    out += _bounds(rules.min_threads, rules.max_threads, threads=True)
    out += _bounds(rules.min_processes, rules.max_processes, threads=False)
    if rules.min_tasks:
        out.append(
            ngettext(
                "At least {n} asyncio task must run concurrently.",
                "At least {n} asyncio tasks must run concurrently.",
                rules.min_tasks,
            ).format(n=rules.min_tasks)
        )
    if rules.thread_subclass:
        out.append(_("Write a class derived from `threading.Thread` that overrides `run()`."))
    if rules.uses_lock == "threading":
        out.append(_("A `threading` lock must protect the shared data."))
    elif rules.uses_lock == "multiprocessing":
        out.append(_("A `multiprocessing` lock must protect the shared data."))
    if rules.async_await:
        out.append(_("Coroutines must be written with `async def` and `await`."))
    if rules.concurrency is not None:
        sequential, ratio = rules.concurrency
        out.append(
            _(
                "The pieces of work must run at the same time: the run must take under {percent} "
                "of the time they take one after another ({sequential})."
            ).format(percent=f"{ratio:.0%}", sequential=format_duration(sequential))
        )
    if rules.parallelism is not None:
        cores = round(rules.parallelism, 2)  # as written: 1.15 takes «ядра», 2 «ядра», 5 «ядер»
        out.append(
            ngettext(
                "The work must keep at least {cores} core busy at once (threads cannot: the GIL; use processes).",
                "The work must keep at least {cores} cores busy at once (threads cannot: the GIL; use processes).",
                cores,
            ).format(cores=decimal(cores))
        )
    if rules.no_leftover_processes:
        out.append(_("No process may still be running when the program ends."))
    return out


def _bounds(low: int | None, high: int | None, threads: bool) -> list[str]:
    out = []
    if low:
        text = (
            ngettext("At least {n} thread must be started.", "At least {n} threads must be started.", low)
            if threads
            else ngettext("At least {n} process must be started.", "At least {n} processes must be started.", low)
        )
        out.append(text.format(n=low))
    if high == 0:
        out.append(
            _("The solution must not start threads.") if threads else _("The solution must not start processes.")
        )
    elif high:
        text = (
            ngettext("At most {n} thread may be started.", "At most {n} threads may be started.", high)
            if threads
            else ngettext("At most {n} process may be started.", "At most {n} processes may be started.", high)
        )
        out.append(text.format(n=high))
    return out


def sample_lines(problem: Problem) -> list[str]:
    samples = [t for t in problem.tests if t.sample]
    if not samples:
        return []
    # A heading with no number: one sample or several, not a plural form (Russian's "one"
    # form is also 21's: «Пример» over 21 samples).
    out = ["## " + (_("Sample test") if len(samples) == 1 else _("Sample tests")), ""]
    for test in samples:
        out += [
            f"### {test.name}",
            "",
            _("Input:"),
            "",
            *_fenced(test.input_path),
            "",
            _("Output:"),
            "",
            *_fenced(test.answer_path),
            "",
        ]
    return out


def _fenced(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ["```", _("(unreadable: {file})").format(file=path.name), "```"]
    if len(lines) > _SAMPLE_MAX_LINES:
        more = len(lines) - _SAMPLE_MAX_LINES
        lines = lines[:_SAMPLE_MAX_LINES] + [ngettext("… {n} more line", "… {n} more lines", more).format(n=more)]
    return ["```", *lines, "```"]


def print_statement(problem: Problem, raw: bool) -> None:
    """To the terminal: rendered by rich (headings, code blocks, lists); --raw: the Markdown."""
    import click

    text = statement_markdown(problem)
    if raw:
        click.echo(text, nl=False)
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(text))


# -- the command ------------------------------------------------------------------------


@click.command("show", cls=JudgeCommand)
@click.argument("problem")
@problems_dir_option
@click.option("--raw", is_flag=True, help="Print the Markdown instead of rendering it.")
@lang_option
@click.pass_obj
def show_command(state: CliState, problem: str, problems_dir: Path | None, raw: bool) -> None:
    """Print PROBLEM's statement in the chosen language, with its limits, rules and samples."""
    from judge.problem import load_problem, resolve_problem

    path = resolve_problem(problem, state.problems_dir(problems_dir))
    print_statement(load_problem(path, state.config.limits), raw=raw)
    sys.exit(EXIT_OK)
