"""`judge import FORMAT SOURCE DEST` (Kattis, Polygon, ejudge, GitHub Classroom) and compiled
C/C++ solutions: each package in tests/data/ imports, and `judge validate` then gives every
solution the verdict its folder names (C and C++ ones too: AC, WA, CE)."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from judge.checkers.base import CheckCase
from judge.checkers.regex import RegexChecker
from judge.core.config import Language, load_config
from judge.core.errors import ConfigError
from judge.core.verdicts import Verdict
from judge.importers import REGISTRY, importer
from judge.importers.classroom import exact_pattern, included_pattern, search_pattern
from judge.importers.common import patterns
from judge.importers.kattis import _names
from judge.problem import load_problem
from tests.conftest import ROOT, invoke_judge, run_judge, write

DATA = ROOT / "tests" / "data"
KATTIS = DATA / "kattis"
POLYGON = DATA / "polygon" / "aplusb"
EJUDGE = DATA / "ejudge" / "sumseq"
CLASSROOM = DATA / "classroom"

# (format, source, folder name) of every package `judge validate` must pass.
PACKAGES = [
    ("kattis", KATTIS / "floaty", "floaty"),
    ("kattis", KATTIS / "scored", "scored"),
    ("kattis", KATTIS / "groups", "groups"),
    ("kattis", KATTIS / "pyvalid", "pyvalid"),
    ("kattis", KATTIS / "cppvalid", "cppvalid"),
    ("kattis", KATTIS / "guess", "guess"),
    ("polygon", POLYGON, "aplusb"),
    ("ejudge", EJUDGE, "sumseq"),
    ("classroom", CLASSROOM / "hello" / ".github" / "classroom" / "autograding.json", "hello"),
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> dict[str, str]:
    return {"JUDGE_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}


@pytest.fixture(scope="module")
def imported(tmp_path_factory, cache) -> dict[str, tuple[Path, str, set[str]]]:
    """Every package imported once: name -> (folder, what `judge import` printed, solutions)."""
    out_dir = tmp_path_factory.mktemp("imported")
    result = {}
    for fmt, source, name in PACKAGES:
        r = invoke_judge("import", fmt, str(source), str(out_dir / name), env=cache)
        assert r.code == 0, f"{name}: {r.err}"
        result[name] = (out_dir / name, r.out, solutions(out_dir / name))
    # GitHub Classroom keeps no solutions: add known ones, as a teacher would.
    shutil.copytree(CLASSROOM / "solutions", out_dir / "hello" / "solutions")
    # A busy loop is TLE only when it gets at least half a core: on a loaded machine the
    # sandbox calls it ILE. Kattis's time limit covers both: the import expects either.
    return result


@pytest.fixture(scope="module")
def validated(imported, cache) -> dict[str, str]:
    """One `judge validate` over all imported problems: solution path -> its line."""
    folders = [str(folder) for folder, _, _ in imported.values()]
    # Every test of every solution: the tests below read the partial scores of wrong ones.
    r = run_judge("validate", *folders, "--all-tests", env=cache)
    lines = {}
    for line in r.out.splitlines():
        match = re.match(r"^(ok  |FAIL) (\S+): expected", line)
        if match:
            lines[match.group(2)] = line
    assert lines, r.out + r.err
    failed = [line for line in lines.values() if line.startswith("FAIL")]
    assert not failed and r.code == 0, "\n".join(failed) or r.err
    return lines


def solutions(folder: Path) -> set[str]:
    return {f"{p.parent.name}/{p.name}" for p in (folder / "solutions").glob("*/*")}


def problem_yaml(folder: Path) -> dict:
    return yaml.safe_load((folder / "problem.yaml").read_text())


def import_error(tmp_path: Path, fmt: str, source: Path) -> str:
    r = invoke_judge("import", fmt, str(source), str(tmp_path / "refused"))
    assert r.code == 2, r.out + r.err
    assert not (tmp_path / "refused").exists()
    assert not list(tmp_path.glob(".refused.import-*"))  # no half-written folder is left
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    return lines[0]


# -- Kattis ---------------------------------------------------------------------------------


@pytest.mark.portable  # parsing only
def test_registry_lists_the_formats():
    assert set(REGISTRY) == {"kattis", "domjudge", "polygon", "ejudge", "classroom"}
    assert hasattr(importer("kattis"), "convert")


@pytest.mark.process
def test_kattis_legacy_default_validator_with_float_tolerance(imported, validated):
    folder, printed, found = imported["floaty"]
    problem = load_problem(folder)
    assert problem.title == {"en": "Floaty mean"}
    assert problem.limits.time == 1.0  # from .timelimit
    assert problem.limits.memory == 512 * 1024**2  # limits.memory, MiB
    assert problem.checker == "tokens"
    assert problem.checker_options == {"case_sensitive": False, "float_tolerance": 1e-6}
    assert [t.name for t in problem.tests] == ["sample/1", "secret/01", "secret/02", "secret/03"]
    assert problem.hints[0].test == "secret/03"  # data/secret/03.hint
    assert (folder / "statement" / "problem.en.tex").is_file()
    assert found == {
        "ac/mean.py",
        "ac/shouting.py",
        "ac/mean.c",
        "wa/rounded.py",
        "wa/integer.cpp",
        "ce/typo.cpp",
        "tle/spin.py",
        "re/crash.c",
    }
    assert "Mean.java" in printed and "partially_accepted" in printed  # skipped, and said so
    for name in ("ac/mean.c", "ac/shouting.py", "wa/integer.cpp", "ce/typo.cpp", "re/crash.c"):
        assert validated[f"floaty/solutions/{name}"].startswith("ok")


@pytest.mark.process
def test_kattis_2025_scoring_groups_flatten_nested_folders(imported, validated):
    folder, _, found = imported["scored"]
    problem = load_problem(folder)
    assert problem.title == {"en": "Scored sum", "ru": "Сумма с баллами"}
    assert problem.limits.time == 1.5 and problem.limits.memory == 256 * 1024**2
    assert [t.name for t in problem.tests] == [
        "sample/01",
        "secret/group1-01",
        "secret/group1-02",
        "secret/group2-01",
        "secret/group2-02",
        "secret/group2-big-01",
        "secret/group2-big-02",
    ]
    groups = {g.name: (g.points, g.scoring, g.tests) for g in problem.groups}
    assert groups["sample"] == (0, "each", ("sample/01",))
    assert groups["group1"][:2] == (40, "all") and len(groups["group1"][2]) == 2
    assert groups["group2"][:2] == (60, "each") and len(groups["group2"][2]) == 4
    assert problem_yaml(folder)["groups"][1]["tests"] == "secret/group1-*"
    # secret/test_group.yaml says case_sensitive; the sample keeps Kattis's default.
    assert problem.checker_options == {"case_sensitive": True}
    sample = problem.tests[0]
    assert sample.checker_options == {"case_sensitive": False}
    assert problem.hints[0].test == "secret/group2-02"
    assert "(55/100)" in validated["scored/solutions/wa/int32.c"]  # group1 + 1 of 4 in group2
    assert "(0/100)" in validated["scored/solutions/wa/lowercase.py"]
    assert validated["scored/solutions/ce/missing.c"].startswith("ok")
    assert validated["scored/solutions/ac/sum.cpp"].startswith("ok")


@pytest.mark.process
def test_kattis_legacy_scoring_min_sum_avg(imported, validated):
    folder, _, found = imported["groups"]
    problem = load_problem(folder)
    groups = {g.name: (g.points, g.scoring) for g in problem.groups}
    # g1: accept_score 30, min -> all-or-nothing 30; g2: 20 per test, sum -> 40;
    # g3: avg of its two subfolders of 10 -> 5 each.
    assert groups == {
        "sample": (0, "each"),
        "g1": (30, "all"),
        "g2": (40, "each"),
        "g3-a": (5, "each"),
        "g3-b": (5, "each"),
    }
    assert "(80/80)" in validated["groups/solutions/ac/square.py"]
    assert "(55/80)" in validated["groups/solutions/wa/int32.cpp"]


@pytest.mark.process
def test_kattis_custom_python_validator(imported, validated):
    folder, _, found = imported["pyvalid"]
    problem = load_problem(folder)
    assert problem.checker == "external"
    assert problem.checker_options == {
        "program": "checker/validate.py",
        "protocol": "kattis",
        "args": ["positive", "distinct"],
    }
    assert (folder / "checker" / "validate.py").is_file()
    # validator_flags (problem.yaml) + output_validator_flags (data/secret/testdata.yaml)
    assert problem.tests[0].checker_options == {"args": ["positive"]}
    assert problem.limits.time == 2.0 and problem.limits.memory == 128 * 1024**2
    for name in ("ac/one_and_rest.py", "ac/halves.cpp", "wa/equal_halves.py", "wa/zero.py", "re/boom.py"):
        assert validated[f"pyvalid/solutions/{name}"].startswith("ok")


@pytest.mark.process
def test_kattis_custom_cpp_validator_with_its_header(imported, validated):
    folder, _, found = imported["cppvalid"]
    problem = load_problem(folder)
    assert problem.checker_options == {"program": "checker/validator.cpp", "protocol": "kattis"}
    assert (folder / "checker" / "validate.h").is_file()
    for name in ("ac/smallest.py", "ac/itself.c", "wa/one.cpp", "wa/two.py", "ce/undeclared.cpp"):
        assert validated[f"cppvalid/solutions/{name}"].startswith("ok")


@pytest.mark.process
def test_kattis_interactive_legacy_imports_and_validates(imported, validated):
    folder, printed, found = imported["guess"]
    problem = load_problem(folder)
    assert problem.interactive
    assert problem.checker == "external"
    assert problem.checker_options == {"program": "checker/interactor.py", "protocol": "kattis"}
    assert (folder / "checker" / "interactor.py").is_file()
    assert "the interactor of an interactive problem" in printed
    assert [t.name for t in problem.tests] == ["sample/1"] + [f"secret/{i}" for i in range(1, 6)]
    assert found == {"ac/bisect.py", "ac/bisect.cpp", "wa/linear.py", "wa/words.py", "tle/spin.py", "re/crash.py"}
    for name in found:
        assert validated[f"guess/solutions/{name}"].startswith("ok")
    assert "(20/100)" in validated["guess/solutions/wa/linear.py"]  # secret 1 (guess 1) passes


def test_kattis_interactive_2025_imports_and_needs_its_validator(tmp_path):
    modern = tmp_path / "modern"
    shutil.copytree(KATTIS / "guess", modern)
    (modern / "output_validators").rename(modern / "output_validator")
    (modern / "output_validator" / "interactor").rename(tmp_path / "interactor")
    shutil.rmtree(modern / "output_validator")
    (tmp_path / "interactor").rename(modern / "output_validator")
    write(modern / "problem.yaml", "problem_format_version: 2025-09\nname: Guess\ntype: [pass-fail, interactive]\n")
    r = invoke_judge("import", "kattis", str(modern), str(tmp_path / "out"))
    assert r.code == 0, r.err
    problem = load_problem(tmp_path / "out")
    assert problem.interactive and problem.checker_options["program"] == "checker/interactor.py"
    shutil.rmtree(modern / "output_validator")
    assert "problem.yaml: type: an interactive problem needs its interactor" in import_error(tmp_path, "kattis", modern)
    legacy = tmp_path / "legacy"
    shutil.copytree(KATTIS / "guess", legacy)
    write(legacy / "problem.yaml", "name: Guess\nvalidation: default interactive\n")
    assert "problem.yaml: validation: an interactive problem needs its interactor" in import_error(
        tmp_path, "kattis", legacy
    )


def test_kattis_errors_name_the_file_and_the_field(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(KATTIS / "floaty", package)
    write(package / "data" / "secret" / "testdata.yaml", "output_validator_flags: float_tolerence 1e-6\n")
    line = import_error(tmp_path, "kattis", package)
    assert "data/secret/testdata.yaml: output_validator_flags: unknown flag 'float_tolerence'" in line
    (package / "data" / "secret" / "testdata.yaml").unlink()
    (package / "data" / "secret" / "02.ans").unlink()
    assert "data/secret/02.ans: missing" in import_error(tmp_path, "kattis", package)
    assert "problem.yaml: missing" in import_error(tmp_path, "kattis", tmp_path / "pkg" / "data")


@pytest.mark.portable  # parsing only
def test_kattis_names_keep_kattis_order():
    assert _names([("g1", "01"), ("g1", "02"), ("g2", "01")]) == ["g1-01", "g1-02", "g2-01"]
    # "a" sorts before "a-b" in Kattis (folder by folder), but "a-x" > "a-b-x": prefix them.
    assert _names([("a", "x"), ("a-b", "x")]) == ["01-a-x", "02-a-b-x"]
    names = ["secret/g1-01", "secret/g1-02", "secret/g10-01"]
    assert patterns(names[:2], names) == "secret/g1-*"
    assert patterns(names[2:], names) == "secret/g10-01"


@pytest.mark.process
def test_import_refuses_to_overwrite(imported, tmp_path):
    folder, _, found = imported["cppvalid"]
    r = invoke_judge("import", "kattis", str(KATTIS / "cppvalid"), str(folder))
    assert r.code == 2 and "already exists" in r.err
    r = invoke_judge("import", "kattis", str(KATTIS / "cppvalid"), str(folder), "--force")
    assert r.code == 0, r.err
    r = invoke_judge("import", "zip", str(KATTIS / "cppvalid"), str(tmp_path / "x"))
    assert r.code == 2


# -- Polygon --------------------------------------------------------------------------------


@pytest.mark.process
def test_polygon_testlib_checker_groups_and_tags(imported, validated):
    folder, printed, found = imported["aplusb"]
    problem = load_problem(folder)
    assert problem.title == {"en": "A plus B", "ru": "A плюс B"}
    assert problem.limits.time == 1.0 and problem.limits.memory == 256 * 1024**2
    assert problem.checker == "external"
    assert problem.checker_options == {"program": "checker/check.cpp", "protocol": "testlib"}
    assert [t.name for t in problem.tests] == ["sample/01", "secret/02", "secret/03", "secret/04", "secret/05"]
    groups = {g.name: (g.points, g.scoring, g.tests) for g in problem.groups}
    assert groups["1"] == (30, "each", ("secret/02", "secret/03"))
    assert groups["2"] == (70, "all", ("secret/04", "secret/05"))
    assert found == {"ac/main.py", "ac/sum.cpp", "wa/int32.c", "pe/two_lines.py"}
    assert "tag 'rejected'" in printed and "dependencies" in printed
    assert "(30/100)" in validated["aplusb/solutions/wa/int32.c"]
    assert validated["aplusb/solutions/pe/two_lines.py"].startswith("ok")


def _polygon_copy(tmp_path: Path, checker_xml: str) -> Path:
    package = tmp_path / "poly"
    shutil.copytree(POLYGON, package)
    xml = (package / "problem.xml").read_text()
    xml = re.sub(r"<checker .*?</checker>", checker_xml, xml, flags=re.S)
    (package / "problem.xml").write_text(xml)
    return package


def test_polygon_standard_checkers_become_tokens(tmp_path):
    package = _polygon_copy(
        tmp_path,
        '<checker name="std::rcmp6.cpp" type="testlib"><source path="files/check.cpp" type="cpp.g++17"/></checker>',
    )
    r = invoke_judge("import", "polygon", str(package), str(tmp_path / "out"))
    assert r.code == 0, r.err
    problem = load_problem(tmp_path / "out")
    assert problem.checker == "tokens"
    assert problem.checker_options == {"case_sensitive": True, "float_tolerance": 1e-6}
    assert not (tmp_path / "out" / "checker").exists()


@pytest.mark.process
def test_polygon_testlib_h_is_copied_or_its_absence_refused(tmp_path):
    checker = '<checker type="testlib"><source path="files/check.cpp" type="cpp.g++17"/></checker>'
    package = _polygon_copy(tmp_path, checker)
    write(package / "files" / "check.cpp", "#include <testlib.h>\nint main() { return 0; }\n")
    line = import_error(tmp_path, "polygon", package)
    assert "problem.xml: assets.checker.source: check.cpp includes testlib.h but the package has none" in line
    # With the library in files/ (here a placeholder: testlib.h itself is not vendored), the
    # header is copied next to the checker and the include points at it. Not compiled here.
    write(package / "files" / "testlib.h", "// testlib.h placeholder\n")
    r = invoke_judge("import", "polygon", str(package), str(tmp_path / "out"))
    assert r.code == 0, r.err
    assert (tmp_path / "out" / "checker" / "testlib.h").is_file()
    assert '#include "testlib.h"' in (tmp_path / "out" / "checker" / "check.cpp").read_text()


def test_polygon_interactor_and_file_io_are_refused(tmp_path):
    package = _polygon_copy(
        tmp_path,
        '<checker name="std::wcmp.cpp" type="testlib"/><interactor><source path="files/interactor.cpp"/></interactor>',
    )
    assert "assets.interactor: interactive problems are not supported yet" in import_error(tmp_path, "polygon", package)
    xml = (package / "problem.xml").read_text().replace('input-file=""', 'input-file="input.txt"')
    (package / "problem.xml").write_text(xml)
    assert "judging.input-file: file input/output is not supported" in import_error(tmp_path, "polygon", package)


# -- ejudge ---------------------------------------------------------------------------------


@pytest.mark.process
def test_ejudge_serve_cfg_tests_and_checker(imported, validated):
    folder, printed, found = imported["sumseq"]
    problem = load_problem(folder)
    assert problem.title == {"en": "Prefix sums"}
    assert problem.limits.time == 2.0  # the problem's, not Generic's 5
    assert problem.limits.memory == 64 * 1024**2  # max_vm_size from super = Generic
    assert problem.checker == "tokens" and problem.checker_options == {"case_sensitive": True}
    assert [t.name for t in problem.tests] == ["secret/001", "secret/002", "secret/003"]
    assert "no sample tests" in printed
    assert "(66.6667/100)" in validated["sumseq/solutions/wa/int32.c"]
    assert validated["sumseq/solutions/ce/syntax.cpp"].startswith("ok")
    assert validated["sumseq/solutions/ac/prefix.c"].startswith("ok")


def test_ejudge_polygon_style_names_without_config(tmp_path):
    folder = tmp_path / "plain"
    write(folder / "tests" / "01", "1 2\n")
    write(folder / "tests" / "01.a", "3\n")
    write(folder / "tests" / "02", "5 5\n")
    write(folder / "tests" / "02.a", "10\n")
    r = invoke_judge("import", "ejudge", str(folder), str(tmp_path / "out"))
    assert r.code == 0, r.err
    problem = load_problem(tmp_path / "out")
    assert [t.name for t in problem.tests] == ["secret/01", "secret/02"]
    assert problem.checker == "tokens" and problem.title == {"en": "plain"}
    write(folder / "serve.cfg", '[problem]\nshort_name = "plain"\nstandard_checker = "cmp_magic"\n')
    assert "serve.cfg: standard_checker: 'cmp_magic' is not supported" in import_error(tmp_path, "ejudge", folder)


# -- GitHub Classroom -------------------------------------------------------------------------


@pytest.mark.process
def test_classroom_autograding_json(imported, validated):
    folder, printed, found = imported["hello"]
    problem = load_problem(folder)
    assert problem.checker == "regex"
    assert [t.name for t in problem.tests] == ["secret/01", "secret/02", "secret/03"]
    assert {g.name: g.points for g in problem.groups} == {
        "Greets by name": 5,
        "Counts to three": 10,
        "Greeting format": 0,
    }
    assert problem.tests[0].limits.time == 60 and problem.tests[2].limits.wall == 120
    assert "Runs at all" in printed and "pip3 install" in printed
    for name in ("ac/hello.py", "ac/roomy.py", "ac/hello.c", "wa/shy.py"):
        assert validated[f"hello/solutions/{name}"].startswith("ok")


def github(comparison: str, expected: str, actual: str) -> bool:
    """What GitHub's autograding action decides (src/runner.ts), in Python."""

    def normalize(text: str) -> str:
        return text.replace("\r\n", "\n").strip()

    if comparison == "exact":
        return normalize(actual) == normalize(expected)
    if comparison == "regex":
        return re.search(expected, normalize(actual)) is not None
    return normalize(expected) in normalize(actual)


