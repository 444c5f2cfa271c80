"""Reading YAML mappings strictly: every error names the file, the dotted key and what was expected."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

from judge.errors import ConfigError
from judge.units import parse_duration, parse_size

T = TypeVar("T")
_MISSING: Any = object()


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; any failure becomes a ConfigError naming the file (and line)."""
    import yaml  # lazy: `judge --help` must not pay for it

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, None, "file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(path, None, "not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror}") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(path, None, f"invalid YAML: {where}{problem}") from None


class Section:
    """A mapping being read. Call .done() last: any key nobody read is an error (typos)."""

    def __init__(self, data: Any, file: Path | str | None, prefix: str = "") -> None:
        self.file = file
        self.prefix = prefix
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(file, prefix or None, f"expected a mapping, got {_kind(data)}")
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
                raise self.error(name, "required key is missing")
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
                raise ValueError(f"expected an integer, got {_kind(v)} {v!r}")
            if minimum is not None and v < minimum:
                raise ValueError(f"expected an integer >= {minimum}, got {v}")
            return v
        return self._convert(name, default, conv)

    def number(self, name: str, default: Any = _MISSING) -> Any:
        def conv(v: Any) -> float:
            if isinstance(v, bool):
                raise ValueError(f"expected a number, got {v!r}")
            try:
                return float(v)
            except (TypeError, ValueError):
                raise ValueError(f"expected a number, got {_kind(v)} {v!r}") from None
        return self._convert(name, default, conv)

    def bool(self, name: str, default: Any = _MISSING) -> Any:
        def conv(v: Any) -> bool:
            if not isinstance(v, bool):
                raise ValueError(f"expected true or false, got {v!r}")
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
                raise ValueError(f"expected a list of strings, got {_kind(v)}")
            return [str(x) for x in v]
        return self._convert(name, default, conv)

    def choice(self, name: str, choices: tuple[str, ...], default: Any = _MISSING) -> Any:
        def conv(v: Any) -> str:
            if v not in choices:
                raise ValueError(f"expected one of {', '.join(choices)}, got {v!r}")
            return v
        return self._convert(name, default, conv)

    def section(self, name: str) -> "Section":
        self._read.add(name)
        return Section(self.data.get(name), self.file, self.key(name))

    def done(self) -> None:
        unknown = sorted(set(map(str, self.data)) - self._read)
        if unknown:
            allowed = ", ".join(sorted(self._read))
            raise self.error(unknown[0], f"unknown key (expected one of: {allowed})")


def _as_str(v: Any) -> str:
    if isinstance(v, (dict, list)) or isinstance(v, bool):
        raise ValueError(f"expected a string, got {_kind(v)}")
    return str(v)


def _kind(v: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean",
            int: "an integer", float: "a number", type(None): "nothing"}.get(type(v), type(v).__name__)
