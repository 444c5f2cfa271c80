"""What a package expects of its example submissions -> our solutions/<verdict>/ folder and
solutions/expected.yaml entry (docs/IMPORT.md, "Expected results").

Where the expectation comes from, each refining the one before:

1. the folder under submissions/: Kattis's names (accepted, wrong_answer, ...) and DOMjudge's
   (compiler_error, no_output, output_limit, ...);
2. DOMjudge's `@EXPECTED_RESULTS@: ...` / `@EXPECTED_SCORE@: ...` in a source (one or several
   results; as DOMjudge's own import does, a folder that names one of them restricts them to
   it, and a folder naming none, such as `multiple/`, takes them all);
3. Kattis 2025-09 submissions/submissions.yaml: glob keys, `permitted`/`required` (the verdicts
   every test / some test may get), `score`, `language`, `entrypoint`, `message` (in the
   checker's message on some test), and the same per test data group (a key naming a group:
   expected.yaml `test_groups:`, the group's tests by our names);
4. DOMjudge's submissions.json: `entry_point` of a submission of several files.

Kattis and DOMjudge name fewer verdicts than we do: their time limit covers our TLE and ILE
(CPU and wall clock), their run-time error our RE, MLE and OLE (a memory limit shows as a
crash there). An expectation of theirs becomes the list of ours it covers (`verdicts:`).
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.core.schema import load_yaml

# A judge's verdict class -> ours that it covers.
COVERS: dict[str, tuple[str, ...]] = {
    "AC": ("AC",),
    "WA": ("WA",),
    "PE": ("PE",),
    "TLE": ("TLE", "ILE"),
    "RTE": ("RE", "MLE", "OLE"),
    "MLE": ("MLE",),
    "OLE": ("OLE",),
    "CE": ("CE",),
}
REJECTED = ("WA", "TLE", "ILE", "RE", "MLE", "OLE")
# Folder name -> the verdict class it names.
FOLDERS: dict[str, str] = {
    "accepted": "AC",
    "wrong_answer": "WA",
    "no_output": "WA",  # DOMjudge's NO-OUTPUT: our checker reads no output as a wrong answer
    "presentation_error": "PE",
    "time_limit_exceeded": "TLE",
    "run_time_error": "RTE",
    "runtime_error": "RTE",
    "memory_limit_exceeded": "MLE",
    "output_limit_exceeded": "OLE",
    "output_limit": "OLE",
    "compile_error": "CE",
    "compiler_error": "CE",
}
# Folders that name no single verdict class.
REJECTED_FOLDERS = ("rejected",)  # Kattis: some test is WA, TLE or RTE
PARTIAL_FOLDERS = ("partially_accepted", "partial")  # a score below the maximum
BRUTE_FORCE = ("brute_force",)  # Kattis: never WA, but TLE or RTE somewhere
# DOMjudge's result names (after its own remapping of ACCEPTED, WRONG_ANSWER, ...).
DOMJUDGE: dict[str, str] = {
    "CORRECT": "AC",
    "ACCEPTED": "AC",
    "WRONG-ANSWER": "WA",
    "WRONG_ANSWER": "WA",
    "NO-OUTPUT": "WA",
    "NO_OUTPUT": "WA",
    "TIMELIMIT": "TLE",
    "TIME_LIMIT_EXCEEDED": "TLE",
    "RUN-ERROR": "RTE",
    "RUN_TIME_ERROR": "RTE",
    "COMPILER-ERROR": "CE",
    "COMPILER_ERROR": "CE",
    "OUTPUT-LIMIT": "OLE",
    "OUTPUT_LIMIT": "OLE",
}
KATTIS_CLASSES = ("AC", "WA", "TLE", "RTE")
_ANNOTATION = re.compile(r"@EXPECTED_(RESULTS|SCORE)@: (.*)", re.IGNORECASE)


class Entry(TypedDict, total=False):
    """A solution's solutions/expected.yaml entry (docs/PROBLEM_FORMAT.md), as written here."""

    verdicts: list[str]
    score: float | list[float]  # a score, or [low, high]
    entry_point: str
    permitted: list[str]
    required: list[str]
    test_groups: list[dict[str, object]]


