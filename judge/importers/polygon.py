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

- languages: names/name (english, russian) -> title {en, ru}; the statements in Russian and
  English (statements/<language>/problem-properties.json, else the problem.tex of a
  `<statement type="application/x-tex">`) -> statement.md, Russian, `---`, English, each with
  its examples (LaTeX converted to Markdown roughly). Other languages are left out with a note.

Refused: interactive problems (an interactor), file input/output (input-file/output-file).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, overload

from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.importers.common import (
    INTERACTIVE,
    GroupSpec,
    ProblemBuilder,
    examples_markdown,
    format_bytes,
    format_seconds,
    heading,
    tex_to_markdown,
)

if TYPE_CHECKING:
    from judge.core.config import Config
    from judge.importers.common import Fail

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
# Standard testlib checkers that our built-in checkers reproduce (the tokens checker's options).
STANDARD: dict[str, dict[str, object]] = {
    "wcmp": {"case_sensitive": True},
    "ncmp": {"case_sensitive": True},
    "rcmp": {"case_sensitive": True, "float_tolerance": 1.5e-6},
    "rcmp4": {"case_sensitive": True, "float_tolerance": 1e-4},
    "rcmp6": {"case_sensitive": True, "float_tolerance": 1e-6},
    "rcmp9": {"case_sensitive": True, "float_tolerance": 1e-9},
    "yesno": {"case_sensitive": False},
    "nyesno": {"case_sensitive": False},
}
LANGUAGES = {
    "english": "en",
    "russian": "ru",
    "ukrainian": "uk",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "chinese": "zh",
    "portuguese": "pt",
}
_INCLUDE_TESTLIB = re.compile(r'#\s*include\s*[<"]testlib\.h[>"]')


def convert(source: Path, builder: ProblemBuilder, config: Config) -> None:
    xml_path = source / "problem.xml" if source.is_dir() else source
    root_dir = xml_path.parent
    if not xml_path.is_file():
        raise ConfigError(xml_path, None, _("missing: not a Polygon package (unzip it first)"))
    try:
        problem = ET.parse(xml_path).getroot()
    except ET.ParseError as error:
        raise ConfigError(xml_path, None, _("invalid XML: {error}").format(error=error)) from None

    def fail(field: str, text: str) -> ConfigError:
        return ConfigError(xml_path, field, text)

    judging = problem.find("judging")
    if judging is None:
        raise fail("judging", _("missing"))
    for attribute in ("input-file", "output-file"):
        if (judging.get(attribute) or "").strip() not in ("", "stdin", "stdout"):
            raise fail(
                f"judging.{attribute}", _("file input/output is not supported: solutions read stdin and write stdout")
            )
    assets = problem.find("assets")
    if assets is not None and assets.find("interactor") is not None:
        raise fail("assets.interactor", _(INTERACTIVE))
    testsets = judging.findall("testset")
    testset = next((t for t in testsets if t.get("name") == "tests"), testsets[0] if testsets else None)
    if testset is None:
        raise fail("judging.testset", _("missing"))

    builder.set_title(_title(problem, root_dir), f"{xml_path.name}: names")
    name = problem.get("short-name") or root_dir.name
    url = f" ({problem.get('url')})" if problem.get("url") else ""
    # Written into problem.yaml in both languages, whatever language the user speaks.
    builder.origin = {"ru": f"пакет Polygon {name}{url}", "en": f"Polygon package {name}{url}"}
    builder.limits = dict(_limits(testset, fail))

    checker = _checker(assets, root_dir, builder, fail)
    members, order = _tests(testset, root_dir, checker, builder, fail)
    builder.groups = _groups(testset, members, order, fail, builder)
    _solutions(assets, root_dir, builder)
    _statements(problem, root_dir, builder)


