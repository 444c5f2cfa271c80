"""The classic mistakes of the lecture, recognised from the source or from the failure.

Each hint has a stable id (used by solutions/expected.yaml and the reports) and a text for
the student. A recogniser gets a Clues object and says whether its mistake is there.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from judge.core.i18n import N_, _
from judge.core.verdicts import Verdict
from judge.grading.rules import NOT_CONCURRENT, UNLOCKED_OUTPUT
from judge.sandbox.bootfiles import BOOT_PIECES

if TYPE_CHECKING:
    from judge.problem import Hint
    from judge.timeline import Timeline


@dataclass(frozen=True)
class Blocked:
    """One thread of an idle timeout's stack dump: where it waits in the student's code."""

    main: bool  # the main thread (the dump's "Current thread", listed first)
    place: str  # "sol.py:16"
    code: str  # that line of the source, stripped
    function: str  # the student's function it is in ("<module>" at the top level)
    inner: str = ""  # the innermost function it waits in, when not the student's own
    above: tuple[str, ...] = ()  # the files of the frames above the student's, innermost first


@dataclass
class Clues:
    source: str
    tree: ast.AST | None
    verdict: Verdict
    exceptions: list[str] = field(default_factory=list)  # "ValueError: ..." of failing runs
    stderr: str = ""  # cleaned stderr of the first failure
    stack_dump: str = ""  # on an idle timeout, for people
    blocked: list[Blocked] = field(default_factory=list)  # the same, for the recognisers
    rule_messages: list[str] = field(default_factory=list)  # for people: never test their words
    rule_kinds: list[str] = field(default_factory=list)  # Violation.kind of the rules broken
    uses_lock_rule: bool = False
    locks_acquired: bool = False


@dataclass(frozen=True)
class HintDef:
    id: str
    message: str  # English, marked with N_: `text` is it in the active language
    recognise: Callable[[Clues], bool]

    @property
    def text(self) -> str:
        return _(self.message)


def _calls(tree: ast.AST | None) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)] if tree is not None else []


def _super_init_self(c: Clues) -> bool:
    for call in _calls(c.tree):
        f = call.func
        if (
            isinstance(f, ast.Attribute)
            and f.attr == "__init__"
            and isinstance(f.value, ast.Call)
            and isinstance(f.value.func, ast.Name)
            and f.value.func.id == "super"
            and call.args
            and isinstance(call.args[0], ast.Name)
            and call.args[0].id == "self"
        ):
            return True
    return False


def _thread_target_called(c: Clues) -> bool:
    for call in _calls(c.tree):
        name = (
            call.func.id
            if isinstance(call.func, ast.Name)
            else call.func.attr
            if isinstance(call.func, ast.Attribute)
            else ""
        )
        if name in ("Thread", "Process"):
            for kw in call.keywords:
                if kw.arg == "target" and isinstance(kw.value, ast.Call):
                    return True
    return False


def _started_and_joined_in_a_loop(tree: ast.AST | None) -> set[str]:
    """Names started and joined in the body of one loop (`p.start(); p.join()`)."""
    both: set[str] = set()
    for loop in ast.walk(tree) if tree is not None else ():
        if not isinstance(loop, (ast.For, ast.While)):
            continue
        started, joined = set(), set()
        for call in _calls(ast.Module(body=loop.body, type_ignores=[])):
            f = call.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
                if f.attr == "start":
                    started.add(f.value.id)
                elif f.attr == "join":
                    joined.add(f.value.id)
        both |= started & joined
    return both


def _made_by_process(tree: ast.AST, names: set[str]) -> bool:
    """Is one of `names` assigned a `Process(...)` (`multiprocessing.Process`, a subclass
    whose name ends in Process)?"""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        f = node.value.func
        called = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if called.endswith("Process") and any(isinstance(t, ast.Name) and t.id in names for t in node.targets):
            return True
    return False


def _start_join_same_loop_processes(c: Clues) -> bool:
    names = _started_and_joined_in_a_loop(c.tree)
    return bool(names) and c.tree is not None and _made_by_process(c.tree, names)


def _start_join_same_loop(c: Clues) -> bool:
    return bool(_started_and_joined_in_a_loop(c.tree))


def _blocking_sleep_in_async(c: Clues) -> bool:
    if c.tree is None:
        return False
    for fn in ast.walk(c.tree):
        if isinstance(fn, ast.AsyncFunctionDef):
            for call in _calls(fn):
                f = call.func
                if (
                    isinstance(f, ast.Attribute)
                    and f.attr == "sleep"
                    and isinstance(f.value, ast.Name)
                    and f.value.id == "time"
                ):
                    return True
                if (
                    isinstance(f, ast.Name)
                    and f.id == "sleep"
                    and re.search(r"from\s+time\s+import[^\n]*\bsleep", c.source)
                ):
                    return True
    return False


def _asyncio_coroutine(c: Clues) -> bool:
    return (
        "asyncio.coroutine" in c.source
        or "has no attribute 'coroutine'" in c.stderr
        or (re.search(r"\byield\s+from\b", c.source) is not None and "asyncio" in c.source)
    )


def _exception(name: str) -> Callable[[Clues], bool]:
    return lambda c: any(e.startswith(name) for e in c.exceptions)


def _not_standard_library(c: Clues) -> bool:
    """A module the solution cannot have: a solution runs with the standard library only
    (judge/sandbox/bootfiles.py NO_SITE), whatever the machine has installed."""
    for exception in c.exceptions:
        missing = re.match(r"ModuleNotFoundError: No module named '([^'.]+)", exception)
        if missing and missing.group(1) not in sys.stdlib_module_names:
            return True
    return False


def _no_main_guard(c: Clues) -> bool:
    # Under spawn a child re-runs the main file as __mp_main__ (_fixup_main_from_path): with
    # no guard it fails there — starting processes again ("bootstrapping phase") or reading
    # input the parent already consumed (EOFError).
    return "bootstrapping phase" in c.stderr or "freeze_support()" in c.stderr or "_fixup_main_from_path" in c.stderr


def _deadlock(c: Clues) -> bool:
    # Two threads or more stuck in the student's code, one on a lock, none in a queue.
    if c.verdict != Verdict.ILE or len(c.blocked) < 2:
        return False
    on_lock = any(
        "acquire" in b.code or "acquire" in b.inner or "acquire" in b.function or "with " in b.code for b in c.blocked
    )
    in_queue = any(f.endswith("queue.py") for b in c.blocked for f in b.above)
    return on_lock and not in_queue


def _consumer_never_stops(c: Clues) -> bool:
    return c.verdict == Verdict.ILE and any(
        b.inner.startswith("get") or b.function.startswith("get") or ".get(" in b.code for b in c.blocked
    )


@dataclass(frozen=True)
class SharedUpdate:
    """A read-modify-write of a shared value outside any `with` block: `name` is read on line
    `read` and written back on line `write` (the same line for `x += 1`)."""

    name: str
    read: int
    write: int


def shared_update(tree: ast.AST | None) -> SharedUpdate | None:
    """The first read-modify-write of a global (declared `global`) or of an attribute
    (`counter.value += 1`, `self.total += x`) in a function, not under a `with` (a lock)."""
    if tree is None:
        return None
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found = _update_in(fn)
            if found is not None:
                return found
    return None


def _update_in(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> SharedUpdate | None:
    shared = {name for node in ast.walk(fn) if isinstance(node, (ast.Global, ast.Nonlocal)) for name in node.names}
    guarded = {
        id(node)
        for w in ast.walk(fn)
        if isinstance(w, (ast.With, ast.AsyncWith))
        for stmt in w.body
        for node in ast.walk(stmt)
    }
    reads: dict[str, int] = {}
    # The nodes with a position, in source order (a node has both lineno and col_offset or neither;
    # checking both is what lets mypy read both).
    located = (n for n in ast.walk(fn) if hasattr(n, "lineno") and hasattr(n, "col_offset"))
    for node in sorted(located, key=lambda n: (n.lineno, n.col_offset)):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in shared:
            reads.setdefault(node.id, node.lineno)
        elif isinstance(node, ast.AugAssign) and (
            isinstance(node.target, ast.Attribute) or (isinstance(node.target, ast.Name) and node.target.id in shared)
        ):
            return SharedUpdate(ast.unparse(node.target), node.lineno, node.lineno)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in reads:
                    return SharedUpdate(target.id, reads[target.id], node.lineno)
    return None


def describe_update(update: SharedUpdate) -> str:
    """The lost update of `update` in words, for the no-lock hint."""
    if update.read == update.write:
        return _(
            "`{name}` is read and written back on line {line}: whoever reads it between "
            "another's read and write writes back a value without the other's update."
        ).format(name=update.name, line=update.read)
    return _(
        "`{name}` is read on line {read} and written back on line {write}: whoever reads it in "
        "between writes back a value without the other's update."
    ).format(name=update.name, read=update.read, write=update.write)


def _no_lock(c: Clues) -> bool:
    return c.uses_lock_rule and not c.locks_acquired and c.verdict in (Verdict.WA, Verdict.RV)


def _not_concurrent(c: Clues) -> bool:
    return NOT_CONCURRENT in c.rule_kinds


HINTS: tuple[HintDef, ...] = (
    HintDef(
        "super-init-self",
        N_(
            "`super().__init__(self)` passes self twice: Thread's first parameter is `group`, "
            "so Python fails with 'group argument must be None'. Call `super().__init__()` "
            "(with keyword arguments such as name=... if you need them)."
        ),
        _super_init_self,
    ),
    HintDef(
        "missing-global",
        N_(
            "UnboundLocalError: a function assigns to a module-level variable (a shared counter) "
            "without declaring it `global`, so Python treats it as a new local variable."
        ),
        _exception("UnboundLocalError"),
    ),
    HintDef(
        "no-main-guard",
        N_(
            "Processes were started when the module was imported. Under the `spawn` and `forkserver` "
            "start methods (the defaults on Windows and macOS, and on Linux since Python 3.14) "
            "every child imports your file again; put the code that starts "
            'processes under `if __name__ == "__main__":`.'
        ),
        _no_main_guard,
    ),
    HintDef(
        "asyncio-coroutine",
        # True on every Python the judge runs on (3.11+): the decorator is gone, and a
        # generator driven by `yield from` is no longer something asyncio can await.
        N_(
            "`@asyncio.coroutine` was removed in Python 3.11, and asyncio no longer runs "
            "generator-based coroutines (`yield from asyncio.sleep(...)`): write `async def` "
            "and `await` instead."
        ),
        _asyncio_coroutine,
    ),
    HintDef(
        "coroutine-not-awaited",
        N_(
            "A coroutine was called but never awaited, so its body never ran: use `await f()` "
            "or schedule it with asyncio.gather / create_task."
        ),
        lambda c: "was never awaited" in c.stderr,
    ),
    HintDef(
        "thread-target-called",
        N_(
            "`Thread(target=f())` calls f right away in the main thread and passes its result; "
            "pass the function itself: `Thread(target=f, args=(...))`."
        ),
        _thread_target_called,
    ),
    HintDef(  # the same mistake with processes, said with processes (first: it is narrower)
        "start-join-same-loop",
        N_(
            "start() and join() in the same loop: each process is waited for before the next one "
            "starts, so they run one after another on one core. Start all processes first, then "
            "join them all."
        ),
        _start_join_same_loop_processes,
    ),
    HintDef(
        "start-join-same-loop",
        N_(
            "start() and join() in the same loop: each thread is waited for before the next one "
            "starts, so they run one after another. Start all threads first, then join them all."
        ),
        _start_join_same_loop,
    ),
    HintDef(
        "blocking-sleep-in-async",
        N_("`time.sleep` inside `async def` blocks the whole event loop; use `await asyncio.sleep(...)`."),
        _blocking_sleep_in_async,
    ),
    HintDef(
        "deadlock",
        N_(
            "Deadlock: threads wait for locks the others hold. Take locks in one global order "
            "(e.g. the lower-numbered fork first) or use a timeout."
        ),
        _deadlock,
    ),
    HintDef(
        "consumer-never-stops",
        N_(
            "The program never ends: a consumer waits on an empty queue forever. Send a stop "
            "signal (a sentinel such as None per consumer) or use queue.join() with daemon consumers."
        ),
        _consumer_never_stops,
    ),
    HintDef(
        "name-error",
        N_("NameError: a name is used that was never defined (a renamed function or variable?)."),
        _exception("NameError"),
    ),
    HintDef(
        "not-standard-library",
        N_(
            "ModuleNotFoundError: a solution has Python's standard library and its own files only; "
            "a package installed on your computer (numpy, ...) is not there when it is judged."
        ),
        _not_standard_library,
    ),
    HintDef(
        "no-lock",
        N_(
            "No lock protects the shared value: several threads/processes read and write it, and an "
            "update made between another's read and write is lost. Protect the read-modify-write "
            "with a lock (`with lock:`)."
        ),
        _no_lock,
    ),
    HintDef("not-concurrent", N_("The work ran one piece after another instead of at the same time."), _not_concurrent),
    HintDef(
        "unlocked-print",
        N_(
            "Several threads print at the same time without a lock. print() writes the text and "
            "the newline separately, so lines glue together (`Thread 1: 1Thread 2: 5`). Print "
            "under one lock shared by all threads: `with print_lock: print(...)`."
        ),
        lambda c: UNLOCKED_OUTPUT in c.rule_kinds,
    ),
)


def recognise(clues: Clues) -> list[HintDef]:
    """The hints that apply to a failing submission, in the order above, one per id."""
    if clues.verdict == Verdict.AC:
        return []
    found: list[HintDef] = []
    for hint in HINTS:
        if any(h.id == hint.id for h in found):
            continue  # one text per mistake: the narrower wording, listed first, won
        try:
            if hint.recognise(clues):
                found.append(hint)
        except (RecursionError, ValueError):
            continue
    return found


def problem_hint_fires(hint: Hint, verdict: Verdict, failed: Mapping[str, Verdict], source: str) -> bool:
    """Does a problem.yaml hint apply to a failed submission? `verdict`: the submission's;
    `failed`: each failed test's verdict by name. `when.test` fires on that test's failure,
    `when.source` on the text in the source; `when.verdict` narrows either to those verdicts
    (of the named test, else of the submission or any failed test), or alone fires on them."""
    wanted = set(hint.verdicts)
    got = {verdict, *failed.values()} - {Verdict.AC, Verdict.SK}

    def on(verdicts: set[Verdict]) -> bool:
        return bool(verdicts) and (not wanted or bool(verdicts & wanted))

    if hint.test is not None and hint.test in failed and on({failed[hint.test]}):
        return True
    if hint.source is not None and hint.source in source and on(got):
        return True
    return hint.test is None and hint.source is None and bool(wanted & got)


# judge/sandbox/ and its boot/ (bootstrap.py's pieces): frames of the judge inside the run
_JUDGE_FILES = ("schedule.py", "bootstrap.py", *(f"boot{sep}{p.name}" for sep in "/\\" for p in BOOT_PIECES))


def blocked_threads(dump: str, source_name: str, source_lines: list[str]) -> list[Blocked]:
    """faulthandler's dump -> where each thread is blocked in the student's code."""
    out: list[Blocked] = []
    for block in re.split(r"\n(?=(?:Current thread|Thread) 0x)", dump.strip()):
        lines = block.strip().splitlines()
        if not lines:
            continue
        matches = [re.match(r'\s*File "([^"]+)", line (\d+) in (\S+)', text) for text in lines[1:]]
        frames = [f for f in matches if f]
        student = [f for f in frames if f.group(1).endswith(source_name)]
        if not student:
            continue
        # The main thread runs the file's top level (the dump's current thread is the one that
        # noticed: the main one for a SIGUSR1, any one for the controlled scheduler).
        main = student[-1].group(3) == "<module>"
        top = student[0]
        line_no = int(top.group(2))
        code = source_lines[line_no - 1].strip() if 0 < line_no <= len(source_lines) else ""
        # The judge's own frames (the scheduler's lock, join) are not where the student waits.
        library = [f for f in frames[: frames.index(top)] if not f.group(1).endswith(_JUDGE_FILES)]
        inner = library[0].group(3) if library else ""
        above = tuple(f.group(1) for f in frames[: frames.index(top)])
        out.append(Blocked(main, f"{source_name}:{line_no}", code, top.group(3), inner, above))
    return out


def format_blocked(blocked: list[Blocked]) -> str:
    """One line per thread, for people."""
    out = []
    for b in blocked:
        if b.main:
            line = (
                _("main thread: blocked at {place} `{code}` in {inner}() (in {function})")
                if b.inner
                else _("main thread: blocked at {place} `{code}` (in {function})")
            )
        else:
            line = (
                _("thread: blocked at {place} `{code}` in {inner}() (in {function})")
                if b.inner
                else _("thread: blocked at {place} `{code}` (in {function})")
            )
        out.append(line.format(place=b.place, code=b.code, inner=b.inner, function=b.function))
    return "\n".join(out)


def with_timeline(hint: HintDef, timeline: Timeline | None, tree: ast.AST | None) -> str:
    """A hint made concrete by what the run's timeline showed: the deadlock's cycle (who holds
    what, who waits for what), the threads that never ran at the same time, the unlocked
    overlap and the read-modify-write in the code that it let interleave."""
    from judge.timeline import (
        PROCESS,
        THREAD,
        deadlock_cycle,
        describe_cycle,
        describe_sequential,
        describe_unlocked_overlap,
        never_overlap,
    )

    if timeline is None:
        return hint.text
    if hint.id == "deadlock":
        cycle = deadlock_cycle(timeline)
        if cycle:
            return f"{hint.text}\n{describe_cycle(cycle)}"
    if hint.id in ("start-join-same-loop", "not-concurrent"):
        # Processes first: a multiprocessing program's thread lanes are its queues' feeders.
        kind = next((k for k in (PROCESS, THREAD) if never_overlap(timeline, k)), None)
        if kind is not None:
            return f"{hint.text}\n{describe_sequential(timeline, kind)}"
    if hint.id == "no-lock":
        window = describe_unlocked_overlap(timeline)
        update = shared_update(tree)
        if window and update is not None:
            return f"{hint.text}\n{window} {describe_update(update)}"
        if window:
            return f"{hint.text}\n{window}"
    return hint.text
