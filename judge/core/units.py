"""Durations and sizes written as people write them: '1s', '500ms', '256MiB'."""

from __future__ import annotations

import re

from judge.core.i18n import N_, _
from judge.core.numbers import decimal

_DURATION = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(ms|s|sec|min|m)?\s*$")
_SIZE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*([KMGT]i?B|B|[KMGT])?\s*$", re.IGNORECASE)

_TIME_FACTORS = {None: 1.0, "s": 1.0, "sec": 1.0, "ms": 0.001, "m": 60.0, "min": 60.0}
_SIZE_FACTORS = {
    None: 1,
    "b": 1,
    "k": 1024,
    "kib": 1024,
    "kb": 1000,
    "m": 1024**2,
    "mib": 1024**2,
    "mb": 1000**2,
    "g": 1024**3,
    "gib": 1024**3,
    "gb": 1000**3,
    "t": 1024**4,
    "tib": 1024**4,
    "tb": 1000**4,
}


def parse_duration(value: object) -> float:
    """Seconds from '1s', '500ms', '1.5', 2 -> float; ValueError with what was expected."""
    if isinstance(value, bool):
        raise ValueError(_("expected a duration like '1s' or '500ms', got {value}").format(value=repr(value)))
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError(_("expected a duration like '1s' or '500ms', got {value}").format(value=repr(value)))
        seconds = float(match.group(1)) * _TIME_FACTORS[match.group(2)]
    if seconds <= 0:
        raise ValueError(_("expected a positive duration, got {value}").format(value=repr(value)))
    return seconds


def parse_size(value: object) -> int:
    """Bytes from '256MiB', '64KiB', '1GB', 1024 -> int; ValueError with what was expected."""
    if isinstance(value, bool):
        raise ValueError(_("expected a size like '256MiB' or '64KiB', got {value}").format(value=repr(value)))
    if isinstance(value, (int, float)):
        size = int(value)
    else:
        match = _SIZE.match(str(value))
        if not match:
            raise ValueError(_("expected a size like '256MiB' or '64KiB', got {value}").format(value=repr(value)))
        unit = match.group(2).lower() if match.group(2) else None
        size = int(float(match.group(1)) * _SIZE_FACTORS[unit])
    if size <= 0:
        raise ValueError(_("expected a positive size, got {value}").format(value=repr(value)))
    return size


# As shown to people ("256.0 MiB", "1.00 s"; Russian «256 МиБ», «1,00 с»): the units are
# translated, the numbers written in the reader's language (judge/core/numbers.py).
# The parsers above read the English units only (problem.yaml and config.yaml are not translated).
_SIZE_UNITS = ((N_("{value} GiB"), 1024**3), (N_("{value} MiB"), 1024**2), (N_("{value} KiB"), 1024))


def format_size(n: int | None) -> str:
    if n is None:
        return "-"
    for unit, factor in _SIZE_UNITS:
        if n >= factor:
            return _(unit).format(value=decimal(n / factor, 1, whole=True))
    return _("{value} B").format(value=n)


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1:
        return _("{value} ms").format(value=decimal(seconds * 1000, 0))
    return _("{value} s").format(value=decimal(seconds, 2))