def _tests(
    testset: ET.Element, root_dir: Path, checker: dict[str, object], builder: ProblemBuilder, fail: Fail
) -> tuple[dict[str, list[tuple[str, float | None]]], list[str]]:
    """The testset's tests into the builder: (group -> [(test, points)], the groups in order)."""
    tests = testset.find("tests")
    elements = tests.findall("test") if tests is not None else []
    if not elements:
        raise fail("judging.testset.tests", _("no tests"))
    input_pattern = (testset.findtext("input-path-pattern") or "tests/%02d").strip()
    answer_pattern = (testset.findtext("answer-path-pattern") or "tests/%02d.a").strip()
    width = max(2, len(str(len(elements))))
    members: dict[str, list[tuple[str, float | None]]] = {}  # group -> [(test, points)]
    order: list[str] = []
    for index, element in enumerate(elements, 1):
        try:
            input_path = root_dir / (input_pattern % index)
            answer_path = root_dir / (answer_pattern % index)
        except (TypeError, ValueError):
            raise fail(
                "judging.testset.input-path-pattern",
                _("expected a pattern like tests/%02d, got {value}").format(value=repr(input_pattern)),
            ) from None
        if not input_path.is_file():
            raise ConfigError(
                input_path,
                None,
                _(
                    "missing: the input of test {index} (a generated test? download the full package or run doall.sh)"
                ).format(index=index),
            )
        if not answer_path.is_file():
            raise ConfigError(
                answer_path,
                None,
                _("missing: the answer of test {index} (run doall.sh in the package first)").format(index=index),
            )
        kind = "sample" if element.get("sample") == "true" else "secret"
        test = builder.add_test(
            kind, f"{index:0{width}d}", input_path, answer_path, checker=checker, origin=str(input_path)
        )
        points = element.get("points")
        group = element.get("group")
        key = group if group is not None else ""
        if key not in members:
            members[key] = []
            order.append(key)
        members[key].append((test.name, _float(points, fail, f"test {index} points")))
    return members, order


def _title(problem: ET.Element, root_dir: Path) -> dict[str, str]:
    title: dict[str, str] = {}
    names = problem.find("names")
    for name in names.findall("name") if names is not None else []:
        language = name.get("language", "english")
        if name.get("value"):
            title[LANGUAGES.get(language, language)] = name.get("value", "")
    return title or {"en": problem.get("short-name") or root_dir.name}


# -- statements ---------------------------------------------------------------------------

_SECTIONS = ("input", "output", "interaction", "scoring")
_TEX_SECTIONS = {
    r"\InputFile": "input",
    r"\OutputFile": "output",
    r"\Interaction": "interaction",
    r"\Scoring": "scoring",
    r"\Notes": "notes",
    r"\Note": "notes",
}


def _statements(problem: ET.Element, root_dir: Path, builder: ProblemBuilder) -> None:
    """statement.md from the statements in Russian and English: each language's
    problem-properties.json (legend, input, output, notes, samples), else its problem.tex."""
    element = problem.find("statements")
    by_language: dict[str, list[ET.Element]] = {}
    for statement in element.findall("statement") if element is not None else []:
        by_language.setdefault(statement.get("language", "english"), []).append(statement)
    for language, statements in by_language.items():
        lang = LANGUAGES.get(language, language)
        folders = [(root_dir / s.get("path", "")).parent for s in statements if s.get("path")]
        folders.append(root_dir / "statements" / language)
        properties = next(
            (f / "problem-properties.json" for f in folders if (f / "problem-properties.json").is_file()), None
        )
        tex = next(
            (
                root_dir / s.get("path", "")
                for s in statements
                if s.get("type") == "application/x-tex" and s.get("path") and (root_dir / s.get("path", "")).is_file()
            ),
            None,
        )
        if properties is not None:
            markdown, shown = _from_properties(properties, lang, builder), properties
        elif tex is not None:
            markdown, shown = _from_tex(tex, lang, builder), tex
        else:
            builder.note(
                _(
                    "the statement in {language} is not imported: only problem-properties.json "
                    "and LaTeX statements are read"
                ).format(language=language)
            )
            continue
        relative = shown.relative_to(root_dir).as_posix()
        builder.add_statement(lang, markdown, relative)
        if builder.statements.get(lang) is markdown:
            builder.note(
                _("statement.md: the {lang} part is {file} converted from LaTeX to Markdown roughly: check it").format(
                    lang=lang, file=relative
                )
            )


