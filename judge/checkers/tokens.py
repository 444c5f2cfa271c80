"""The default checker: the Kattis default output validator, reimplemented.

It follows problemtools' support/default_validator/default_validator.cc step by step (the
order in which whitespace and tokens are consumed decides the line numbers in its messages and
what space_change_sensitive means), and is held to the same accept/reject on every vector in
tests/data/kattis-default-validator/. It works on bytes: any output, even binary junk, is
judged, never crashes it.

One deliberate difference: the C++ validator compares tokens with strcmp, so a NUL byte ends a
token early there; here tokens are compared whole.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar

from judge.checkers.base import CheckCase, Checker, CheckResult
from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.core.verdicts import Verdict

# C's isspace() in the "C" locale; the same set bytes.split() splits on.
_SPACE_BYTES = frozenset(b" \t\n\r\x0b\x0c")
_SPACE = re.compile(rb"[ \t\n\r\x0b\x0c]*")
_TOKEN = re.compile(rb"[^ \t\n\r\x0b\x0c]*")

# What strtod() accepts as a whole token (decimal and hexadecimal forms). inf and nan parse too
# but the validator's isfloat() rejects them, so a judge token "inf" is compared as a string.
_DECIMAL = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_HEXADECIMAL = re.compile(rb"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?")

# How tokens are cut in messages, as the Kattis validator does: whole up to _MAX_SHOWN bytes;
# a mismatch shows the first _CONTEXT bytes and _CONTEXT bytes from the first difference.
_MAX_SHOWN = 30
_CONTEXT = 19
_ELLIPSIS = b"..."

_TOLERANCES = ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance")


def parse_float(token: bytes) -> float | None:
    """The token's value if the whole token is a finite number for strtod(), else None."""
    try:
        if _DECIMAL.fullmatch(token):
            value = float(token)
        elif _HEXADECIMAL.fullmatch(token):
            value = float.fromhex(token.decode("ascii"))
        else:
            return None
    except (ValueError, OverflowError):  # fromhex raises OverflowError past the double range
        return None
    return value if math.isfinite(value) else None


def _is_continuation(byte: int) -> bool:
    return byte & 0xC0 == 0x80


def _sequence_length(lead: int) -> int:
    """Bytes in the UTF-8 sequence this byte starts (1 for ASCII and for invalid leads)."""
    if lead >> 5 == 0b110:
        return 2
    if lead >> 4 == 0b1110:
        return 3
    if lead >> 3 == 0b11110:
        return 4
    return 1


def _lead_of(data: bytes, index: int) -> int:
    """Where the valid UTF-8 character covering data[index] starts (index itself if none)."""
    for start in range(index, max(index - 3, 0) - 1, -1):
        if not _is_continuation(data[start]):
            end = start + _sequence_length(data[start])
            if start < index < end and _valid_utf8(data[start:end]):
                return start
            return index
    return index


