"""Python: parsed before any run, observed, forked from the warm interpreter."""

from __future__ import annotations

import ast

from judge.core.i18n import _
from judge.languages import CompileError, Runtime


def parse(text: str, name: str) -> tuple[ast.AST | None, CompileError | None]:
    """The module's tree, or the compile error as the interpreter words it (with a caret)."""
    try:
        return ast.parse(text, filename=name), None
    except SyntaxError as exc:
        line = exc.lineno
        code = (exc.text or "").rstrip("\n")
        caret = ""
        if code and exc.offset:
            indent = len(code) - len(code.lstrip())
            caret = "\n    " + code.strip() + "\n    " + " " * max(0, exc.offset - 1 - indent) + "^"
        kind = type(exc).__name__
        # Python's own words (exc.msg) are quoted as the interpreter wrote them.
        return None, (_("{error} (line {line})").format(error=f"{kind}: {exc.msg}", line=line) + caret, line)
    except (ValueError, RecursionError, MemoryError) as exc:
        return None, (_("cannot compile: {error}").format(error=exc), None)


PYTHON = Runtime(name="python", parse=parse, observable=True, zygote=True)
