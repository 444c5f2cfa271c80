"""Static (AST) rules a problem sets, and the runtime rules checked against observations."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from judge.core.i18n import N_, _, ngettext
from judge.core.numbers import decimal
from judge.problem import Rules

if TYPE_CHECKING:
    from judge.grading.observe import Observation

# What each forbidden construct name covers, and how a student would call it (in the
# accusative-safe form the Russian sentence "нельзя использовать {what}" needs; see grading.po).
_CONSTRUCT_NODES: dict[str, tuple[tuple[type, ...], str]] = {
    "if": ((ast.If, ast.IfExp, ast.Match), N_("`if` (statement, conditional expression or match)")),
    "match": ((ast.Match,), "`match`"),
    "for": ((ast.For, ast.AsyncFor), N_("a `for` loop")),
    "while": ((ast.While,), N_("a `while` loop")),
    "comprehensions": (
        (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp),
        N_("a comprehension (a loop in disguise)"),
    ),
    "lambda": ((ast.Lambda,), "`lambda`"),
    "try": ((ast.Try, getattr(ast, "TryStar", ast.Try)), "`try`"),
    "with": ((ast.With, ast.AsyncWith), "`with`"),
    "def": ((ast.FunctionDef, ast.AsyncFunctionDef), N_("a function definition")),
    "class": ((ast.ClassDef,), N_("a class definition")),
    "import": ((ast.Import, ast.ImportFrom), "`import`"),
    "global": ((ast.Global, ast.Nonlocal), "`global`/`nonlocal`"),
}
_GROUPS = {"loops": ("for", "while", "comprehensions")}
_NODE_NAMES = {
    ast.If: N_("`if` statement"),
    ast.IfExp: N_("conditional expression (`x if c else y`)"),
    ast.Match: N_("`match` statement"),
    ast.For: N_("`for` loop"),
    ast.AsyncFor: N_("`async for` loop"),
    ast.While: N_("`while` loop"),
    ast.ListComp: N_("list comprehension"),
    ast.SetComp: N_("set comprehension"),
    ast.DictComp: N_("dict comprehension"),
    ast.GeneratorExp: N_("generator expression"),
}

# Violation.kind: what a program (a hint, a report) may test; the message is for people.
FORBIDDEN_CONSTRUCT = "forbidden-construct"
FORBIDDEN_MODULE = "forbidden-module"
REQUIRED_MODULE = "required-module"
THREAD_SUBCLASS = "thread-subclass"
ASYNC_DEF = "async-def"
AWAIT = "await"
TOO_FEW_THREADS = "too-few-threads"
TOO_MANY_THREADS = "too-many-threads"
TOO_FEW_PROCESSES = "too-few-processes"
TOO_MANY_PROCESSES = "too-many-processes"
TOO_FEW_TASKS = "too-few-tasks"
USES_LOCK = "uses-lock"
NOT_CONCURRENT = "not-concurrent"
NOT_PARALLEL = "not-parallel"
LEFTOVER_PROCESSES = "leftover-processes"
UNLOCKED_OUTPUT = "unlocked-output"  # threads wrote to stdout with no order between (a schedule saw it)


@dataclass(frozen=True)
class Violation:
    line: int | None
    message: str  # in the language active when the rule was checked
    kind: str = ""  # one of the constants above: never test the message's words
    # "line 3: <message>", made with the message, in its language.
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        text = _("line {line}: {message}").format(line=self.line, message=self.message) if self.line else self.message
        object.__setattr__(self, "text", text)

    def __str__(self) -> str:
        return self.text


def imported_modules(tree: ast.AST) -> list[tuple[str, int]]:
    """(module, line) for every import, `__import__('m')` and `importlib.import_module('m')`."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module, node.lineno))
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in ("__import__", "import_module"):
                found.append((node.args[0].value, node.lineno))
    return found


def _matches(module: str, wanted: str) -> bool:
    return module == wanted or module.startswith(wanted + ".")