def _from_properties(path: Path, lang: str, builder: ProblemBuilder) -> str:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(path, None, _("invalid JSON: {error}").format(error=error)) from None
    if not isinstance(data, dict):
        raise ConfigError(path, None, _("expected an object"))

    def text(key: str) -> str:
        value = data.get(key)
        return tex_to_markdown(value).strip() if isinstance(value, str) and value.strip() else ""

    title = builder.title.get(lang) or text("name") or next(iter(builder.title.values()), "")
    out = [f"# {title}"]
    if text("legend"):
        out.append(text("legend"))
    for key in _SECTIONS:
        if text(key):
            out += [f"## {heading(lang, key)}", text(key)]
    samples = [
        (str(s.get("input", "")), str(s.get("output", "")))
        for s in data.get("sampleTests") or []
        if isinstance(s, dict)
    ]
    if samples:
        out.append(examples_markdown(lang, samples))
    if text("notes"):
        out += [f"## {heading(lang, 'notes')}", text("notes")]
    return "\n\n".join(out) + "\n"


def _from_tex(path: Path, lang: str, builder: ProblemBuilder) -> str:
    tex = path.read_text(encoding="utf-8", errors="replace")
    begin = re.search(r"\\begin\{problem\}\{([^{}]*)\}", tex)
    title = (
        builder.title.get(lang) or (begin.group(1).strip() if begin else "") or next(iter(builder.title.values()), "")
    )
    samples: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"\\exmp(file)?\{", tex):
        if spans and match.start() < spans[-1][1]:
            continue
        first, end = _braced(tex, match.end() - 1)
        second, end = _braced(tex, end) if end < len(tex) and tex[end] == "{" else ("", end)
        spans.append((match.start(), end))
        if match.group(1):  # \exmpfile{example.01}{example.01.a}: files next to the statement
            files = [path.parent / first.strip(), path.parent / second.strip()]
            if all(f.is_file() for f in files):
                given, expected = (f.read_text(encoding="utf-8", errors="replace") for f in files)
                samples.append((given, expected))
        else:
            samples.append((first.lstrip("\n"), second.lstrip("\n")))
    # The examples are rebuilt below, after the rest of the statement.
    body = "".join(
        tex[start:end] for start, end in zip([0] + [e for _s, e in spans], [s for s, _e in spans] + [len(tex)])
    )
    body = re.sub(r"\\(?:begin|end)\{examples?\}|\\Examples?(?![a-zA-Z])", "", body)
    parts = re.split(r"(\\Notes?(?![a-zA-Z]))", body, maxsplit=1)
    sections = {command: heading(lang, key) for command, key in _TEX_SECTIONS.items() if key != "notes"}
    out = [f"# {title}", tex_to_markdown(parts[0], sections).strip()]
    if samples:
        out.append(examples_markdown(lang, samples))
    if len(parts) == 3 and parts[2].strip():
        notes = tex_to_markdown(parts[2], sections).strip()
        if notes:
            out += [f"## {heading(lang, 'notes')}", notes]
    return "\n\n".join(o for o in out if o) + "\n"