@pytest.mark.portable  # GitHub Classroom's comparisons, pure Python
@pytest.mark.parametrize(
    "comparison,expected,actual",
    [
        ("exact", "Hello, Ada!", "Hello, Ada!\n"),
        ("exact", "Hello, Ada!", "\n  Hello, Ada!  \n\n"),
        ("exact", "Hello, Ada!", "Hello, Ada!!\n"),
        ("exact", "a\nb", "a\r\nb\r\n"),
        ("exact", "a\nb", "a b\n"),
        ("exact", "1+1=2 (yes)", "1+1=2 (yes)\n"),
        ("exact", "1+1=2 (yes)", "11=2 yes\n"),
        ("included", "2\n3", "1\n2\n3\n"),
        ("included", "2\r\n3", "1\n2\n3\n"),
        ("included", "2\n3", "1 2 3\n"),
        ("included", "", "anything\n"),
        ("regex", "^Hello, [A-Z][a-z]+!$", "Hello, Bob!\n"),
        ("regex", "^Hello, [A-Z][a-z]+!$", "   Hello, Bob!  \n"),
        ("regex", "^Hello, [A-Z][a-z]+!$", "Hello, bob!\n"),
        ("regex", "[0-9]+ apples", "I have 12 apples today\n"),
        ("regex", "[0-9]+ apples", "I have no apples\n"),
    ],
)
def test_classroom_patterns_decide_like_github(tmp_path, comparison, expected, actual):
    pattern = {"exact": exact_pattern, "included": included_pattern, "regex": search_pattern}[comparison](expected)
    answer = write(tmp_path / "01.ans", expected)
    checker = RegexChecker({"pattern": pattern})
    verdict = checker.check(CheckCase(answer, answer, actual.encode())).verdict
    assert (verdict == Verdict.AC) == github(comparison, expected, actual)