def check_static(tree: ast.AST, rules: Rules) -> list[Violation]:
    violations: list[Violation] = []
    names: list[str] = []
    for c in rules.forbid_constructs:
        names.extend(_GROUPS.get(c, (c,)))
    for name in dict.fromkeys(names):
        if name == "recursion":
            continue
        nodes, label = _CONSTRUCT_NODES[name]
        for node in ast.walk(tree):
            if isinstance(node, nodes):
                what = _(_NODE_NAMES.get(type(node), label))
                violations.append(
                    Violation(
                        getattr(node, "lineno", None),
                        _("{what} is not allowed in this problem").format(what=what),
                        FORBIDDEN_CONSTRUCT,
                    )
                )
            elif name == "if" and isinstance(node, ast.comprehension) and node.ifs:
                violations.append(
                    Violation(
                        node.ifs[0].lineno,
                        _("an `if` filter in a comprehension is not allowed in this problem"),
                        FORBIDDEN_CONSTRUCT,
                    )
                )
    imports = imported_modules(tree)
    for banned in rules.forbid_modules:
        for module, line in imports:
            if _matches(module, banned):
                violations.append(
                    Violation(
                        line,
                        _("module `{module}` is not allowed in this problem").format(module=module),
                        FORBIDDEN_MODULE,
                    )
                )
    for needed in rules.require_modules:
        if not any(_matches(m, needed) or _matches(needed, m) for m, _line in imports):
            violations.append(
                Violation(None, _("this problem must use the module `{module}`").format(module=needed), REQUIRED_MODULE)
            )
    if rules.thread_subclass and not has_thread_subclass(tree):
        violations.append(
            Violation(None, _("write a class derived from threading.Thread that overrides run()"), THREAD_SUBCLASS)
        )
    if rules.async_await:
        if not any(isinstance(n, ast.AsyncFunctionDef) for n in ast.walk(tree)):
            violations.append(Violation(None, _("this problem must define coroutines with `async def`"), ASYNC_DEF))
        elif not any(isinstance(n, ast.Await) for n in ast.walk(tree)):
            violations.append(Violation(None, _("this problem must use `await`"), AWAIT))
    violations.sort(key=lambda v: v.line or 0)
    return violations