def _braced(text: str, start: int) -> tuple[str, int]:
    """The contents of the {...} group that opens at `start`, and the index after it."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
    return text[start + 1 :], len(text)


def _limits(testset: ET.Element, fail: Fail) -> dict[str, str]:
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


# A text gives a number or fails: only a missing one (None) gives None.
@overload
def _float(text: str, fail: Fail, field: str) -> float: ...
@overload
def _float(text: str | None, fail: Fail, field: str) -> float | None: ...


def _float(text: str | None, fail: Fail, field: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise fail(field, _("expected a number, got {value}").format(value=repr(text))) from None
    if value < 0:
        raise fail(field, _("expected a number >= 0, got {value}").format(value=repr(text)))
    return value


def _groups(
    testset: ET.Element,
    members: dict[str, list[tuple[str, float | None]]],
    order: list[str],
    fail: Fail,
    builder: ProblemBuilder,
) -> list[GroupSpec] | None:
    declared: dict[str, ET.Element] = {}
    groups_element = testset.find("groups")
    for element in groups_element.findall("group") if groups_element is not None else []:
        declared[element.get("name", "")] = element
        if element.find("dependencies") is not None:
            builder.note(
                _("group {group}: dependencies are not imported (our groups are scored independently)").format(
                    group=element.get("name")
                )
            )
    any_points = any(p is not None for tests in members.values() for _test, p in tests) or any(
        e.get("points") for e in declared.values()
    )
    if not any_points:  # our default groups (groups without points say nothing about scores)
        if order != [""]:
            builder.note(_("the groups have no points: our default groups apply (the secret tests share 100 points)"))
        return None
    out: list[GroupSpec] = []
    for key in order:
        tests = members[key]
        name = key or "tests"
        group_element = declared.get(key)
        policy = group_element.get("points-policy", "each-test") if group_element is not None else "each-test"
        group_points = (
            _float(group_element.get("points"), fail, f"group {key} points") if group_element is not None else None
        )
        test_points = [p or 0.0 for _test, p in tests]
        if policy == "complete-group":
            total = group_points if group_points is not None else sum(test_points)
            out.append(GroupSpec(name, [t for t, _points in tests], total, "all"))
        elif policy == "each-test":
            if group_points is not None and all(p is None for _test, p in tests):
                out.append(GroupSpec(name, [t for t, _points in tests], group_points, "each"))
            elif len(set(test_points)) <= 1:
                out.append(GroupSpec(name, [t for t, _points in tests], sum(test_points), "each"))
            else:  # our groups split their points evenly: one group per test
                for test, points in tests:
                    out.append(GroupSpec(f"{name}-{test.split('/')[1]}", [test], points or 0.0))
        else:
            raise fail(f"group {key}", _("unknown points-policy {value}").format(value=repr(policy)))
    return out


def _checker(assets: ET.Element | None, root_dir: Path, builder: ProblemBuilder, fail: Fail) -> dict[str, object]:
    element = assets.find("checker") if assets is not None else None
    if element is None:
        builder.checker_name = "tokens"
        builder.note(_("no checker in problem.xml: tokens (like std::wcmp)"))
        return {"case_sensitive": True}
    name = element.get("name") or ""
    match = re.fullmatch(r"std::(\w+)\.cpp", name)
    if match and match.group(1) in STANDARD:
        builder.checker_name = "tokens"
        if match.group(1) in ("ncmp", "yesno", "nyesno"):
            builder.note(
                _("checker {name} is approximated by tokens (it compares numbers/answers as words)").format(name=name)
            )
        return dict(STANDARD[match.group(1)])
    source_element = element.find("source")
    if source_element is None or not source_element.get("path"):
        raise fail("assets.checker.source", _("missing: the checker's source path"))
    source = root_dir / source_element.get("path", "")
    if not source.is_file():
        raise ConfigError(source, None, _("missing: the checker's source"))
    if source.suffix not in (".cpp", ".cc"):
        raise fail("assets.checker.source", _("only C++ checkers are supported, got {file}").format(file=source.name))
    text = source.read_text(encoding="utf-8", errors="replace")
    target = "checker/check.cpp"
    if _INCLUDE_TESTLIB.search(text):
        header = next(
            (
                p
                for p in (source.parent / "testlib.h", root_dir / "files" / "testlib.h", root_dir / "testlib.h")
                if p.is_file()
            ),
            None,
        )
        if header is None:
            raise fail(
                "assets.checker.source",
                _("{file} includes testlib.h but the package has none (files/testlib.h or next to the checker)").format(
                    file=source.name
                ),
            )
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
        builder.note(_("no solutions in problem.xml: nothing for `judge validate` to run"))
        return
    for element in solutions.findall("solution"):
        tag = element.get("tag", "")
        source = element.find("source")
        path = root_dir / source.get("path", "") if source is not None else None
        shown = source.get("path", "?") if source is not None else "?"
        verdict = TAGS.get(tag)
        if verdict is None:
            builder.note(
                _("skipped solution {solution}: tag {tag} does not name one verdict").format(
                    solution=shown, tag=repr(tag)
                )
            )
            continue
        if path is None or not path.is_file():
            builder.note(_("skipped solution {solution}: file not found").format(solution=shown))
            continue
        builder.add_solution(verdict, path, shown=shown)
