"""Checkers, found by name. Each lives in its own module and is imported only when used."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from judge.checkers.base import CheckCase, Checker, CheckResult
from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.core.registry import Registry

# name -> "module:Class" (judge/core/registry.py): a module is imported when its checker is used.
REGISTRY: Registry[type[Checker]] = Registry(
    {
        "tokens": "judge.checkers.tokens:TokensChecker",
        "exact": "judge.checkers.exact:ExactChecker",
        "lines": "judge.checkers.lines:LinesChecker",
        "unordered": "judge.checkers.unordered:UnorderedChecker",
        "regex": "judge.checkers.regex:RegexChecker",
        "interleave": "judge.checkers.interleave:InterleaveChecker",
        "multiset": "judge.checkers.multiset:MultisetChecker",
        "external": "judge.checkers.external:ExternalChecker",
    }
)


def checker_class(name: str, source: str | None = None) -> type[Checker]:
    if name not in REGISTRY:
        known = ", ".join(sorted(REGISTRY))
        raise ConfigError(
            source,
            "checker.name",
            _("unknown checker {name} (expected one of {known})").format(name=repr(name), known=known),
        )
    return REGISTRY.load(name)


def make_checker(
    name: str, options: Mapping[str, object], problem_dir: Path | None = None, source: str | None = None
) -> Checker:
    return checker_class(name, source)(options, problem_dir=problem_dir, source=source)


__all__ = ["Checker", "CheckCase", "CheckResult", "REGISTRY", "checker_class", "make_checker"]