@pytest.mark.portable  # parsing only
def test_classroom_errors_name_the_field(tmp_path):
    path = write(
        tmp_path / "autograding.json",
        json.dumps({"tests": [{"name": "t", "run": "x", "input": "1", "output": "1", "timeout": "soon"}]}),
    )
    assert "autograding.json: tests[0].timeout: expected minutes > 0" in import_error(tmp_path, "classroom", path)
    path.write_text("{not json")
    assert "autograding.json: invalid JSON" in import_error(tmp_path, "classroom", path)


# -- compiled languages -----------------------------------------------------------------------

C = Language("c", (".c",), ("{binary}",), ("gcc", "-O2", "-std=c11", "-o", "{binary}", "{source}", "-lm"))


@pytest.mark.process
def test_compile_caches_and_reports_the_first_lines(tmp_path, monkeypatch):
    from judge.grading.compile import compile_source

    monkeypatch.setenv("JUDGE_CACHE_DIR", str(tmp_path))
    good = b'#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n'
    first = compile_source(C, good, "hello.c")
    assert first.binary and first.binary.startswith(b"\x7fELF") and not first.cached
    again = compile_source(C, good, "hello.c")
    assert again.cached and again.binary == first.binary
    assert len(list((tmp_path / "build").iterdir())) == 1
    bad = compile_source(C, b"int main(void) {\n  return x;\n}\n", "bad.c")
    assert bad.binary is None and bad.line == 2
    assert bad.error.startswith("compilation failed:\nbad.c:") and "x" in bad.error
    missing = compile_source(
        Language("c", (".c",), ("{binary}",), ("no-such-cc", "{source}", "-o", "{binary}")), good, "hello.c"
    )
    assert missing.binary is None and "not installed" in missing.internal


