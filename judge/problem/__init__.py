"""A problem: its model (model.py), loading and validating it from problem.yaml and tests/
(loader.py), its texts in two languages (texts.py), locked answers (lock.py), the student
copy (student_copy.py) and which problem a file is for (infer.py).

The model, the loader and the texts are re-exported here: `from judge.problem import
Problem, load_problem`. Modules inside this package import each other directly.
"""

from judge.problem.loader import list_problem_ids, load_expected, load_problem, parse_rules, resolve_problem
from judge.problem.model import (
    CONSTRUCTS,
    RUNTIME_RULES,
    SCORING_MODES,
    STATIC_RULES,
    TEST_KINDS,
    ExpectedOutcome,
    Hint,
    Problem,
    Rules,
    Runtime,
    TestCase,
    TestGroup,
    rules_for,
)
from judge.problem.texts import (
    join_statement,
    localized,
    localized_key,
    split_statement,
    statement_parts,
    text_language,
)

__all__ = [
    "CONSTRUCTS",
    "RUNTIME_RULES",
    "SCORING_MODES",
    "STATIC_RULES",
    "TEST_KINDS",
    "ExpectedOutcome",
    "Hint",
    "Problem",
    "Rules",
    "Runtime",
    "TestCase",
    "TestGroup",
    "join_statement",
    "list_problem_ids",
    "load_expected",
    "load_problem",
    "localized",
    "localized_key",
    "parse_rules",
    "resolve_problem",
    "rules_for",
    "split_statement",
    "statement_parts",
    "text_language",
]
