"""An ejudge problem folder -> our problem folder.

Tests: in DIR/tests/ (or DIR itself, or the config's test_dir/corr_dir), named NNN.dat + NNN.ans
(ejudge's usual test_sfx/corr_sfx), NN + NN.a (Polygon style) or NN.in + NN.out/NN.ans, or as
the config's test_pat/corr_pat say ("%03d.dat"). ejudge has no sample tests: every test is
imported as a secret test (tests/secret/NNN), sharing 100 points (our default groups) unless
the config gives test_score / full_score... which are not imported (the points are ours).

Config (optional): serve.cfg or problem.cfg in DIR; the [problem] section whose short_name or
internal_name is the folder's name, or the only one. Keys used: long_name/short_name (title),
time_limit (s), time_limit_millis, real_time_limit (s, the wall limit), max_vm_size (memory),
standard_checker (see STANDARD), checker_env (EPS for cmp_double), check_cmd (a testlib
checker whose source check.cpp/check.cc is in DIR, with testlib.h next to it).
Without a config the checker is `tokens` (case-sensitive, like ejudge's cmp_file_nospace).

Languages: ejudge has one name per problem: the title is Russian when it is written in Cyrillic,
else English; ejudge statements (XML) are not imported.

Solutions (an extension: ejudge keeps none of its own): DIR/solutions/<file> is a reference
solution (ac); DIR/solutions/<verdict>/<file> (ac, wa, ..., or Kattis folder names) expects
that verdict.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from judge.core.errors import ConfigError
from judge.core.i18n import _, ngettext
from judge.core.units import parse_size
from judge.core.verdicts import parse_verdict
from judge.importers.common import (
    INTERACTIVE,
    VERDICT_FOLDERS,
    ProblemBuilder,
    format_bytes,
    format_seconds,
    has_cyrillic,
)

if TYPE_CHECKING:
    from judge.core.config import Config
    from judge.importers.common import Fail

CONFIG_FILES = ("serve.cfg", "problem.cfg")
INTEGERS = (
    "cmp_int",
    "cmp_int_seq",
    "cmp_long_long",
    "cmp_long_long_seq",
    "cmp_unsigned_int",
    "cmp_unsigned_int_seq",
    "cmp_unsigned_long_long",
    "cmp_unsigned_long_long_seq",
    "cmp_huge_int",
    "cmp_file_nospace",
)
DOUBLES = ("cmp_double", "cmp_double_seq", "cmp_long_double", "cmp_long_double_seq")
FORMS = (
    (re.compile(r"^(\d+)\.dat$"), (".ans", ".a")),
    (re.compile(r"^(\d+)$"), (".a", ".ans")),
    (re.compile(r"^(\d+)\.in$"), (".out", ".ans", ".a")),
)
_INCLUDE_TESTLIB = re.compile(r'#\s*include\s*[<"]testlib\.h[>"]')


def convert(source: Path, builder: ProblemBuilder, config: Config) -> None:
    if not source.is_dir():
        raise ConfigError(source, None, _("expected an ejudge problem folder"))
    cfg, cfg_file = _config(source)

    def fail(key: str, text: str) -> ConfigError:
        return ConfigError(cfg_file, key, text)

    if cfg.get("interactor_cmd"):
        raise fail("interactor_cmd", _(INTERACTIVE))
    if cfg.get("use_stdin") == "0" or cfg.get("input_file"):
        raise fail("use_stdin", _("file input is not supported: solutions read stdin"))
    if cfg.get("use_stdout") == "0" or cfg.get("output_file"):
        raise fail("use_stdout", _("file output is not supported: solutions write stdout"))
    name = cfg.get("long_name") or cfg.get("short_name") or source.name
    builder.title = {"ru" if has_cyrillic(name) else "en": name}
    short = cfg.get("short_name") or source.name
    # Written into problem.yaml in both languages, whatever language the user speaks.
    builder.origin = {"ru": f"задача ejudge {short}", "en": f"ejudge problem {short}"}
    builder.limits = dict(_limits(cfg, fail))
    checker = _checker(cfg, source, builder, fail)
    tests = _tests(source, cfg, fail)
    if not tests:
        raise ConfigError(
            source,
            None,
            _("no tests found (expected tests/001.dat + 001.ans, tests/01 + 01.a, or what test_pat/corr_pat say)"),
        )
    for stem, input_path, answer_path in tests:
        builder.add_test("secret", stem, input_path, answer_path, checker=checker, origin=str(input_path))
    builder.note(
        _(
            "ejudge has no sample tests: every test is imported as a secret test (move some "
            "to tests/sample/ to show them to students)"
        )
    )
    if cfg.get("test_score") or cfg.get("full_score"):
        builder.note(_("test_score/full_score are not imported: the secret tests share 100 points"))
    _solutions(source, builder)


def _config(folder: Path) -> tuple[dict[str, str], Path]:
    for name in CONFIG_FILES:
        path = folder / name
        if path.is_file():
            return _problem_section(path, folder.name), path
    return {}, folder


def _parse(path: Path) -> list[tuple[str, dict[str, str]]]:
    sections: list[tuple[str, dict[str, str]]] = [("", {})]
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        header = re.fullmatch(r"\[\s*(\w+)\s*\]", line)
        if header:
            sections.append((header.group(1), {}))
            continue
        if "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
        elif re.fullmatch(r"\w+", line):
            key, value = line, "1"  # a bare flag: `use_corr`
        else:
            raise ConfigError(path, f"line {number}", _("cannot read {text}").format(text=repr(raw.strip())))
        sections[-1][1][key] = value
    return sections


def _problem_section(path: Path, folder_name: str) -> dict[str, str]:
    sections = _parse(path)
    problems = [s for name, s in sections if name == "problem"]
    if not problems:
        return dict(sections[0][1]) if path.name == "problem.cfg" else {}
    concrete = [p for p in problems if p.get("abstract") != "1"]
    chosen = [p for p in concrete if folder_name in (p.get("short_name"), p.get("internal_name"))]
    if not chosen and len(concrete) == 1:
        chosen = concrete
    if len(chosen) != 1:
        raise ConfigError(
            path,
            "[problem]",
            # Never one problem here (a single one is taken whatever its name): "none is named",
            # whatever the form (Russian's "one" form is also 21's: «21 задача, и она…» was wrong).
            ngettext(
                "{count} problem here and none is named {name} (short_name or internal_name)",
                "{count} problems here and none is named {name} (short_name or internal_name)",
                len(concrete),
            ).format(count=len(concrete), name=repr(folder_name)),
        )
    problem = chosen[0]
    parent = problem.get("super")
    if parent:
        base = next((p for p in problems if p.get("short_name") == parent), None)
        if base is not None:
            problem = {**{k: v for k, v in base.items() if k not in ("abstract", "short_name")}, **problem}
    return problem


def _limits(cfg: dict[str, str], fail: Fail) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        if cfg.get("time_limit_millis"):
            out["time"] = format_seconds(float(cfg["time_limit_millis"]) / 1000)
        elif cfg.get("time_limit") and float(cfg["time_limit"]) > 0:
            out["time"] = format_seconds(float(cfg["time_limit"]))
        if cfg.get("real_time_limit") and float(cfg["real_time_limit"]) > 0:
            out["wall_time"] = format_seconds(float(cfg["real_time_limit"]))
    except ValueError as error:
        raise fail("time_limit", _("expected a number of seconds ({error})").format(error=error)) from None
    if cfg.get("max_vm_size"):
        try:
            out["memory"] = format_bytes(parse_size(cfg["max_vm_size"]))
        except ValueError as error:
            raise fail("max_vm_size", str(error)) from None
    return out


def _checker(cfg: dict[str, str], folder: Path, builder: ProblemBuilder, fail: Fail) -> dict[str, object]:
    standard = cfg.get("standard_checker")
    command = cfg.get("check_cmd")
    if standard:
        if standard in INTEGERS:
            builder.checker_name = "tokens"
            return {"case_sensitive": True}
        if standard in DOUBLES:
            eps = re.search(r"\bEPS=([^\s;,]+)", cfg.get("checker_env", ""))
            if not eps:
                raise fail(
                    "checker_env", _("{checker} needs EPS=... (the absolute error allowed)").format(checker=standard)
                )
            builder.checker_name = "tokens"
            try:
                return {"case_sensitive": True, "float_absolute_tolerance": float(eps.group(1))}
            except ValueError:
                raise fail(
                    "checker_env", _("EPS: expected a number, got {value}").format(value=repr(eps.group(1)))
                ) from None
        if standard == "cmp_yesno":
            builder.checker_name = "tokens"
            return {"case_sensitive": False}
        if standard == "cmp_bytes":
            builder.checker_name = "exact"
            return {}
        if standard == "cmp_file":
            builder.checker_name = "lines"
            builder.note(
                _("cmp_file is approximated by `lines` (trailing spaces and blank lines at the end are ignored)")
            )
            return {}
        raise fail(
            "standard_checker",
            _("{checker} is not supported (supported: {known})").format(
                checker=repr(standard), known=", ".join(INTEGERS + DOUBLES + ("cmp_yesno", "cmp_bytes", "cmp_file"))
            ),
        )
    if command:
        stem = Path(command).name
        source = next((folder / f"{stem}{s}" for s in (".cpp", ".cc") if (folder / f"{stem}{s}").is_file()), None)
        if source is None:
            raise fail(
                "check_cmd",
                _("the checker's source {file} was not found in {folder}").format(file=f"{stem}.cpp", folder=folder),
            )
        text = source.read_text(encoding="utf-8", errors="replace")
        if not _INCLUDE_TESTLIB.search(text):
            raise fail(
                "check_cmd",
                _("{file} is not a testlib checker: only testlib checkers are supported").format(file=source.name),
            )
        header = folder / "testlib.h"
        if not header.is_file():
            raise fail(
                "check_cmd",
                _("{file} includes testlib.h but {folder} has none").format(file=source.name, folder=folder),
            )
        builder.add_file("checker/testlib.h", header)
        builder.add_file("checker/check.cpp", _INCLUDE_TESTLIB.sub('#include "testlib.h"', text).encode("utf-8"))
        builder.checker_name = "external"
        return {"program": "checker/check.cpp", "protocol": "testlib"}
    builder.checker_name = "tokens"
    return {"case_sensitive": True}


def _tests(folder: Path, cfg: dict[str, str], fail: Fail) -> list[tuple[str, Path, Path]]:
    tests_dir = (
        folder / cfg["test_dir"]
        if cfg.get("test_dir")
        else (folder / "tests" if (folder / "tests").is_dir() else folder)
    )
    corr_dir = folder / cfg["corr_dir"] if cfg.get("corr_dir") else tests_dir
    if cfg.get("test_pat") or cfg.get("test_sfx"):
        test_pat = cfg.get("test_pat") or "%03d" + cfg.get("test_sfx", "")
        corr_pat = cfg.get("corr_pat") or "%03d" + cfg.get("corr_sfx", "")
        out = []
        for number in range(1, 10000):
            try:
                input_path = tests_dir / (test_pat % number)
                answer_path = corr_dir / (corr_pat % number)
            except (TypeError, ValueError):
                raise fail(
                    "test_pat", _("expected a pattern like %03d.dat, got {value}").format(value=repr(test_pat))
                ) from None
            if not input_path.is_file():
                break
            if not answer_path.is_file():
                raise ConfigError(answer_path, None, _("missing: the answer of test {index}").format(index=number))
            out.append((input_path.name.split(".")[0] or f"{number:03d}", input_path, answer_path))
        return out
    if not tests_dir.is_dir():
        raise ConfigError(tests_dir, None, _("missing: the tests folder"))
    for pattern, answer_suffixes in FORMS:
        found = sorted(
            ((m.group(1), p) for p in tests_dir.iterdir() if p.is_file() and (m := pattern.match(p.name))),
            key=lambda t: int(t[0]),
        )
        if not found:
            continue
        out = []
        for stem, input_path in found:
            answer = next(
                (corr_dir / f"{stem}{s}" for s in answer_suffixes if (corr_dir / f"{stem}{s}").is_file()), None
            )
            if answer is None:
                raise ConfigError(
                    input_path, None, _("missing: its answer ({file})").format(file=f"{stem}{answer_suffixes[0]}")
                )
            out.append((stem, input_path, answer))
        return out
    return []


def _solutions(folder: Path, builder: ProblemBuilder) -> None:
    root = folder / "solutions"
    if not root.is_dir():
        builder.note(_("no solutions/: nothing for `judge validate` to run"))
        return
    for entry in sorted(p for p in root.iterdir() if not p.name.startswith(".")):
        if entry.is_file():
            builder.add_solution("ac", entry, shown=f"solutions/{entry.name}")
            continue
        try:
            verdict = parse_verdict(entry.name).value.lower()
        except ValueError:
            verdict = ""
        if verdict not in VERDICT_FOLDERS:
            builder.note(
                _("skipped solutions/{folder}/: not a verdict a solution can expect").format(folder=entry.name)
            )
            continue
        for path in sorted(p for p in entry.iterdir() if p.is_file() and not p.name.startswith(".")):
            builder.add_solution(verdict, path, shown=f"solutions/{entry.name}/{path.name}")
