"""Static (AST) rules a problem sets, and the runtime rules checked against observations."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from typing import TYPE_CHECKING

from judge.problem import Rules

if TYPE_CHECKING:
    from judge.observe import Observation

# What each forbidden construct name covers, and how a student would call it.
_CONSTRUCT_NODES: dict[str, tuple[tuple[type, ...], str]] = {
    "if": ((ast.If, ast.IfExp, ast.Match), "`if` (statement, conditional expression or match)"),
    "match": ((ast.Match,), "`match`"),
    "for": ((ast.For, ast.AsyncFor), "a `for` loop"),
    "while": ((ast.While,), "a `while` loop"),
    "comprehensions": ((ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp),
                       "a comprehension (a loop in disguise)"),
    "lambda": ((ast.Lambda,), "`lambda`"),
    "try": ((ast.Try, getattr(ast, "TryStar", ast.Try)), "`try`"),
    "with": ((ast.With, ast.AsyncWith), "`with`"),
    "def": ((ast.FunctionDef, ast.AsyncFunctionDef), "a function definition"),
    "class": ((ast.ClassDef,), "a class definition"),
    "import": ((ast.Import, ast.ImportFrom), "`import`"),
    "global": ((ast.Global, ast.Nonlocal), "`global`/`nonlocal`"),
}
_GROUPS = {"loops": ("for", "while", "comprehensions")}
_NODE_NAMES = {
    ast.If: "`if` statement", ast.IfExp: "conditional expression (`x if c else y`)",
    ast.Match: "`match` statement", ast.For: "`for` loop", ast.AsyncFor: "`async for` loop",
    ast.While: "`while` loop", ast.ListComp: "list comprehension",
    ast.SetComp: "set comprehension", ast.DictComp: "dict comprehension",
    ast.GeneratorExp: "generator expression",
}


@dataclass(frozen=True)
class Violation:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


def imported_modules(tree: ast.AST) -> list[tuple[str, int]]:
    """(module, line) for every import, `__import__('m')` and `importlib.import_module('m')`."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
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
                what = _NODE_NAMES.get(type(node), label)
                violations.append(Violation(getattr(node, "lineno", None),
                                            f"{what} is not allowed in this problem"))
            elif name == "if" and isinstance(node, ast.comprehension) and node.ifs:
                violations.append(Violation(node.ifs[0].lineno,
                                            "an `if` filter in a comprehension is not allowed in this problem"))
    imports = imported_modules(tree)
    for banned in rules.forbid_modules:
        for module, line in imports:
            if _matches(module, banned):
                violations.append(Violation(line, f"module `{module}` is not allowed in this problem"))
    for needed in rules.require_modules:
        if not any(_matches(m, needed) or _matches(needed, m) for m, _ in imports):
            violations.append(Violation(None, f"this problem must use the module `{needed}`"))
    if rules.thread_subclass and not has_thread_subclass(tree):
        violations.append(Violation(None, "write a class derived from threading.Thread that overrides run()"))
    if rules.async_await:
        if not any(isinstance(n, ast.AsyncFunctionDef) for n in ast.walk(tree)):
            violations.append(Violation(None, "this problem must define coroutines with `async def`"))
        elif not any(isinstance(n, ast.Await) for n in ast.walk(tree)):
            violations.append(Violation(None, "this problem must use `await`"))
    violations.sort(key=lambda v: (v.line or 0))
    return violations


def has_thread_subclass(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else ""
                 for b in node.bases}
        overrides_run = any(isinstance(item, ast.FunctionDef) and item.name == "run" for item in node.body)
        if "Thread" in bases and overrides_run:
            return True
    return False


def _bounds(kind: str, seen: int, low: int | None, high: int | None) -> list[Violation]:
    """min_/max_ threads or processes: one wording for both."""
    if low is not None and seen < low:
        return [Violation(None, f"expected at least {low} {kind} to be started, saw {seen}")]
    if high is not None and seen > high:
        return [Violation(None, f"expected at most {high} {kind}, saw {seen}" if high else
                          f"this problem must not start {kind} (saw {seen})")]
    return []


def check_runtime(rules: Rules, obs: "Observation", cores: int) -> tuple[list[Violation], list[str]]:
    """Runtime rules against what a run showed. Returns (violations, notes on skipped checks)."""
    v: list[Violation] = []
    notes: list[str] = []
    v += _bounds("threads", obs.threads_started, rules.min_threads, rules.max_threads)
    v += _bounds("processes", obs.processes_started, rules.min_processes, rules.max_processes)
    if rules.min_tasks is not None and obs.tasks < rules.min_tasks:
        v.append(Violation(None, f"expected at least {rules.min_tasks} asyncio tasks to run "
                                 f"concurrently, saw {obs.tasks}"))
    if rules.thread_subclass and obs.threads_started and obs.subclass_threads == 0:
        v.append(Violation(None, "the threads started do not use your Thread subclass's run()"))
    if rules.uses_lock and rules.uses_lock not in obs.locks_acquired:
        v.append(Violation(None, f"a {rules.uses_lock} lock must protect the shared data "
                                 f"(none was acquired by your code)"))
    if rules.concurrency is not None:
        sequential, ratio = rules.concurrency
        bound = sequential * ratio
        if obs.wall_time > bound:
            v.append(Violation(None, f"not concurrent: took {obs.wall_time:.2f} s of wall time; run "
                                     f"one after another the work takes {sequential:.2f} s, and running "
                                     f"at the same time it must take under {bound:.2f} s"))
    if rules.parallelism is not None:
        if cores < 2:
            notes.append("parallelism check skipped: this machine has fewer than 2 cores")
        elif obs.wall_time > 0 and obs.cores_wanted < rules.parallelism:
            # Cores wanted, not CPU/wall: on a busy machine real parallel work waits for
            # cores it cannot get; GIL-bound threads never ask for a second one.
            v.append(Violation(None, f"not parallel: the program kept {obs.cores_wanted:.2f} cores busy "
                                     f"on average (CPU time / wall time = {obs.cpu_time / obs.wall_time:.2f}), "
                                     f"expected at least {rules.parallelism:.2f} (the work must run on "
                                     f"several cores at once; threads cannot because of the GIL)"))
    if rules.no_leftover_processes and obs.leftover:
        v.append(Violation(None, f"{obs.leftover} process(es) were still running after the program ended"))
    return v, notes