@pytest.mark.process
def test_check_reports_ce_with_compiler_lines_and_runs_c(tmp_path, cache):
    folder = tmp_path / "echo"
    write(folder / "problem.yaml", "title: Echo\n")
    write(folder / "tests" / "secret" / "01.in", "21\n")
    write(folder / "tests" / "secret" / "01.ans", "42\n")
    bad = write(tmp_path / "twice.cpp", "int main() { return missing(); }\n")
    r = run_judge("check", str(folder), str(bad), "--json", "-", env=cache)
    result = json.loads(r.out)["results"][0]
    assert r.code == 1 and result["verdict"] == "CE" and result["language"] == "cpp"
    assert "twice.cpp:1:" in result["message"] and result["line"] == 1
    good = write(
        tmp_path / "twice.c",
        '#include <stdio.h>\nint main(void) { int n; scanf("%d", &n); printf("%d\\n", 2 * n); return 0; }\n',
    )
    r = run_judge("check", str(folder), str(good), env=cache)
    assert r.code == 0, r.out + r.err


@pytest.mark.process
def test_rules_are_python_only_so_c_gets_rv(tmp_path, cache):
    folder = tmp_path / "norules"
    write(folder / "problem.yaml", "title: No if\nrules: {forbid_constructs: [if]}\n")
    write(folder / "tests" / "secret" / "01.in", "1\n")
    write(folder / "tests" / "secret" / "01.ans", "1\n")
    sol = write(
        tmp_path / "cat.c",
        "#include <stdio.h>\nint main(void) { int c; while ((c = getchar()) != EOF) putchar(c); return 0; }\n",
    )
    r = run_judge("check", str(folder), str(sol), "--json", "-", env=cache)
    result = json.loads(r.out)["results"][0]
    assert result["verdict"] == "RV" and "Python solutions only" in result["message"]


@pytest.mark.portable  # parsing only
def test_config_languages_with_compile_are_validated(tmp_path):
    config = load_config(ROOT / "config.yaml")
    c = config.language_for(Path("x.c"))
    assert c is not None and c.compile and "{binary}" in c.run
    assert config.language_for(Path("x.cpp")).name == "cpp"
    bad = write(
        tmp_path / "config.yaml",
        textwrap.dedent("""\
        languages:
          c:
            extensions: [".c"]
            compile: [gcc, -o, out, "{source}"]
            run: ["{binary}"]
        """),
    )
    with pytest.raises(ConfigError, match=r"languages\.c\.compile: expected a command containing \{binary\}"):
        load_config(bad)
    bad.write_text(bad.read_text().replace("-o, out", '-o, "{binary}"').replace('["{binary}"]', "[./a.out]"))
    with pytest.raises(ConfigError, match=r"languages\.c\.run: expected a command containing \{binary\}"):
        load_config(bad)
