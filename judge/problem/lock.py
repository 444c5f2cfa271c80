"""A locked answer (tests/secret/NN.lock of a student copy): its format, reading it, making
it, and judging an output against it. What the problem loader and the grader need of a
student copy; the export itself is judge/problem/student_copy.py (format described there)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from judge.core.errors import ConfigError
from judge.core.i18n import _, ngettext
from judge.core.verdicts import Verdict

if TYPE_CHECKING:
    from judge.checkers import Checker, CheckResult

LOCK_FORMAT = "judge-lock/1"
MARKER = "student-copy.yaml"
MARKER_FORMAT = "judge-student-copy/1"
SALT_BYTES = 16
_LOCK_KEYS = ("format", "algorithm", "checker", "salt", "hash", "pe_salt", "pe_hash")
_LOCK_MAX_SIZE = 4096


@dataclass(frozen=True)
class Lock:
    """A parsed NN.lock: enough to recognise the right output, nothing to recover it."""

    path: Path
    salt: bytes
    hash: str
    algorithm: str = "sha256"
    checker: str | None = None
    pe_salt: bytes | None = None
    pe_hash: str | None = None


def digest(salt: bytes, form: bytes) -> str:
    return hashlib.sha256(salt + form).hexdigest()


# -- reading and checking -------------------------------------------------------------


def read_lock(path: Path) -> Lock:
    """Parse and validate NN.lock; any defect is a ConfigError naming the file."""
    try:
        if path.stat().st_size > _LOCK_MAX_SIZE:
            raise ConfigError(
                path,
                None,
                ngettext(
                    "malformed lock file: larger than {size} byte",
                    "malformed lock file: larger than {size} bytes",
                    _LOCK_MAX_SIZE,
                ).format(size=_LOCK_MAX_SIZE),
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, None, _("missing lock file")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, _("cannot read the lock file: {error}").format(error=exc)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            path, None, _("malformed lock file: not JSON ({error}, line {line})").format(error=exc.msg, line=exc.lineno)
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(path, None, _("malformed lock file: expected a JSON object with salt and hash"))
    unknown = sorted(set(data) - set(_LOCK_KEYS))
    if unknown:
        raise ConfigError(
            path, unknown[0], _("unknown key in a lock file (allowed: {keys})").format(keys=", ".join(_LOCK_KEYS))
        )
    if data.get("format", LOCK_FORMAT) != LOCK_FORMAT:
        raise ConfigError(
            path,
            "format",
            _("expected {expected}, got {value}").format(expected=repr(LOCK_FORMAT), value=repr(data.get("format"))),
        )
    if data.get("algorithm") != "sha256":
        raise ConfigError(
            path,
            "algorithm",
            _("expected {expected}, got {value}").format(expected=repr("sha256"), value=repr(data.get("algorithm"))),
        )
    checker = data.get("checker")
    if checker is not None and not isinstance(checker, str):
        raise ConfigError(path, "checker", _("expected a checker name, got {value}").format(value=repr(checker)))
    salt, hash_ = _salt(path, data, "salt"), _hash(path, data, "hash")
    pe_salt = pe_hash = None
    if "pe_salt" in data or "pe_hash" in data:
        pe_salt, pe_hash = _salt(path, data, "pe_salt"), _hash(path, data, "pe_hash")
    return Lock(path=path, salt=salt, hash=hash_, algorithm="sha256", checker=checker, pe_salt=pe_salt, pe_hash=pe_hash)


def _salt(path: Path, data: Mapping[str, object], key: str) -> bytes:
    value = data.get(key)
    try:
        salt = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        salt = b""
    if len(salt) < 8:
        raise ConfigError(
            path, key, _("expected at least 8 random bytes in hex, got {value}").format(value=repr(value))
        )
    return salt


def _hash(path: Path, data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    if not (isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)):
        raise ConfigError(
            path, key, _("expected a sha256 digest (64 lowercase hex digits), got {value}").format(value=repr(value))
        )
    return value


def check_locked(checker: Checker, lock: Lock, output: bytes) -> CheckResult:
    """Judge an output against a locked answer: AC, PE or WA, with no message at all.

    Raises if the checker cannot be hashed (the grader reports that as IE)."""
    from judge.checkers import CheckResult

    if lock.checker is not None and lock.checker != checker.name:
        raise ValueError(
            _(
                "{lock} was made for the '{lock_checker}' checker, the problem uses '{checker}': "
                "export the student copy again"
            ).format(lock=lock.path.name, lock_checker=lock.checker, checker=checker.name)
        )
    form = checker.canonical(output)
    if form is None:
        raise ValueError(
            _(
                "{lock}: the '{checker}' checker with these options cannot be hashed, so a locked test cannot be judged"
            ).format(lock=lock.path.name, checker=checker.name)
        )
    if hmac.compare_digest(digest(lock.salt, form), lock.hash):
        return CheckResult(Verdict.AC)
    if lock.pe_salt is not None and lock.pe_hash is not None:
        layout_free = checker.presentation_form(output)
        if layout_free is not None and hmac.compare_digest(digest(lock.pe_salt, layout_free), lock.pe_hash):
            return CheckResult(Verdict.PE)
    return CheckResult(Verdict.WA)


def secret_withheld(problem_dir: Path) -> bool:
    """True when this is a student copy whose secret tests were left out (student-copy.yaml)."""
    marker = problem_dir / MARKER
    if not marker.is_file():
        return False
    from judge.core.schema import Section, load_yaml

    root = Section(load_yaml(marker), marker)
    root.str("format", MARKER_FORMAT)
    mode = root.choice("secret_tests", ("locked", "withheld", "none"))
    root.str("reason", "")
    root.done()
    return mode == "withheld"


def make_lock(checker: Checker, answer: bytes) -> dict[str, str] | None:
    """The lock of one answer under this checker, or None if the checker cannot be hashed."""
    form = checker.canonical(answer)
    if form is None:
        return None
    salt = secrets.token_bytes(SALT_BYTES)
    lock = {
        "format": LOCK_FORMAT,
        "algorithm": "sha256",
        "checker": checker.name,
        "salt": salt.hex(),
        "hash": digest(salt, form),
    }
    layout_free = checker.presentation_form(answer)
    if layout_free is not None:
        pe_salt = secrets.token_bytes(SALT_BYTES)
        lock["pe_salt"], lock["pe_hash"] = pe_salt.hex(), digest(pe_salt, layout_free)
    return lock
