"""Reading YAML mappings strictly: every error names the file, the dotted key and what was expected.

What was expected is said in the active language; the file and the key are named as they are."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Callable
from pathlib import Path
from typing import SupportsFloat, SupportsIndex, TypeVar, overload

from judge.core.errors import ConfigError
from judge.core.files import read_data_text
from judge.core.i18n import N_, _
from judge.core.units import parse_duration, parse_size

T = TypeVar("T")
D = TypeVar("D")  # an accessor's default: what it returns when the key is missing
_MISSING = object()


def as_float(value: object) -> float:
    """float(value) of a value read from YAML or JSON: what float() takes, else the TypeError
    float() gives (callers that turn it into their own message keep doing so)."""
    if isinstance(value, (builtins.str, bytes, SupportsFloat, SupportsIndex)):
        return float(value)
    raise TypeError(f"float() argument must be a string or a real number, not {type(value).__name__!r}")


def load_yaml(path: Path) -> object:
    """Parse a YAML file; any failure becomes a ConfigError naming the file (and line)."""
    import yaml  # lazy: `judge --help` must not pay for it

    text = read_data_text(path)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]  # PyYAML's words
        if mark is not None:
            text = _("invalid YAML: line {line}: {problem}").format(line=mark.line + 1, problem=problem)
        else:
            text = _("invalid YAML: {problem}").format(problem=problem)
        raise ConfigError(path, None, text) from None


class Section:
    """A mapping being read. Call .done() last: any key nobody read is an error (typos)."""

    def __init__(self, data: object, file: Path | builtins.str | None, prefix: builtins.str = "") -> None:
        self.file = file
        self.prefix = prefix
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(file, prefix or None, _("expected a mapping, got {kind}").format(kind=_kind(data)))
        self.data: dict[builtins.str, object] = data
        self._read: set[builtins.str] = set()

    def key(self, name: builtins.str) -> builtins.str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def error(self, name: builtins.str, expected: builtins.str) -> ConfigError:
        return ConfigError(self.file, self.key(name), expected)

    def has(self, name: builtins.str) -> bool:
        return name in self.data

    def raw(self, name: builtins.str, default: object = None) -> object:
        self._read.add(name)
        return self.data.get(name, default)

    def _convert(self, name: builtins.str, default: object, convert: Callable[[object], T]) -> object:
        """The key's value through `convert`; `default` when it is missing or null (_MISSING:
        required). A value `convert` refuses is an error naming the key."""
        self._read.add(name)
        if name not in self.data or self.data[name] is None:
            if default is _MISSING:
                raise self.error(name, _("required key is missing"))
            return default
        try:
            return convert(self.data[name])
        except (ValueError, TypeError) as exc:
            raise self.error(name, builtins.str(exc)) from None

    @overload
    def str(self, name: builtins.str) -> builtins.str: ...
    @overload
    def str(self, name: builtins.str, default: D) -> builtins.str | D: ...

    def str(self, name: builtins.str, default: object = _MISSING) -> object:
        return self._convert(name, default, _as_str)

    @overload
    def int(self, name: builtins.str, *, minimum: builtins.int | None = None) -> builtins.int: ...
    @overload
    def int(self, name: builtins.str, default: D, minimum: builtins.int | None = None) -> builtins.int | D: ...

    def int(self, name: builtins.str, default: object = _MISSING, minimum: builtins.int | None = None) -> object:
        return self._convert(name, default, functools.partial(_as_int, minimum=minimum))

    @overload
    def number(self, name: builtins.str) -> float: ...
    @overload
    def number(self, name: builtins.str, default: D) -> float | D: ...

    def number(self, name: builtins.str, default: object = _MISSING) -> object:
        return self._convert(name, default, _as_number)

    @overload
    def bool(self, name: builtins.str) -> builtins.bool: ...
    @overload
    def bool(self, name: builtins.str, default: D) -> builtins.bool | D: ...

    def bool(self, name: builtins.str, default: object = _MISSING) -> object:
        return self._convert(name, default, _as_bool)

    @overload
    def duration(self, name: builtins.str) -> float: ...
    @overload
    def duration(self, name: builtins.str, default: D) -> float | D: ...

    def duration(self, name: builtins.str, default: object = _MISSING) -> object:
        return self._convert(name, default, parse_duration)

    @overload
    def size(self, name: builtins.str) -> builtins.int: ...
    @overload
    def size(self, name: builtins.str, default: D) -> builtins.int | D: ...

    def size(self, name: builtins.str, default: object = _MISSING) -> object:
        return self._convert(name, default, parse_size)

    @overload
    def str_list(self, name: builtins.str) -> list[builtins.str]: ...
    @overload
    def str_list(self, name: builtins.str, default: D) -> list[builtins.str] | D: ...

    def str_list(self, name: builtins.str, default: object = _MISSING) -> object:
        return self._convert(name, default, _as_str_list)

    @overload
    def choice(self, name: builtins.str, choices: tuple[builtins.str, ...]) -> builtins.str: ...
    @overload
    def choice(self, name: builtins.str, choices: tuple[builtins.str, ...], default: D) -> builtins.str | D: ...

    def choice(self, name: builtins.str, choices: tuple[builtins.str, ...], default: object = _MISSING) -> object:
        return self._convert(name, default, functools.partial(_as_choice, choices=choices))

    def section(self, name: builtins.str) -> Section:
        self._read.add(name)
        return Section(self.data.get(name), self.file, self.key(name))

    def done(self) -> None:
        unknown = sorted(set(map(str, self.data)) - self._read)
        if unknown:
            allowed = ", ".join(sorted(self._read))
            raise self.error(unknown[0], _("unknown key (expected one of: {allowed})").format(allowed=allowed))


def _as_str(v: object) -> str:
    if isinstance(v, (dict, list)) or isinstance(v, bool):
        raise ValueError(_("expected a string, got {kind}").format(kind=_kind(v)))
    return str(v)


_KINDS = {
    dict: N_("a mapping"),
    list: N_("a list"),
    str: N_("a string"),
    bool: N_("a boolean"),
    int: N_("an integer"),
    float: N_("a number"),
    type(None): N_("nothing"),
}


def _kind(v: object) -> str:
    """What a YAML value is, said to fit "expected X, got <kind>" in the active language."""
    kind = _KINDS.get(type(v))
    return _(kind) if kind is not None else type(v).__name__


def _as_int(v: object, minimum: int | None = None) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError(_("expected an integer, got {kind} {value}").format(kind=_kind(v), value=repr(v)))
    if minimum is not None and v < minimum:
        raise ValueError(_("expected an integer >= {minimum}, got {value}").format(minimum=minimum, value=v))
    return v


def _as_number(v: object) -> float:
    if isinstance(v, bool):
        raise ValueError(_("expected a number, got {value}").format(value=repr(v)))
    try:
        return float(v)  # type: ignore[arg-type]  # a YAML scalar: float() says what it cannot read
    except (TypeError, ValueError):
        raise ValueError(_("expected a number, got {kind} {value}").format(kind=_kind(v), value=repr(v))) from None


def _as_bool(v: object) -> bool:
    if not isinstance(v, bool):
        raise ValueError(_("expected true or false, got {value}").format(value=repr(v)))
    return v


def _as_str_list(v: object) -> list[str]:
    if isinstance(v, str):
        return [v]
    if not isinstance(v, list) or not all(isinstance(x, (str, int)) for x in v):
        raise ValueError(_("expected a list of strings, got {kind}").format(kind=_kind(v)))
    return [str(x) for x in v]


def _as_choice(v: object, choices: tuple[str, ...]) -> str:
    if v not in choices:
        raise ValueError(_("expected one of {choices}, got {value}").format(choices=", ".join(choices), value=repr(v)))
    return v
