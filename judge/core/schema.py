"""Reading YAML mappings strictly: every error names the file, the dotted key and what was expected.

What was expected is said in the active language; the file and the key are named as they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

from judge.core.errors import ConfigError
from judge.core.i18n import N_, _
from judge.core.units import parse_duration, parse_size

T = TypeVar("T")
_MISSING: Any = object()


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; any failure becomes a ConfigError naming the file (and line)."""
    import yaml  # lazy: `judge --help` must not pay for it

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, None, _("file not found")) from None
    except UnicodeDecodeError:
        raise ConfigError(path, None, _("not UTF-8 text")) from None
    except OSError as exc:
        raise ConfigError(path, None, _("cannot read: {reason}").format(reason=exc.strerror)) from None
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

    def __init__(self, data: Any, file: Path | str | None, prefix: str = "") -> None:
        self.file = file
        self.prefix = prefix
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(file, prefix or None, _("expected a mapping, got {kind}").format(kind=_kind(data)))
        self.data: dict[str, Any] = data
        self._read: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def error(self, name: str, expected: str) -> ConfigError:
        return ConfigError(self.file, self.key(name), expected)

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = None) -> Any:
        self._read.add(name)
        return self.data.get(name, default)

    def _convert(self, name: str, default: Any, convert: Callable[[Any], T]) -> T:
        self._read.add(name)
        if name not in self.data or self.data[name] is None:
            if default is _MISSING:
                raise self.error(name, _("required key is missing"))
            return default
        try:
            return convert(self.data[name])
        except (ValueError, TypeError) as exc:
            raise self.error(name, str(exc)) from None

    def str(self, name: str, default: Any = _MISSING) -> Any:
        return self._convert(name, default, _as_str)

    def int(self, name: str, default: Any = _MISSING, minimum: int | None = None) -> Any:
        def conv(v: Any) -> int:
            if isinstance(v, bool) or not isinstance(v, int):
                raise ValueError(_("expected an integer, got {kind} {value}").format(kind=_kind(v), value=repr(v)))
            if minimum is not None and v < minimum:
                raise ValueError(_("expected an integer >= {minimum}, got {value}").format(minimum=minimum, value=v))
            return v
        return self._convert(name, default, conv)

    def number(self, name: str, default: Any = _MISSING) -> Any:
        def conv(v: Any) -> float:
            if isinstance(v, bool):
                raise ValueError(_("expected a number, got {value}").format(value=repr(v)))
            try:
                return float(v)
            except (TypeError, ValueError):
                raise ValueError(_("expected a number, got {kind} {value}").format(kind=_kind(v), value=repr(v))) from None
        return self._convert(name, default, conv)

    def bool(self, name: str, default: Any = _MISSING) -> Any:
        def conv(v: Any) -> bool:
            if not isinstance(v, bool):
                raise ValueError(_("expected true or false, got {value}").format(value=repr(v)))
            return v
        return self._convert(name, default, conv)

    def duration(self, name: str, default: Any = _MISSING) -> Any:
        return self._convert(name, default, parse_duration)

    def size(self, name: str, default: Any = _MISSING) -> Any:
        return self._convert(name, default, parse_size)

    def str_list(self, name: str, default: Any = _MISSING) -> Any:
        def conv(v: Any) -> list[str]:
            if isinstance(v, str):
                return [v]
            if not isinstance(v, list) or not all(isinstance(x, (str, int)) for x in v):
                raise ValueError(_("expected a list of strings, got {kind}").format(kind=_kind(v)))
            return [str(x) for x in v]
        return self._convert(name, default, conv)

    def choice(self, name: str, choices: tuple[str, ...], default: Any = _MISSING) -> Any:
        def conv(v: Any) -> str:
            if v not in choices:
                raise ValueError(_("expected one of {choices}, got {value}").format(choices=", ".join(choices), value=repr(v)))
            return v
        return self._convert(name, default, conv)

    def section(self, name: str) -> "Section":
        self._read.add(name)
        return Section(self.data.get(name), self.file, self.key(name))

    def done(self) -> None:
        unknown = sorted(set(map(str, self.data)) - self._read)
        if unknown:
            allowed = ", ".join(sorted(self._read))
            raise self.error(unknown[0], _("unknown key (expected one of: {allowed})").format(allowed=allowed))


def _as_str(v: Any) -> str:
    if isinstance(v, (dict, list)) or isinstance(v, bool):
        raise ValueError(_("expected a string, got {kind}").format(kind=_kind(v)))
    return str(v)


_KINDS = {dict: N_("a mapping"), list: N_("a list"), str: N_("a string"), bool: N_("a boolean"),
          int: N_("an integer"), float: N_("a number"), type(None): N_("nothing")}


def _kind(v: Any) -> str:
    """What a YAML value is, said to fit "expected X, got <kind>" in the active language."""
    kind = _KINDS.get(type(v))
    return _(kind) if kind is not None else type(v).__name__