@dataclass
class Expected:
    """One submission's expectation in our terms."""

    folder: str  # solutions/<folder>/: ac, wa, ...
    entry: Entry = field(default_factory=Entry)  # its expected.yaml entry (may be empty)
    language: str | None = None  # a Kattis language code the package names for it
    notes: list[str] = field(default_factory=list)


def ours(classes: list[str]) -> list[str]:
    """Verdict classes -> our verdict codes, in order, each once."""
    return list(dict.fromkeys(code for c in classes for code in COVERS[c]))


# -- the sources ------------------------------------------------------------------------


def annotation(path: Path) -> tuple[list[str] | None, float | None, str | None]:
    """DOMjudge's (results, score) from `@EXPECTED_RESULTS@:`/`@EXPECTED_SCORE@:` in the
    submission's files (a folder: its first file that has one, by name); a third item says why
    the annotation is not used (two of a kind, as DOMjudge refuses too)."""
    files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.is_file())
    for file in files:
        try:
            text = file.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        found = _ANNOTATION.findall(text)
        if not found:
            continue
        results: list[str] | None = None
        score: float | None = None
        for kind, value in found:
            value = value.strip()
            if kind.upper() == "SCORE" and re.fullmatch(r"[0-9]+(\.[0-9]*)?", value) and score is None:
                score = float(value)
            elif results is None and not (kind.upper() == "SCORE" and re.fullmatch(r"[0-9.]+", value)):
                results = [r.strip().upper() for r in value.split(",") if r.strip()]
            else:  # two of a kind (a non-numeric score counts as results): DOMjudge refuses it
                return None, None, _("several @EXPECTED_RESULTS@ tags")
        return results, score, None
    return None, None, None


def submissions_json(package: Path) -> dict[str, dict[str, object]]:
    """DOMjudge's submissions.json: 'accepted/multifile-py' -> its settings."""
    path = package / "submissions.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, _("invalid JSON: {error}").format(error=exc)) from None
    if not isinstance(data, dict):
        raise ConfigError(path, None, _("expected a mapping of submission path -> settings"))
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            name = str(key).strip("/")
            name = name[len("submissions/") :] if name.startswith("submissions/") else name
            out[name] = value
    return out


def submissions_yaml(package: Path) -> list[tuple[str, dict[str, object]]]:
    """Kattis's submissions/submissions.yaml: (glob, settings) in the file's order."""
    path = package / "submissions" / "submissions.yaml"
    if not path.is_file():
        return []
    data = load_yaml(path)
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ConfigError(path, None, _("expected a mapping of glob patterns to settings"))
    out = []
    for key, value in data.items():
        if not isinstance(value, dict):
            raise ConfigError(path, str(key), _("expected a mapping"))
        out.append((str(key), value))
    return out


def glob_matches(pattern: str, path: str) -> bool:
    """Kattis's submission globs: `*` within one name, braces expanded; a submission matches
    when it or a folder above it does."""
    parts = path.split("/")
    for expanded in _braces(pattern):
        wanted = expanded.strip("/").split("/")
        if len(wanted) <= len(parts) and all(
            fnmatch.fnmatchcase(part, want) for part, want in zip(parts, wanted, strict=False)
        ):
            return True
    return False


def _braces(pattern: str) -> list[str]:
    match = re.search(r"\{([^{}]*)\}", pattern)
    if match is None:
        return [pattern]
    out = []
    for choice in match.group(1).split(","):
        out.extend(_braces(pattern[: match.start()] + choice + pattern[match.end() :]))
    return out


# -- one submission ---------------------------------------------------------------------


