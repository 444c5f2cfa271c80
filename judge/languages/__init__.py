"""What the judge can do with a language besides running it (DMOJ has an executor per language).

config.yaml's `languages:` says how to run a language and how to compile it
(judge/core/config.py `Language`). What the judge can do beyond that is the language's
`Runtime`, found here by the language's name: whether its source is checked before any run
(syntax errors as CE, the problem's rules on the parsed code), whether its runs can be
observed (threads, processes, locks and tasks seen, traced, run under controlled schedules)
and whether they can be forked from a warm interpreter. The grader asks the runtime, never a
language's name.

Adding a language: its run (and compile) entry in config.yaml. If the judge can do more with it
than run it, a module here with its `Runtime`, named in RUNTIMES.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ast

    from judge.core.config import Language

# A compile error: (the message, its line or None).
CompileError = tuple[str, int | None]
# A parser: (source text, file name) -> (the tree, or None with the compile error).
Parser = Callable[[str, str], "tuple[ast.AST | None, CompileError | None]"]


@dataclass(frozen=True, kw_only=True)
class Runtime:
    """What the judge can do with a language's solutions besides running them."""

    name: str
    # Checks the source before any run: a syntax error is CE, and the problem's rules
    # (forbidden constructs, threads, ...) are checked on the tree. None: nothing is checked,
    # and a problem with rules refuses the language.
    parse: Parser | None = None
    # Runs under judge/sandbox/bootstrap.py: what the solution starts is seen, traced, and
    # controlled schedules can interleave its threads.
    observable: bool = False
    # Forked from the helper's warm interpreter instead of started afresh.
    zygote: bool = False


# Every language that is more than a command to run: name -> "module:attribute".
RUNTIMES: dict[str, str] = {"python": "judge.languages.python:PYTHON"}

# Any other language (C, C++, ...): run, compiled if config.yaml says how; nothing more.
PLAIN = Runtime(name="plain")


def runtime_of(language: Language) -> Runtime:
    """The runtime of `language` (by its name in config.yaml), PLAIN if it has none."""
    target = RUNTIMES.get(language.name)
    return PLAIN if target is None else _load(target)


@functools.cache  # the grader asks once per run (its hot path): the import is looked up once
def _load(target: str) -> Runtime:
    module, attribute = target.split(":")
    runtime = getattr(importlib.import_module(module), attribute)
    assert isinstance(runtime, Runtime), target
    return runtime


__all__ = ["PLAIN", "RUNTIMES", "CompileError", "Parser", "Runtime", "runtime_of"]