def has_thread_subclass(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {
            b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases
        }
        overrides_run = any(isinstance(item, ast.FunctionDef) and item.name == "run" for item in node.body)
        if "Thread" in bases and overrides_run:
            return True
    return False


def _threads(seen: int, low: int | None, high: int | None) -> list[Violation]:
    if low is not None and seen < low:
        return [
            Violation(
                None,
                ngettext(
                    "expected at least {low} thread to be started, saw {seen}",
                    "expected at least {low} threads to be started, saw {seen}",
                    low,
                ).format(low=low, seen=seen),
                TOO_FEW_THREADS,
            )
        ]
    if high is not None and seen > high:
        if not high:
            message = _("this problem must not start threads (saw {seen})").format(seen=seen)
        else:
            message = ngettext(
                "expected at most {high} thread, saw {seen}", "expected at most {high} threads, saw {seen}", high
            ).format(high=high, seen=seen)
        return [Violation(None, message, TOO_MANY_THREADS)]
    return []


def _processes(seen: int, low: int | None, high: int | None) -> list[Violation]:
    if low is not None and seen < low:
        return [
            Violation(
                None,
                ngettext(
                    "expected at least {low} process to be started, saw {seen}",
                    "expected at least {low} processes to be started, saw {seen}",
                    low,
                ).format(low=low, seen=seen),
                TOO_FEW_PROCESSES,
            )
        ]
    if high is not None and seen > high:
        if not high:
            message = _("this problem must not start processes (saw {seen})").format(seen=seen)
        else:
            message = ngettext(
                "expected at most {high} process, saw {seen}", "expected at most {high} processes, saw {seen}", high
            ).format(high=high, seen=seen)
        return [Violation(None, message, TOO_MANY_PROCESSES)]
    return []


def check_runtime(rules: Rules, obs: Observation, cores: int) -> tuple[list[Violation], list[str]]:
    """Runtime rules against what a run showed. Returns (violations, notes on skipped checks)."""
    v: list[Violation] = []
    notes: list[str] = []
    v += _threads(obs.threads_started, rules.min_threads, rules.max_threads)
    v += _processes(obs.processes_started, rules.min_processes, rules.max_processes)
    if rules.min_tasks is not None and obs.tasks < rules.min_tasks:
        v.append(
            Violation(
                None,
                ngettext(
                    "expected at least {low} asyncio task to run concurrently, saw {seen}",
                    "expected at least {low} asyncio tasks to run concurrently, saw {seen}",
                    rules.min_tasks,
                ).format(low=rules.min_tasks, seen=obs.tasks),
                TOO_FEW_TASKS,
            )
        )
    if rules.thread_subclass and obs.threads_started and obs.subclass_threads == 0:
        v.append(Violation(None, _("the threads started do not use your Thread subclass's run()"), THREAD_SUBCLASS))
    if rules.uses_lock and rules.uses_lock not in obs.locks_acquired:
        v.append(
            Violation(
                None,
                _("a {module} lock must protect the shared data (none was acquired by your code)").format(
                    module=rules.uses_lock
                ),
                USES_LOCK,
            )
        )
    if rules.concurrency is not None:
        sequential, ratio = rules.concurrency
        bound = sequential * ratio
        if obs.wall_time > bound:
            v.append(
                Violation(
                    None,
                    _(
                        "not concurrent: took {wall} s of wall time; run one after another "
                        "the work takes {sequential} s, and running at the same time it must "
                        "take under {bound} s"
                    ).format(
                        wall=decimal(obs.wall_time, 2), sequential=decimal(sequential, 2), bound=decimal(bound, 2)
                    ),
                    NOT_CONCURRENT,
                )
            )
    if rules.parallelism is not None:
        v += _parallelism(rules.parallelism, obs, cores, notes)
    if rules.no_leftover_processes and obs.leftover:
        v.append(
            Violation(
                None,
                ngettext(
                    "{n} process was still running after the program ended",
                    "{n} processes were still running after the program ended",
                    obs.leftover,
                ).format(n=obs.leftover),
                LEFTOVER_PROCESSES,
            )
        )
    return v, notes


def _parallelism(wanted: float, obs: Observation, cores: int, notes: list[str]) -> list[Violation]:
    if cores < 2:
        notes.append(_("parallelism check skipped: this machine has fewer than 2 cores"))
        return []
    if not obs.measurable:
        # CPU / wall over a few clock ticks is noise (observe.MIN_RATIO_WALL): no verdict on it.
        notes.append(_("parallelism check skipped: the run was too short to measure how many cores it kept busy"))
        return []
    if obs.cores_wanted >= wanted:
        return []
    # Cores wanted, not CPU/wall: on a busy machine real parallel work waits for cores it
    # cannot get; GIL-bound threads never ask for a second one.
    message = _(
        "not parallel: the program kept {cores} cores busy on average "
        "(CPU time / wall time = {ratio}), expected at least {wanted} (the work "
        "must run on several cores at once; threads cannot because of the GIL)"
    ).format(
        cores=decimal(obs.cores_wanted, 2),  # two decimals: a fraction, «1,02 ядра»
        ratio=decimal(obs.cpu_time / obs.wall_time, 2),
        wanted=decimal(wanted, 2),
    )
    return [Violation(None, message, NOT_PARALLEL)]


def output_race(race: dict[str, object]) -> Violation:
    """Two threads' writes to stdout that nothing ordered (no common lock, no join between)."""
    raw_line, raw_other = race.get("line"), race.get("other_line")
    line = raw_line if isinstance(raw_line, int) and raw_line > 0 else None
    other_line = raw_other if isinstance(raw_other, int) and raw_other > 0 else None
    if other_line and other_line != line:
        message = _(
            "{thread} and {other} (line {other_line}) printed at the same time holding no common lock: "
            "their lines can glue together"
        ).format(thread=race.get("thread"), other=race.get("other"), other_line=other_line)
    else:
        message = _(
            "{thread} and {other} printed at the same time holding no common lock: their lines can glue together"
        ).format(thread=race.get("thread"), other=race.get("other"))
    return Violation(line, message, UNLOCKED_OUTPUT)