@dataclass
class _Found:
    """What the sources said so far about one submission."""

    relative: str  # accepted/x.py
    classes: list[str] | None = None  # the verdict classes its verdict may be one of
    entry: Entry = field(default_factory=Entry)  # its expected.yaml entry
    notes: list[str] = field(default_factory=list)
    language: object = None  # submissions.yaml's `language:`, as written (a Kattis language code)
    permitted: list[str] | None = None
    required: list[str] | None = None


@dataclass(frozen=True)
class Rules:
    """What the package says of its submissions beside their folders and sources."""

    yaml: list[tuple[str, dict[str, object]]]  # submissions.yaml's (glob, settings)
    json: dict[str, dict[str, object]]  # submissions.json's
    tests: dict[str, str]  # a test's path under data/ (no .in) -> our test's name


# submissions.yaml's keys for a submission; any other key names test data groups.
SUBMISSION_KEYS = (
    "language",
    "entrypoint",
    "authors",
    "model_solution",
    "permitted",
    "required",
    "score",
    "message",
    "use_for_time_limit",
)


def expect(
    package: Path,
    folder: str,
    path: Path,
    rules: Rules,
    partial_range: tuple[float, float] | None,
    domjudge: bool = False,
) -> Expected | str:
    """What submissions/<folder>/<path.name> is expected to get; a string says why it has no
    expected verdict (it is skipped, with that note)."""
    found = _Found(f"{folder}/{path.name}")
    named = FOLDERS.get(folder)
    if named is not None:
        found.classes = [named]
    elif folder in REJECTED_FOLDERS:
        found.entry["verdicts"] = list(REJECTED)
    elif folder in BRUTE_FORCE:
        found.entry["verdicts"] = ["TLE", "ILE", "RE", "MLE", "OLE"]
    if domjudge:
        refused = _from_annotation(path, found)
        if refused:
            return refused
    for pattern, settings in rules.yaml:
        if glob_matches(pattern, found.relative):
            _from_yaml(package, pattern, settings, found, rules.tests)
    listed = rules.json.get(found.relative)
    if listed and listed.get("entry_point"):
        found.entry["entry_point"] = str(listed["entry_point"])
    return _conclude(folder, found, partial_range)


def _from_annotation(path: Path, found: _Found) -> str | None:
    """DOMjudge's @EXPECTED_RESULTS@ / @EXPECTED_SCORE@; a string: no verdict of ours to expect."""
    results, score, bad = annotation(path)
    if bad:
        found.notes.append(
            _("{submission}: {problem}: the folder's verdict is expected").format(
                submission=found.relative, problem=bad
            )
        )
    if results is not None:
        unknown = [r for r in results if r not in DOMJUDGE]
        annotated = list(dict.fromkeys(DOMJUDGE[r] for r in results if r in DOMJUDGE))
        if unknown and found.classes is None:
            return _("expects {result} (no verdict of ours)").format(result=", ".join(unknown))
        if unknown:
            found.notes.append(
                _("{submission}: @EXPECTED_RESULTS@ {result} ignored: the folder's verdict is expected").format(
                    submission=found.relative, result=", ".join(unknown)
                )
            )
        elif found.classes is None:  # a folder naming no result (multiple/): all of them
            found.classes = annotated
            found.entry.pop("verdicts", None)
        elif found.classes[0] not in annotated:
            found.notes.append(
                _(
                    "{submission}: @EXPECTED_RESULTS@ {result} disagrees with its folder: the folder's verdict is expected"
                ).format(submission=found.relative, result=", ".join(results))
            )
    if score is not None:
        found.entry["score"] = _number(score)
    return None


def _from_yaml(package: Path, pattern: str, rules: Mapping[str, object], found: _Found, tests: dict[str, str]) -> None:
    """One glob of submissions.yaml that matches the submission."""
    found.language = rules.get("language", found.language)
    if rules.get("entrypoint"):
        found.entry["entry_point"] = str(rules["entrypoint"])
    if "permitted" in rules:
        found.permitted = _classes(rules["permitted"], pattern, "permitted", package)
    if "required" in rules:
        found.required = _classes(rules["required"], pattern, "required", package)
    if "score" in rules:
        found.entry["score"] = _score(rules["score"], pattern, package)
    if "message" in rules:
        found.entry.setdefault("test_groups", []).append({"message": _message(rules["message"], pattern, package)})
    for key in rules:
        if key not in SUBMISSION_KEYS:
            _group_rules(package, f"{pattern}.{key}", key, rules[key], found, tests)


