"""GitHub Classroom autograding (.github/classroom/autograding.json) -> our problem folder.

Each entry {name, setup, run, input, output, comparison, timeout, points} becomes a secret test
tests/secret/NN (NN = its position) with `input` as NN.in and `output` as NN.ans. What GitHub's
autograding action does, and what we do (docs/IMPORT.md):

- it runs `run` in a shell; we run the student's submission file (`setup` and `run` are not
  imported: listed in the notes).
- it compares the output after turning CRLF into LF and trimming whitespace at both ends
  (of the output, and of `output` for exact/included):
    exact     actual == expected        -> regex  \\s*<expected, escaped>\\s*
    included  expected in actual        -> regex  [\\s\\S]*<expected, escaped>[\\s\\S]*
    regex     re.search(output, actual) -> regex  [\\s\\S]*?(?:<output>)[\\s\\S]*
                                           (or \\s*(?:<output without its ^>)[\\s\\S]*)
  (any other comparison value is `included`, as in the action). The patterns are our `regex`
  checker's per-test `pattern` (tests/secret/NN.yaml), newlines in them accept CRLF too.
- a test with neither input nor output only checks that `run` exits with 0: not imported.
- timeout (minutes, default 1): the test's wall and CPU limit, as GitHub has no other.
- points: a test scores its points when it passes; tests without points (null, 0) are not
  counted. We make one group per test with its points (0 for none); when no test has points,
  our default groups apply (the tests share 100 points) - GitHub then reports pass/fail only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.importers.common import GroupSpec, ProblemBuilder, format_seconds

if TYPE_CHECKING:
    from judge.core.config import Config

KNOWN_KEYS = {"name", "setup", "run", "input", "output", "comparison", "timeout", "points"}


def exact_pattern(expected: str) -> str:
    return r"\s*" + _escape(_normalize(expected)) + r"\s*"


def included_pattern(expected: str) -> str:
    return r"[\s\S]*" + _escape(_normalize(expected)) + r"[\s\S]*"


def search_pattern(pattern: str) -> str:
    """re.search on the trimmed output, as one pattern for re.fullmatch on the whole output.

    GitHub trims the output first, so a leading `^` matches at its first non-blank character:
    `^...` becomes `\\s*(?:...)`. (A `^` elsewhere, e.g. after a `|`, still means the very
    start of our output; a trailing `$` is fine: the regex checker also tries the output with
    its trailing whitespace removed.)"""
    if pattern.startswith("^") and "|" not in pattern:
        return r"\s*(?:" + pattern[1:] + r")[\s\S]*"
    return r"[\s\S]*?(?:" + pattern + r")[\s\S]*"


def _normalize(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def _escape(text: str) -> str:
    return re.escape(text).replace("\\\n", "\n").replace("\n", r"\r?\n")


@dataclass
class _Imported:
    """What the entries gave, for the settings of the whole problem."""

    tests: list[tuple[str, str, float | None]] = field(default_factory=list)  # (test name, classroom name, points)
    timeouts: list[float] = field(default_factory=list)  # seconds, one per imported test
    commands: list[str] = field(default_factory=list)  # `setup` and `run`, not imported


def convert(source: Path, builder: ProblemBuilder, config: Config) -> None:
    path, tests = _read_autograding(source)
    _describe_problem(builder, path)
    imported = _Imported()
    for index, entry in enumerate(tests):
        _import_entry(builder, path, index, entry, imported)
    if not imported.tests:
        raise ConfigError(path, "tests", _("no test with input or output to import"))
    if len(set(imported.timeouts)) == 1:  # one timeout for all: say it once, in problem.yaml
        builder.limits = dict(builder.tests[0].limits or {})
        for test in builder.tests:
            test.limits = None
    if imported.commands:
        builder.note(
            _("not imported (the judge runs the submission itself): {commands}").format(
                commands="; ".join(f"`{c}`" for c in imported.commands)
            )
        )
    builder.note(
        _(
            "the timeout (minutes) is each test's CPU and wall limit: lower limits.time for "
            "faster feedback on endless loops"
        )
    )
    _set_groups(builder, imported.tests)


def _read_autograding(source: Path) -> tuple[Path, list[object]]:
    """The autograding.json (in the repository `source`, or `source` itself) and its tests."""
    path = source / ".github" / "classroom" / "autograding.json" if source.is_dir() else source
    if not path.is_file():
        raise ConfigError(path, None, _("missing: expected .github/classroom/autograding.json"))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(path, None, _("invalid JSON: {error}").format(error=error)) from None
    tests = data.get("tests") if isinstance(data, dict) else None
    if not isinstance(tests, list):
        raise ConfigError(path, "tests", _("expected a list of tests"))
    return path, tests


def _describe_problem(builder: ProblemBuilder, path: Path) -> None:
    """Title (the repository's folder name), origin and checker of the problem."""
    repo = path.parents[2] if path.parent.name == "classroom" and path.parent.parent.name == ".github" else path.parent
    builder.title = {"en": repo.resolve().name}
    # Written into problem.yaml in both languages, whatever language the user speaks.
    builder.origin = {
        "ru": f"автопроверка GitHub Classroom ({path.name})",
        "en": f"GitHub Classroom autograding ({path.name})",
    }
    builder.checker_name = "regex"
    builder.checker_base = {}  # each test's pattern lives in its NN.yaml


def _import_entry(builder: ProblemBuilder, path: Path, index: int, entry: object, imported: _Imported) -> None:
    """tests[index] as the next secret test (or a note why it is skipped)."""
    where = f"tests[{index}]"
    if not isinstance(entry, dict):
        raise ConfigError(path, where, _("expected an object"))
    unknown = sorted(set(entry) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            path,
            f"{where}.{unknown[0]}",
            _("unknown key (expected one of {known})").format(known=", ".join(sorted(KNOWN_KEYS))),
        )
    name = str(entry.get("name") or f"test {index + 1}")
    input_text = _text(entry, "input", path, where)
    output_text = _text(entry, "output", path, where)
    if not input_text and not output_text:
        builder.note(
            _("skipped {name}: it has neither input nor output (it only checks that `{command}` exits with 0)").format(
                name=repr(name), command=entry.get("run", "")
            )
        )
        return
    pattern = _pattern(builder, entry.get("comparison") or "included", output_text, name, path, where)
    timeout = _timeout_minutes(entry, path, where)
    points = _points(entry, path, where)
    stem = f"{len(imported.tests) + 1:02d}"
    answer = output_text if output_text.endswith("\n") or not output_text else output_text + "\n"
    test = builder.add_test(
        "secret",
        stem,
        input_text.encode("utf-8"),
        answer.encode("utf-8"),
        checker={"pattern": pattern},
        origin=f"{path}: {where}",
    )
    seconds = float(timeout) * 60
    test.limits = {"time": format_seconds(seconds), "wall_time": format_seconds(seconds)}
    imported.timeouts.append(seconds)
    imported.tests.append((test.name, name, float(points) if points else None))
    for key in ("setup", "run"):
        if entry.get(key) and entry[key] not in imported.commands:
            imported.commands.append(str(entry[key]))


def _pattern(builder: ProblemBuilder, comparison: object, output_text: str, name: str, path: Path, where: str) -> str:
    """The regex checker's pattern for one test's comparison of its output."""
    if comparison == "exact":
        return exact_pattern(output_text)
    if comparison == "regex":
        try:
            re.compile(output_text)
        except re.error as error:
            raise ConfigError(
                path, f"{where}.output", _("not a regular expression Python understands: {error}").format(error=error)
            ) from None
        return search_pattern(output_text)
    if comparison not in ("included", "contains"):
        builder.note(
            _("{name}: comparison {comparison} is treated as 'included', as GitHub does").format(
                name=repr(name), comparison=repr(comparison)
            )
        )
    return included_pattern(output_text)


def _timeout_minutes(entry: Mapping[str, object], path: Path, where: str) -> int | float:
    """The entry's timeout in minutes (default 1)."""
    timeout = entry.get("timeout") or 1
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ConfigError(path, f"{where}.timeout", _("expected minutes > 0, got {value}").format(value=repr(timeout)))
    return timeout


def _points(entry: Mapping[str, object], path: Path, where: str) -> int | float | None:
    """The entry's points (None: none given)."""
    points = entry.get("points")
    if points is not None and (isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0):
        raise ConfigError(
            path, f"{where}.points", _("expected a number >= 0 or null, got {value}").format(value=repr(points))
        )
    return points


def _set_groups(builder: ProblemBuilder, tests: list[tuple[str, str, float | None]]) -> None:
    """One group per test with its points (named after the classroom test, made unique),
    when any test has points; else our default groups."""
    if any(points for _test, _name, points in tests):
        groups, seen = [], set()
        for test_name, name, points in tests:
            group = name
            i = 2
            while group in seen:
                group, i = f"{name} ({i})", i + 1
            seen.add(group)
            groups.append(GroupSpec(group, [test_name], points or 0.0))
        builder.groups = groups
        if any(points is None for _test, _name, points in tests):
            builder.note(_("tests without points count 0 points, as on GitHub"))
    else:
        builder.note(_("no test has points: the tests share 100 points (GitHub reports pass/fail only)"))


def _text(entry: Mapping[str, object], key: str, path: Path, where: str) -> str:
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ConfigError(path, f"{where}.{key}", _("expected a string, got {value}").format(value=repr(value)))
    return value
