"""Polygon packages (problem.xml) -> our problem folder.

- names -> title; the `tests` testset: time-limit (ms), memory-limit (bytes), tests from
  input-path-pattern / answer-path-pattern (tests/01 and tests/01.a), `sample="true"` tests
  into tests/sample (names keep their number: sample/01, secret/02, ...).
- groups: `complete-group` -> scoring all (points: the group's, else the sum of its tests');
  `each-test` -> scoring each; a group whose tests carry different points becomes one group
  per test. Tests with points but no groups: one group, or one per test when the points
  differ. No points at all: our default groups. Group dependencies are not imported.
- checker: a standard one (std::wcmp.cpp, ncmp, rcmp4/6/9, yesno, ...) -> `tokens` with the
  matching options; any other -> `external` with protocol testlib: its source and the
  testlib.h of the package (files/testlib.h or next to the source) are copied to checker/.
- solutions by tag: main/accepted -> ac, wrong-answer -> wa, presentation-error -> pe,
  time-limit-exceeded -> tle, memory-limit-exceeded -> mle, failed -> re; tags that allow
  several verdicts (rejected, time-limit-exceeded-or-accepted, ...) are skipped.

Refused: interactive problems (an interactor), file input/output (input-file/output-file).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from judge.errors import ConfigError
from judge.importers.common import INTERACTIVE, GroupSpec, ProblemBuilder, format_bytes, format_seconds

TAGS = {
    "main": "ac",
    "accepted": "ac",
    "wrong-answer": "wa",
    "presentation-error": "pe",
    "time-limit-exceeded": "tle",
    "memory-limit-exceeded": "mle",
    "failed": "re",
    "runtime-error": "re",
}
# Standard testlib checkers that our built-in checkers reproduce.
STANDARD = {
    "wcmp": {"case_sensitive": True},
    "ncmp": {"case_sensitive": True},
    "rcmp": {"case_sensitive": True, "float_tolerance": 1.5e-6},
    "rcmp4": {"case_sensitive": True, "float_tolerance": 1e-4},
    "rcmp6": {"case_sensitive": True, "float_tolerance": 1e-6},
    "rcmp9": {"case_sensitive": True, "float_tolerance": 1e-9},
    "yesno": {"case_sensitive": False},
    "nyesno": {"case_sensitive": False},
}
LANGUAGES = {"english": "en", "russian": "ru", "ukrainian": "uk", "spanish": "es",
             "french": "fr", "german": "de", "chinese": "zh", "portuguese": "pt"}
_INCLUDE_TESTLIB = re.compile(r'#\s*include\s*[<"]testlib\.h[>"]')


def convert(source: Path, builder: ProblemBuilder, config: Any) -> None:
    xml_path = source / "problem.xml" if source.is_dir() else source
    root_dir = xml_path.parent
    if not xml_path.is_file():
        raise ConfigError(xml_path, None, "missing: not a Polygon package (unzip it first)")
    try:
        problem = ET.parse(xml_path).getroot()
    except ET.ParseError as error:
        raise ConfigError(xml_path, None, f"invalid XML: {error}") from None

    def fail(field: str, text: str) -> ConfigError:
        return ConfigError(xml_path, field, text)

    judging = problem.find("judging")
    if judging is None:
        raise fail("judging", "missing")
    for attribute in ("input-file", "output-file"):
        if (judging.get(attribute) or "").strip() not in ("", "stdin", "stdout"):
            raise fail(f"judging.{attribute}", "file input/output is not supported: solutions "
                                               "read stdin and write stdout")
    assets = problem.find("assets")
    if assets is not None and assets.find("interactor") is not None:
        raise fail("assets.interactor", INTERACTIVE)
    testsets = judging.findall("testset")
    testset = next((t for t in testsets if t.get("name") == "tests"), testsets[0] if testsets else None)
    if testset is None:
        raise fail("judging.testset", "missing")

    builder.title = _title(problem, root_dir)
    builder.origin = f"Polygon package {problem.get('short-name') or root_dir.name}" + \
        (f" ({problem.get('url')})" if problem.get("url") else "")
    builder.limits = _limits(testset, fail)

    tests = testset.find("tests")
    elements = tests.findall("test") if tests is not None else []
    if not elements:
        raise fail("judging.testset.tests", "no tests")
    input_pattern = (testset.findtext("input-path-pattern") or "tests/%02d").strip()
    answer_pattern = (testset.findtext("answer-path-pattern") or "tests/%02d.a").strip()
    width = max(2, len(str(len(elements))))
    checker = _checker(assets, root_dir, builder, fail)
    members: dict[str, list[tuple[str, float | None]]] = {}   # group -> [(test, points)]
    order: list[str] = []
    for index, element in enumerate(elements, 1):
        try:
            input_path = root_dir / (input_pattern % index)
            answer_path = root_dir / (answer_pattern % index)
        except (TypeError, ValueError):
            raise fail("judging.testset.input-path-pattern", f"expected a pattern like tests/%02d, "
                                                             f"got {input_pattern!r}") from None
        if not input_path.is_file():
            raise ConfigError(input_path, None, f"missing: the input of test {index} (a generated "
                                                f"test? download the full package or run doall.sh)")
        if not answer_path.is_file():
            raise ConfigError(answer_path, None, f"missing: the answer of test {index} (run doall.sh "
                                                 f"in the package first)")
        kind = "sample" if element.get("sample") == "true" else "secret"
        test = builder.add_test(kind, f"{index:0{width}d}", input_path, answer_path,
                                checker=checker, origin=str(input_path))
        points = element.get("points")
        group = element.get("group")
        key = group if group is not None else ""
        if key not in members:
            members[key] = []
            order.append(key)
        members[key].append((test.name, _float(points, fail, f"test {index} points")))
    builder.groups = _groups(testset, members, order, fail, builder)
    _solutions(assets, root_dir, builder)


def _title(problem: ET.Element, root_dir: Path) -> dict[str, str]:
    title: dict[str, str] = {}
    names = problem.find("names")
    for name in names.findall("name") if names is not None else []:
        language = name.get("language", "english")
        if name.get("value"):
            title[LANGUAGES.get(language, language)] = name.get("value", "")
    return title or {"en": problem.get("short-name") or root_dir.name}


def _limits(testset: ET.Element, fail: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    time_ms = testset.findtext("time-limit")
    if time_ms:
        value = _float(time_ms, fail, "judging.testset.time-limit")
        out["time"] = format_seconds(value / 1000)
    memory = testset.findtext("memory-limit")
    if memory:
        value = _float(memory, fail, "judging.testset.memory-limit")
        out["memory"] = format_bytes(int(value))
    return out


def _float(text: str | None, fail: Any, field: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise fail(field, f"expected a number, got {text!r}") from None
    if value < 0:
        raise fail(field, f"expected a number >= 0, got {text!r}")
    return value


def _groups(testset: ET.Element, members: dict[str, list[tuple[str, float | None]]],
            order: list[str], fail: Any, builder: ProblemBuilder) -> list[GroupSpec] | None:
    declared: dict[str, ET.Element] = {}
    groups_element = testset.find("groups")
    for element in groups_element.findall("group") if groups_element is not None else []:
        declared[element.get("name", "")] = element
        if element.find("dependencies") is not None:
            builder.note(f"group {element.get('name')}: dependencies are not imported (our groups "
                         f"are scored independently)")
    any_points = any(p is not None for tests in members.values() for _, p in tests) or any(
        e.get("points") for e in declared.values())
    if not any_points:   # our default groups (groups without points say nothing about scores)
        if order != [""]:
            builder.note("the groups have no points: our default groups apply (the secret tests "
                         "share 100 points)")
        return None
    out: list[GroupSpec] = []
    for key in order:
        tests = members[key]
        name = key or "tests"
        element = declared.get(key)
        policy = element.get("points-policy", "each-test") if element is not None else "each-test"
        group_points = _float(element.get("points"), fail, f"group {key} points") \
            if element is not None else None
        test_points = [p or 0.0 for _, p in tests]
        if policy == "complete-group":
            total = group_points if group_points is not None else sum(test_points)
            out.append(GroupSpec(name, [t for t, _ in tests], total, "all"))
        elif policy == "each-test":
            if group_points is not None and all(p is None for _, p in tests):
                out.append(GroupSpec(name, [t for t, _ in tests], group_points, "each"))
            elif len(set(test_points)) <= 1:
                out.append(GroupSpec(name, [t for t, _ in tests], sum(test_points), "each"))
            else:   # our groups split their points evenly: one group per test
                for test, points in tests:
                    out.append(GroupSpec(f"{name}-{test.split('/')[1]}", [test], points or 0.0))
        else:
            raise fail(f"group {key}", f"unknown points-policy {policy!r}")
    return out


def _checker(assets: ET.Element | None, root_dir: Path, builder: ProblemBuilder,
             fail: Any) -> dict[str, Any]:
    element = assets.find("checker") if assets is not None else None
    if element is None:
        builder.checker_name = "tokens"
        builder.note("no checker in problem.xml: tokens (like std::wcmp)")
        return {"case_sensitive": True}
    name = element.get("name") or ""
    match = re.fullmatch(r"std::(\w+)\.cpp", name)
    if match and match.group(1) in STANDARD:
        builder.checker_name = "tokens"
        if match.group(1) in ("ncmp", "yesno", "nyesno"):
            builder.note(f"checker {name} is approximated by tokens (it compares numbers/answers "
                         f"as words)")
        return dict(STANDARD[match.group(1)])
    source_element = element.find("source")
    if source_element is None or not source_element.get("path"):
        raise fail("assets.checker.source", "missing: the checker's source path")
    source = root_dir / source_element.get("path", "")
    if not source.is_file():
        raise ConfigError(source, None, "missing: the checker's source")
    if source.suffix not in (".cpp", ".cc"):
        raise fail("assets.checker.source", f"only C++ checkers are supported, got {source.name}")
    text = source.read_text(encoding="utf-8", errors="replace")
    target = "checker/check.cpp"
    if _INCLUDE_TESTLIB.search(text):
        header = next((p for p in (source.parent / "testlib.h", root_dir / "files" / "testlib.h",
                                   root_dir / "testlib.h") if p.is_file()), None)
        if header is None:
            raise fail("assets.checker.source", f"{source.name} includes testlib.h but the package "
                                                f"has none (files/testlib.h or next to the checker)")
        builder.add_file("checker/testlib.h", header)
        # <testlib.h> is looked up on the include path only: point it at the copy next to it.
        text = _INCLUDE_TESTLIB.sub('#include "testlib.h"', text)
        builder.add_file(target, text.encode("utf-8"))
    else:
        builder.add_file(target, source)
    builder.checker_name = "external"
    return {"program": target, "protocol": "testlib"}


def _solutions(assets: ET.Element | None, root_dir: Path, builder: ProblemBuilder) -> None:
    solutions = assets.find("solutions") if assets is not None else None
    if solutions is None:
        builder.note("no solutions in problem.xml: nothing for `judge validate` to run")
        return
    for element in solutions.findall("solution"):
        tag = element.get("tag", "")
        source = element.find("source")
        path = root_dir / source.get("path", "") if source is not None else None
        shown = source.get("path", "?") if source is not None else "?"
        verdict = TAGS.get(tag)
        if verdict is None:
            builder.note(f"skipped solution {shown}: tag {tag!r} does not name one verdict")
            continue
        if path is None or not path.is_file():
            builder.note(f"skipped solution {shown}: file not found")
            continue
        builder.add_solution(verdict, path, shown=shown)