def _group_rules(package: Path, where: str, group: str, rules: object, found: _Found, tests: dict[str, str]) -> None:
    """Expectations on the tests of the test data groups `group` (a glob under data/) names."""
    if not isinstance(rules, dict):
        raise ConfigError(package / "submissions" / "submissions.yaml", where, _("expected a mapping"))
    names = [name for path, name in tests.items() if glob_matches(group, path)]
    if not names:
        found.notes.append(
            _("{submission}: {group} names no test data group or test: its expectations are not checked").format(
                submission=found.relative, group=repr(group)
            )
        )
        return
    part: dict[str, object] = {"tests": names}
    if "permitted" in rules:
        part["permitted"] = ours(_classes(rules["permitted"], where, "permitted", package))
    if "required" in rules:
        part["required"] = ours(_classes(rules["required"], where, "required", package))
    if "message" in rules:
        part["message"] = _message(rules["message"], where, package)
    if "score" in rules:
        found.notes.append(
            _("{submission}: the score of test data group {group} is not checked (only the submission's)").format(
                submission=found.relative, group=repr(group)
            )
        )
    if len(part) > 1:
        found.entry.setdefault("test_groups", []).append(part)


def _message(value: object, pattern: str, package: Path) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(
            package / "submissions" / "submissions.yaml",
            f"{pattern}.message",
            _("expected a text, got {value}").format(value=repr(value)),
        )
    return value


def _conclude(folder: str, found: _Found, partial_range: tuple[float, float] | None) -> Expected | str:
    """The folder and expected.yaml entry from what the sources said."""
    entry = found.entry
    if found.permitted is not None or found.required is not None:
        if found.permitted is not None:
            entry["permitted"] = ours(found.permitted)
        if found.required is not None:
            entry["required"] = ours(found.required)
        if found.classes is None and not entry.get("verdicts"):
            if found.required:
                found.classes = [found.required[0]]
            elif found.permitted == ["AC"]:
                found.classes = ["AC"]
            else:
                entry["verdicts"] = list(dict.fromkeys(["AC", *REJECTED]))
    if folder in PARTIAL_FOLDERS and found.classes is None:
        if "score" not in entry:
            if partial_range is None:
                return _("a partially accepted submission of a pass-fail problem (no score to expect)")
            entry["score"] = [_number(partial_range[0]), _number(partial_range[1])]
        entry["verdicts"] = list(REJECTED)
    if found.classes is not None:
        codes = ours(found.classes)
        if len(codes) > 1:
            entry["verdicts"] = codes
        folder_code = codes[0]
    elif entry.get("verdicts"):
        folder_code = entry["verdicts"][0]
    else:
        return _("its folder names no verdict and nothing else says one")
    return Expected(folder_code.lower(), entry, str(found.language) if found.language else None, found.notes)


def _classes(value: object, pattern: str, key: str, package: Path) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.upper() in KATTIS_CLASSES for v in items):
        raise ConfigError(
            package / "submissions" / "submissions.yaml",
            f"{pattern}.{key}",
            _("expected a list of {classes}, got {value}").format(classes=", ".join(KATTIS_CLASSES), value=repr(value)),
        )
    return [v.upper() for v in items]


def _score(value: object, pattern: str, package: Path) -> float | list[float]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value)
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return [_number(v) for v in value]
    raise ConfigError(
        package / "submissions" / "submissions.yaml",
        f"{pattern}.score",
        _("expected a number or [low, high], got {value}").format(value=repr(value)),
    )


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 6)
