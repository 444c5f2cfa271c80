"""The languages layer: the grader asks a language's runtime what it can do, never its name."""

from __future__ import annotations

import ast
from pathlib import Path

from judge.core.config import Language
from judge.languages import PLAIN, RUNTIMES, Runtime, runtime_of

GRADER = Path(__file__).resolve().parents[1] / "judge" / "grading" / "grader.py"


def test_python_is_parsed_observed_and_forked_warm_other_languages_only_run():
    python = runtime_of(Language("python", (".py",), ("{python}", "{source}")))
    assert python.observable and python.zygote and python.parse is not None
    cpp = runtime_of(Language("cpp", (".cpp",), ("{binary}",), ("g++", "{source}", "-o", "{binary}")))
    assert cpp is PLAIN and not (cpp.observable or cpp.zygote or cpp.parse)


def test_every_registered_runtime_loads_and_carries_its_name():
    for name in RUNTIMES:
        runtime = runtime_of(Language(name, (), ()))
        assert isinstance(runtime, Runtime) and runtime.name == name


def test_the_python_parser_words_a_syntax_error_with_its_line_and_a_caret():
    python = runtime_of(Language("python", (".py",), ()))
    assert python.parse is not None
    tree, error = python.parse("x = 1\nprint(x\n", "a.py")
    assert tree is None and error is not None
    message, line = error
    assert line == 2 and message.startswith("SyntaxError: ") and "^" in message
    tree, error = python.parse("print(1)\n", "a.py")
    assert error is None and isinstance(tree, ast.Module)


def test_the_grader_never_asks_a_language_its_name():
    """`language.name == "python"` was the grader's way three times (issue 27)."""
    tree = ast.parse(GRADER.read_text(encoding="utf-8"))
    compared = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and any(isinstance(side, ast.Constant) and side.value == "python" for side in [node.left, *node.comparators])
    ]
    assert compared == []
