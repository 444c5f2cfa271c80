"""Things found by name, each in its own module, imported only when used.

One shape for every kind the judge looks up by name — checkers, importers, report formats,
the commands of the command line: a read-only table `name -> "module:attribute"` (or
`"module"` when the module itself is the thing), which is data until a name is asked for.
Reading the names (for a `--help` text, a click.Choice, a config check, an error message)
imports nothing, so `judge --help` and config.yaml's validation stay fast.

What a kind's entries must be is a Protocol (or a base class) beside its table: the
registry is typed by it (`Registry[type[Checker]]`, `Registry[Importer]`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Generic, TypeVar, cast

T = TypeVar("T")


class Registry(Mapping[str, str], Generic[T]):
    """A read-only table of names to "module:attribute" paths; `load(name)` imports one."""

    def __init__(self, entries: Mapping[str, str]) -> None:
        self._entries = MappingProxyType(dict(entries))

    def __getitem__(self, name: str) -> str:
        return self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Registry({dict(self._entries)!r})"

    def load(self, name: str) -> T:
        """The thing registered as `name`, its module imported now (KeyError if unknown: the
        caller says what is known, in its own words and with the file that asked)."""
        module_name, _sep, attribute = self._entries[name].partition(":")
        module = importlib.import_module(module_name)
        return cast(T, getattr(module, attribute) if attribute else module)