def _valid_utf8(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _cut_end(data: bytes, end: int) -> int:
    """Move a cut at `end` past the rest of a valid UTF-8 character it would split."""
    if end >= len(data) or not _is_continuation(data[end]):
        return min(end, len(data))
    start = _lead_of(data, end)
    if start == end:
        return end
    return start + _sequence_length(data[start])


def shorten(token: bytes) -> bytes:
    """A token for a message: whole when short, else its start and '...'."""
    if len(token) <= _MAX_SHOWN:
        return token
    return token[: _cut_end(token, _MAX_SHOWN)] + _ELLIPSIS


def _shorten_around(token: bytes, difference: int) -> bytes:
    """A long token cut so that the first difference from the other token stays visible."""
    if len(token) <= _MAX_SHOWN:
        return token
    head = token[: _cut_end(token, _CONTEXT)]
    if difference < len(head) or difference >= len(token):
        return head + _ELLIPSIS
    start = _lead_of(token, difference)
    end = _cut_end(token, start + _CONTEXT)
    tail = _ELLIPSIS if end < len(token) else b""
    return head + _ELLIPSIS + token[start:end] + tail


def _first_difference(a: bytes, b: bytes) -> int:
    for index, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return index
    return min(len(a), len(b))


class _Reader:
    """A cursor over one file that counts lines as the C++ validator does."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.line = 1

    def space(self) -> bytes:
        match = _SPACE.match(self.data, self.pos)
        assert match is not None  # a '*' pattern always matches
        run = match.group()
        self.pos = match.end()
        self.line += run.count(b"\n")
        return run

    def token(self) -> bytes | None:
        match = _TOKEN.match(self.data, self.pos)
        assert match is not None
        if match.end() == self.pos:
            return None
        self.pos = match.end()
        return match.group()

    def byte_at(self, pos: int) -> int:
        """The byte there, or -1 (EOF) past the end, like istream::get()."""
        return self.data[pos] if pos < len(self.data) else -1


def _text(token: bytes) -> str:
    """A token (or a cut of one) for a message: any bytes, never an exception."""
    return token.decode("utf-8", errors="replace")


class _WrongAnswer(Exception):
    """The validator's words (problemtools' default_validator.cc), in the active language."""

    def __init__(self, judge: _Reader, user: _Reader, detail: str) -> None:
        super().__init__()
        self.message = _(
            "Wrong answer on line {user} of output (corresponding to line {judge} in answer file)\n{detail}"
        ).format(user=user.line, judge=judge.line, detail=detail)


class TokensChecker(Checker):
    name = "tokens"
    defaults: ClassVar[Mapping[str, object]] = MappingProxyType(
        {
            "case_sensitive": True,
            "space_change_sensitive": False,
            "float_tolerance": None,
            "float_absolute_tolerance": None,
            "float_relative_tolerance": None,
        }
    )

    def __init__(
        self, options: Mapping[str, object], problem_dir: Path | None = None, source: str | None = None
    ) -> None:
        super().__init__(options, problem_dir=problem_dir, source=source)
        self.case_sensitive = self._flag("case_sensitive")
        self.space_change_sensitive = self._flag("space_change_sensitive")
        tolerances = {key: self._tolerance(key) for key in _TOLERANCES}
        # float_tolerance sets both; the specific options, when given, win over it.
        both = tolerances["float_tolerance"]
        self.abs_tol = tolerances["float_absolute_tolerance"]
        self.rel_tol = tolerances["float_relative_tolerance"]
        self.abs_tol = both if self.abs_tol is None else self.abs_tol
        self.rel_tol = both if self.rel_tol is None else self.rel_tol
        self.use_floats = self.abs_tol is not None or self.rel_tol is not None

    def _flag(self, key: str) -> bool:
        value = self.options[key]
        if not isinstance(value, bool):
            raise ConfigError(
                self.source, f"checker.{key}", _("expected true or false, got {value}").format(value=repr(value))
            )
        return value

    def _tolerance(self, key: str) -> float | None:
        value = self.options[key]
        if value is None:
            return None
        # PyYAML reads 1e-6 (no dot) as a string, so a numeric string is accepted too.
        number: float | None = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                number = None
        if number is None or not math.isfinite(number) or number < 0:
            raise ConfigError(
                self.source,
                f"checker.{key}",
                _("expected a non-negative number like 1e-6, got {value}").format(value=repr(value)),
            )
        return number

    def check(self, case: CheckCase) -> CheckResult:
        answer = case.answer_path.read_bytes()
        # Fast path (C speed) for the common case; identical tokens pass with any tolerance.
        if self._normal_form(case.output) == self._normal_form(answer):
            return CheckResult(Verdict.AC)
        try:
            self._compare(_Reader(answer), _Reader(case.output))
        except _WrongAnswer as wrong:
            return CheckResult(Verdict.WA, wrong.message)
        return CheckResult(Verdict.AC)

    def _compare(self, judge: _Reader, user: _Reader) -> None:
        """Raise _WrongAnswer at the first difference, as the C++ main loop does."""
        token_index = 0
        while True:
            self._skip_space(judge, user)
            judge_token = judge.token()
            if judge_token is None:
                break
            user_token = user.token()
            if user_token is None:
                raise _WrongAnswer(judge, user, self._eof_detail(token_index, user, judge_token))
            self._compare_tokens(judge, user, judge_token, user_token)
            token_index += 1
        trailing = user.token()
        if trailing is not None:
            raise _WrongAnswer(judge, user, _("Trailing output:\n{token}").format(token=_text(shorten(trailing))))

    def _skip_space(self, judge: _Reader, user: _Reader) -> None:
        judge_line, judge_start = judge.line, judge.pos
        judge_space = judge.space()
        if self.space_change_sensitive and not user.data.startswith(judge_space, user.pos):
            # Find the first differing byte and report it with the lines counted up to it.
            offset = _first_difference(judge_space, user.data[user.pos : user.pos + len(judge_space)])
            consumed = judge_space[:offset]
            judge.line = judge_line + consumed.count(b"\n")
            judge.pos = judge_start + offset
            user.line += consumed.count(b"\n")
            user.pos += offset
            got = user.byte_at(user.pos)
            raise _WrongAnswer(
                judge,
                user,
                _("Space change error: got {got} expected {expected}").format(got=got, expected=judge_space[offset]),
            )
        if self.space_change_sensitive:
            user.line += judge_space.count(b"\n")
            user.pos += len(judge_space)
            extra = user.byte_at(user.pos)
            if extra in _SPACE_BYTES:
                raise _WrongAnswer(
                    judge, user, _("Space change error: judge out of space, got {got} from user").format(got=extra)
                )
        else:
            user.space()

    @staticmethod
    def _eof_detail(token_index: int, user: _Reader, judge_token: bytes) -> str:
        token = _text(shorten(judge_token))
        if token_index > 0:
            message = _("User EOF while judge had more output\n(Next judge token: {token})")
        elif user.pos == 0:
            message = _("User EOF while judge had more output; user output was empty.\n(Next judge token: {token})")
        else:
            message = _(
                "User EOF while judge had more output; user output contained only whitespace.\n"
                "(Next judge token: {token})"
            )
        return message.format(token=token)

    def _compare_tokens(self, judge: _Reader, user: _Reader, judge_token: bytes, user_token: bytes) -> None:
        judge_value = parse_float(judge_token) if self.use_floats else None
        if judge_value is not None:
            user_value = parse_float(user_token)
            if user_value is None:
                raise _WrongAnswer(
                    judge, user, _("Expected float, got: {token}").format(token=_text(shorten(user_token)))
                )
            if not self._close_enough(judge_value, user_value):
                raise _WrongAnswer(
                    judge, user, self._difference_detail(judge_token, user_token, judge_value, user_value)
                )
            return
        judge_key, user_key = judge_token, user_token
        if not self.case_sensitive:
            # strcasecmp() in the C locale folds ASCII only; so does bytes.lower().
            judge_key, user_key = judge_token.lower(), user_token.lower()
        if judge_key != user_key:
            at = _first_difference(judge_key, user_key)
            raise _WrongAnswer(
                judge,
                user,
                _('String tokens mismatch\nJudge: "{judge}"\nUser: "{user}"').format(
                    judge=_text(_shorten_around(judge_token, at)), user=_text(_shorten_around(user_token, at))
                ),
            )

    def _close_enough(self, judge_value: float, user_value: float) -> bool:
        error = abs(judge_value - user_value)
        if self.abs_tol is not None and error <= self.abs_tol:
            return True
        return self.rel_tol is not None and error <= self.rel_tol * abs(judge_value)

    def _difference_detail(self, judge_token: bytes, user_token: bytes, judge_value: float, user_value: float) -> str:
        # The validator prints -1 for a tolerance that is off; kept so messages match Kattis.
        abs_tol = -1.0 if self.abs_tol is None else self.abs_tol
        rel_tol = -1.0 if self.rel_tol is None else self.rel_tol
        error = abs(judge_value - user_value)
        fields = dict(
            judge=_text(shorten(judge_token)),
            user=_text(shorten(user_token)),
            error=f"{error:e}",
            abs_tol=f"{abs_tol:e}",
            rel_tol=f"{rel_tol:e}",
        )
        if judge_value == 0:
            return _(
                "Too large difference.\n Judge: {judge}\n User:  {user}\n Absolute error: {error} "
                "(abs tolerance {abs_tol})\n Relative error: undefined, judge value is 0 "
                "(rel tolerance {rel_tol})"
            ).format(**fields)
        return _(
            "Too large difference.\n Judge: {judge}\n User:  {user}\n Absolute error: {error} "
            "(abs tolerance {abs_tol})\n Relative error: {relative} (rel tolerance {rel_tol})"
        ).format(relative=f"{error / abs(judge_value):e}", **fields)

    def canonical(self, data: bytes) -> bytes | None:
        if self.use_floats:
            return None  # "close enough" is not an equivalence relation: nothing to hash
        return self._normal_form(data)

    def _normal_form(self, data: bytes) -> bytes:
        """Equal normal forms are accepted; without float tolerance, only they are."""
        if not self.case_sensitive:
            data = data.lower()
        if self.space_change_sensitive:
            # Whitespace must match byte for byte, tokens too: the bytes are the normal form.
            return data
        return b" ".join(data.split())
