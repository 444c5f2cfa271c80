"""Issue 23: what the judging world publishes today, through `judge import` and `judge
validate`. Each package in tests/data/ was written for these tests from the problem package
format's specification (2025-09 and its drafts) and DOMjudge's documented behaviour, one feature
at a time:

- kattis/offset: constants, include/<language>/, an output validator of several sources, input
  validators (a C file; a folder with build/run scripts), submissions.yaml (entrypoint,
  permitted/required, score), a submission of several files;
- kattis/subtasks: the drafts' `scoring: {score, aggregation}`, a group with folders inside,
  partially_accepted/ and rejected/;
- kattis/passes: a multi-pass problem, refused by name;
- domjudge/greet: only sample tests, submissions of several files (submissions.json's
  entry_point, C++ sources compiled together, a file that is not C beside a C source),
  @EXPECTED_RESULTS@ with one or several results, and DOMjudge's rules for a run: a folder
  it may only read, the wall clock judged against the time limit, an unlimited stack;
- domjudge/square: DOMjudge's scoring of testdata.yaml, @EXPECTED_SCORE@.

Nothing is fetched: the upstream examples themselves are measured by bench/upstream_import.py.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from judge.core.config import Config, Language
from judge.core.errors import ConfigError
from judge.core.limits import UNLIMITED
from judge.core.results import TestResult as Run
from judge.core.results import unjudged
from judge.core.verdicts import Verdict
from judge.grading.sources import entry_point, language_of
from judge.importers import constants
from judge.importers.expectations import annotation, glob_matches
from judge.problem import load_expected, load_problem
from tests.conftest import ROOT, invoke_judge, run_judge, write

DATA = ROOT / "tests" / "data"
KATTIS = DATA / "kattis"
DOMJUDGE = DATA / "domjudge"
PACKAGES = [
    ("kattis", KATTIS / "offset", "offset"),
    ("kattis", KATTIS / "subtasks", "subtasks"),
    ("domjudge", DOMJUDGE / "greet", "greet"),
    ("domjudge", DOMJUDGE / "square", "square"),
]
PYTHON = Language("python", (".py",), ("{python}", "{source}"))
CPP = Language("cpp", (".cpp", ".cc"), ("{binary}",), ("g++", "-o", "{binary}", "{source}"))


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> dict[str, str]:
    return {"JUDGE_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}


@pytest.fixture(scope="module")
def imported(tmp_path_factory, cache) -> dict[str, tuple[Path, str]]:
    """Every package imported once: name -> (folder, what `judge import` printed)."""
    out_dir = tmp_path_factory.mktemp("imported")
    result = {}
    for fmt, source, name in PACKAGES:
        r = invoke_judge("import", fmt, str(source), str(out_dir / name), env=cache)
        assert r.code == 0, f"{name}: {r.err}"
        result[name] = (out_dir / name, r.out)
    return result


@pytest.fixture(scope="module")
def validated(imported, cache) -> dict[str, str]:
    """One `judge validate` of them all: solution -> its line. Every one must pass."""
    r = run_judge("validate", *(str(folder) for folder, _ in imported.values()), env=cache)
    lines = {}
    for line in r.out.splitlines():
        match = re.match(r"^(ok  |FAIL) (\S+): expected", line)
        if match:
            lines[match.group(2)] = line
    assert lines, r.out + r.err
    failed = [line for line in lines.values() if line.startswith("FAIL")]
    assert not failed and r.code == 0, "\n".join(failed) or r.err
    return lines


def expected_yaml(folder: Path) -> dict:
    return yaml.safe_load((folder / "solutions" / "expected.yaml").read_text(encoding="utf-8"))


def import_error(tmp_path: Path, fmt: str, source: Path) -> str:
    """`judge import` refuses: exit 2, one line, nothing written."""
    r = invoke_judge("import", fmt, str(source), str(tmp_path / "refused"))
    assert r.code == 2, r.out + r.err
    assert not (tmp_path / "refused").exists()
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    return lines[0]


# -- refused by name ------------------------------------------------------------------------


def test_multi_pass_is_refused_by_name(tmp_path):
    line = import_error(tmp_path, "kattis", KATTIS / "passes")
    assert "problem.yaml: type: multi-pass problems are not supported" in line
    # DOMjudge writes it the legacy way: `validation: custom multi-pass`.
    legacy = tmp_path / "legacy"
    shutil.copytree(KATTIS / "passes", legacy)
    (legacy / "problem.yaml").write_text("name: Two passes\nvalidation: custom multi-pass\n")
    (legacy / "output_validator").rename(legacy / "output_validators")
    for fmt in ("kattis", "domjudge"):
        line = import_error(tmp_path, fmt, legacy)
        assert "problem.yaml: validation: multi-pass problems are not supported" in line


def test_submit_answer_and_score_files_are_refused_by_name(tmp_path):
    answers = tmp_path / "answers"
    write(answers / "problem.yaml", "problem_format_version: 2025-09\ntype: [pass-fail, submit-answer]\nname: A\n")
    write(answers / "data" / "secret" / "1.in", "1\n")
    write(answers / "data" / "secret" / "1.ans", "1\n")
    assert "type: submit-answer problems are not supported" in import_error(tmp_path, "kattis", answers)
    scored = tmp_path / "scored"
    write(scored / "problem.yaml", "name: S\ntype: scoring\nvalidation: custom\n")
    write(scored / "data" / "secret" / "1.in", "1\n")
    write(scored / "data" / "secret" / "1.ans", "1\n")
    write(
        scored / "output_validators" / "v" / "validate.py",
        "import sys, pathlib\npathlib.Path(sys.argv[3], 'score.txt').write_text('7')\nsys.exit(42)\n",
    )
    line = import_error(tmp_path, "domjudge", scored)
    assert "validate.py: validators that write score.txt are not supported" in line


# -- Kattis 2025-09 -------------------------------------------------------------------------


@pytest.mark.process
def test_constants_include_validators_and_submissions_yaml(imported, validated):
    folder, printed = imported["offset"]
    problem = load_problem(folder)
    # The output validator of three files is a folder, built whole (judge/checkers/build.py);
    # its argument came from test_group.yaml through the constant.
    assert problem.checker_options == {"program": "checker", "protocol": "kattis", "args": ["7"]}
    assert sorted(p.name for p in (folder / "checker").iterdir()) == ["compare.cpp", "compare.h", "validate.cpp"]
    # include/python3 -> include/python, with the constant put in; include/default as it is.
    assert (folder / "include" / "python" / "offset.py").read_text() == "OFFSET = 7\n"
    assert (folder / "include" / "cpp" / "offset.h").read_text() == "#define OFFSET 7\n"
    assert (folder / "include" / "default" / "NOTICE.txt").is_file()
    assert "$n + 7$" in (folder / "statement.md").read_text() and "\\le 1000$" in (folder / "statement.md").read_text()
    # Both input validators ran on every test input: the C file and the build/run folder.
    assert "input validator input_validators/range.c accepted every test input" in printed
    assert "input validator input_validators/format accepted every test input" in printed
    groups = {g.name: (g.points, g.scoring) for g in problem.groups}
    assert groups == {"sample": (0, "each"), "small": (40, "all"), "large": (60, "each")}
    assert (folder / "solutions" / "ac" / "split").is_dir()  # a submission of two modules
    assert (folder / "solutions" / "re" / "missing" / "helper.py").read_text().endswith("n + 7\n")
    expected = expected_yaml(folder)
    assert expected["re/missing"]["entry_point"] == "start.py"  # submissions.yaml's entrypoint
    assert expected["wa/small_only.py"] == {
        "score": 40,
        "permitted": ["AC", "WA"],
        "required": ["WA"],
        # submissions.yaml's message and its expectations per test data group, by our names
        "test_groups": [
            {"message": "expected "},
            {"tests": ["sample/1"], "permitted": ["AC"]},
            {"tests": ["secret/small-1", "secret/small-2"], "permitted": ["AC"]},
            {"tests": ["secret/large-1", "secret/large-2"], "required": ["WA"], "message": ", got 1000"},
        ],
    }
    assert "'secret/medium' names no test data group or test: its expectations are not checked" in printed
    assert "the score of test data group 'secret/large' is not checked" in printed
    assert expected["tle/spin.cpp"] == {"verdicts": ["TLE", "ILE"]}
    assert "(100/100)" in validated["offset/solutions/ac/split"]
    assert "(100/100)" in validated["offset/solutions/ac/add.cpp"]  # include/cpp/offset.h beside it
    assert "(40/100)" in validated["offset/solutions/wa/small_only.py"]


@pytest.mark.process
def test_a_group_expectation_and_a_message_that_do_not_hold_fail_validate(imported, cache, tmp_path):
    """The checks can fail: the validator's message (judgemessage.txt) on a hidden test is
    what submissions.yaml's `message` is looked for in, and a group's `permitted` is its own."""
    folder = tmp_path / "offset"
    shutil.copytree(imported["offset"][0], folder)
    exp_file = folder / "solutions" / "expected.yaml"
    text = exp_file.read_text(encoding="utf-8")
    exp_file.write_text(text.replace("', got 1000'", "', got 77'"), encoding="utf-8")
    r = run_judge("validate", str(folder), "--json", str(tmp_path / "report.json"), env=cache)
    assert r.code == 1, r.out + r.err
    line = next(x for x in r.out.splitlines() if "wa/small_only.py" in x)
    assert (
        line.startswith("FAIL")
        and "tests secret/large-1 … secret/large-2: no checker message contains ', got 77'" in line
    )
    import json

    report = json.loads((tmp_path / "report.json").read_text())
    small_only = next(x for x in report["results"] if x["submission"].endswith("wa/small_only.py"))
    said = {t["name"]: t.get("checker_message", "") for t in small_only["tests"]}
    assert said["secret/large-2"] == "expected 1007, got 1000" and not said["secret/small-1"], said
    exp_file.write_text(
        text.replace(
            "permitted:\n    - AC\n  - tests:\n    - secret/large",
            "permitted:\n    - WA\n  - tests:\n    - secret/large",
        ),
        encoding="utf-8",
    )
    r = run_judge("validate", str(folder), env=cache)
    line = next(x for x in r.out.splitlines() if "wa/small_only.py" in x)
    assert "tests secret/small-1 … secret/small-2: tests got AC, permitted only WA" in line, line


@pytest.mark.process
def test_an_input_validator_that_rejects_a_test_stops_the_import(tmp_path):
    package = tmp_path / "offset"
    shutil.copytree(KATTIS / "offset", package)
    (package / "data" / "secret" / "large" / "2.in").write_text("1001\n")  # over {{max_n}}
    line = import_error(tmp_path, "kattis", package)
    assert "data/secret/large/2.in: rejected by the input validator input_validators/range.c (exit code 43)" in line


@pytest.mark.process
def test_drafts_scoring_map_nested_folders_and_partial_scores(imported, validated):
    folder, _ = imported["subtasks"]
    problem = load_problem(folder)
    groups = {g.name: (g.points, g.scoring, g.tests) for g in problem.groups}
    assert groups["easy"] == (40, "all", ("secret/easy-1", "secret/easy-2"))
    assert groups["hard"][:2] == (60, "each") and groups["hard"][2] == (
        "secret/hard-long-1",
        "secret/hard-long-2",
        "secret/hard-short-1",
    )
    expected = expected_yaml(folder)
    # partially_accepted: more than nothing, less than everything (a test of hard is 20 points).
    assert expected["wa/first.py"]["score"] == [20, 80]
    assert expected["wa/crash.py"]["verdicts"] == ["WA", "TLE", "ILE", "RE", "MLE", "OLE"]  # rejected/
    assert "(40/100)" in validated["subtasks/solutions/wa/first.py"]
    assert "got RE" in validated["subtasks/solutions/wa/crash.py"]


def test_a_draft_package_with_legacy_keys_is_scored_as_legacy(tmp_path):
    """problemtools scores a 2023-07 draft package whose testdata.yaml holds legacy keys
    (accept_score, grader_flags) the legacy way; so do we."""
    draft = tmp_path / "groups"
    shutil.copytree(KATTIS / "groups", draft)
    (draft / "problem.yaml").write_text("problem_format_version: 2023-07-draft\nname: Grouped squares\ntype: scoring\n")
    for name, source in (("legacy", KATTIS / "groups"), ("draft", draft)):
        assert invoke_judge("import", "kattis", str(source), str(tmp_path / name)).code == 0
    legacy = {g.name: (g.points, g.scoring) for g in load_problem(tmp_path / "legacy").groups}
    assert {g.name: (g.points, g.scoring) for g in load_problem(tmp_path / "draft").groups} == legacy


# -- DOMjudge -------------------------------------------------------------------------------


@pytest.mark.process
def test_domjudge_samples_only_several_files_and_annotations(imported, validated):
    folder, printed = imported["greet"]
    problem = load_problem(folder)
    assert [(g.name, g.points) for g in problem.groups] == [("sample", 100)]
    assert "no data/secret/: the problem is judged on the sample tests alone" in printed
    assert "skipped submissions/check_manually/maybe.py: expects CHECK-MANUALLY" in printed
    expected = expected_yaml(folder)
    assert expected["ac/modules"] == {"entry_point": "run.py"}  # from submissions.json
    assert expected["re/crash_or_wrong.py"] == {"verdicts": ["RE", "MLE", "OLE", "WA"]}  # multiple/
    assert "ac/lf_cr.py" not in expected  # CORRECT, WRONG-ANSWER in accepted/: CORRECT only
    assert (folder / "solutions" / "wa" / "silent.c").is_file()  # no_output/: our checker says WA
    for name in ("ac/modules", "ac/parts", "ac/with_notes", "ac/lf_cr.py", "ce/typo.cpp", "wa/silent.c"):
        assert validated[f"greet/solutions/{name}"].startswith("ok")
    assert re.search(r"expected TLE/ILE, got (TLE|ILE)", validated["greet/solutions/tle/nap.py"])


@pytest.mark.process
def test_domjudge_runs_read_only_with_its_wall_clock_and_an_unlimited_stack(imported, validated):
    """DOMjudge's rules for a run, as its hello example checks them: the submission may not
    write in its folder (writes_a_file.py: WA, not the RE of a write that went through), the
    wall clock is judged against the time limit itself (nap.py sleeps 2 s under a 1 s limit:
    our own default, 2 x time + 1 s, would let it finish), and the stack is unlimited (deep.c
    needs some 80 MiB of it). No memory limit in the package: the format's typical 2 GiB."""
    folder, printed = imported["greet"]
    problem = load_problem(folder)
    assert not problem.runtime.allow_file_writing
    assert (problem.limits.time, problem.limits.wall) == (1.0, 1.0)
    assert problem.limits.stack == UNLIMITED and problem.limits.memory == 2048 * 1024**2
    assert problem.limits.cores == 1  # DOMjudge pins each judging to one core
    shown = " ".join(invoke_judge("show", str(folder)).out.split())  # as rich wraps it
    for line in (
        "Stack: unlimited",
        "The run is pinned to 1 processor core.",
        "may read the files of its folder but not create, change or delete any",
    ):
        assert line in shown, shown
    assert "no memory limit in the package: 2GiB, the problem package format's typical default" in printed
    assert validated["greet/solutions/wa/writes_a_file.py"].startswith("ok"), validated
    assert validated["greet/solutions/ac/deep.c"].startswith("ok"), validated


def test_allow_file_writing_follows_the_packages_format(tmp_path):
    """2025-09 (and 2023-07): false unless the package says true; legacy: no such rule, the
    work dir stays writable; a value that is not true or false: one line naming the key."""
    package = tmp_path / "p"
    write(package / "data" / "secret" / "1.in", "1\n")
    write(package / "data" / "secret" / "1.ans", "1\n")
    cases = {
        "problem_format_version: 2025-09\nname: A\n": False,
        "problem_format_version: 2025-09\nname: A\nallow_file_writing: true\n": True,
        "name: A\n": True,
    }
    for n, (text, allowed) in enumerate(cases.items()):
        (package / "problem.yaml").write_text(text)
        r = invoke_judge("import", "kattis", str(package), str(tmp_path / f"out{n}"))
        assert r.code == 0, r.err
        problem = load_problem(tmp_path / f"out{n}")
        assert problem.runtime.allow_file_writing is allowed, text
        assert problem.limits.stack == UNLIMITED and problem.limits.wall_time is None and problem.limits.cores is None
    (package / "problem.yaml").write_text("problem_format_version: 2025-09\nname: A\nallow_file_writing: yes please\n")
    line = import_error(tmp_path, "kattis", package)
    assert "problem.yaml: allow_file_writing: expected true or false, got 'yes please'" in line


@pytest.mark.process
def test_domjudge_scores_a_leaf_folder_all_or_nothing(imported, validated, tmp_path):
    folder, _ = imported["square"]
    groups = {g.name: (g.points, g.scoring) for g in load_problem(folder).groups}
    # small 40; large: the average of mid 40 and top 80.
    assert groups == {"sample": (0, "each"), "small": (40, "all"), "large-mid": (20, "all"), "large-top": (40, "all")}
    assert expected_yaml(folder)["wa/int32.c"] == {"score": 60}  # @EXPECTED_SCORE@
    assert "(60/100)" in validated["square/solutions/wa/int32.c"]
    # Kattis reads the same files otherwise: every test scores accept_score.
    assert invoke_judge("import", "kattis", str(DOMJUDGE / "square"), str(tmp_path / "kattis")).code == 0
    kattis = {g.name: g.points for g in load_problem(tmp_path / "kattis").groups}
    assert kattis["small"] == 80
    # The annotations are DOMjudge's: a partial/ submission only gets a partial score's range.
    assert expected_yaml(tmp_path / "kattis")["wa/int32.c"]["score"] == [20, 140]


# -- a submission of several files: check, grade ---------------------------------------------


@pytest.mark.process
def test_check_and_grade_take_a_folder(imported, tmp_path, cache):
    folder, _ = imported["greet"]
    modules = tmp_path / "modules"
    write(modules / "main.py", "from words import hello\n\nprint(hello(input().strip()))\n")
    write(modules / "words.py", "def hello(name):\n    return f'Hello, {name}!'\n")
    r = run_judge("check", str(folder), str(modules), env=cache)
    assert r.code == 0, r.out + r.err
    assert "verdict: AC" in r.out
    # --entry-point names the file that runs first where the rule would pick another: the
    # first source file by name here (alpha.py), a wrong greeting.
    named = tmp_path / "named"
    write(named / "alpha.py", "print('Goodbye!')\n")
    write(named / "start.py", "from words import hello\n\nprint(hello(input().strip()))\n")
    shutil.copy(modules / "words.py", named / "words.py")
    assert "verdict: WA" in run_judge("check", str(folder), str(named), env=cache).out
    r = run_judge("check", str(folder), str(named), "--entry-point", "start.py", env=cache)
    assert r.code == 0 and "verdict: AC" in r.out, r.out + r.err
    for args, said in (
        (
            (str(named / "start.py"), "--entry-point", "start.py"),
            "is a file; the option names the entry point of a folder",
        ),
        ((str(named), "--entry-point", "gone.py"), "--entry-point: no file gone.py in"),
    ):
        r = invoke_judge("check", str(folder), *args)
        assert r.code == 2 and said in r.err and len(r.err.strip().splitlines()) == 1, r.err
    # A layout that names a folder: every student hands in one per problem.
    klass = tmp_path / "class"
    shutil.copytree(modules, klass / "ada" / "greet")
    shutil.copytree(DOMJUDGE / "greet" / "submissions" / "accepted" / "parts", klass / "bob" / "greet")
    write(klass / "carl" / "greet" / "main.py", "print('Hello, World!')\n")
    write(
        tmp_path / "config.yaml",
        f"problems_dir: {folder.parent}\nlayout: '{{student}}/{{problem}}'\n"
        "languages:\n"
        "  python: {extensions: [.py], run: ['{python}', '{source}']}\n"
        "  cpp: {extensions: [.cpp], compile: [g++, -O2, -o, '{binary}', '{source}'], run: ['{binary}']}\n",
    )
    r = run_judge(
        "grade", str(klass), "--format", "json", "--out", str(tmp_path / "out"), "-q", cwd=tmp_path, env=cache
    )
    assert r.code == 0, r.out + r.err
    import json

    results = {x["student"]: x for x in json.loads((tmp_path / "out" / "report.json").read_text())["results"]}
    assert {s: (x["verdict"], x["language"]) for s, x in results.items()} == {
        "ada": ("AC", "python"),
        "bob": ("AC", "cpp"),
        "carl": ("WA", "python"),
    }


@pytest.mark.process
def test_an_include_driver_runs_the_submission(tmp_path, cache):
    """include/cpp/main.cpp is the program; the student's file is a source beside it."""
    problem = tmp_path / "twice"
    write(problem / "problem.yaml", "title: Twice\n")
    write(problem / "tests" / "secret" / "01.in", "21\n")
    write(problem / "tests" / "secret" / "01.ans", "42\n")
    write(
        problem / "include" / "cpp" / "main.cpp",
        '#include <iostream>\nint twice(int);\nint main() { int n; std::cin >> n; std::cout << twice(n) << "\\n"; }\n',
    )
    write(tmp_path / "twice.cpp", "int twice(int n) { return 2 * n; }\n")
    write(tmp_path / "thrice.cpp", "int twice(int n) { return 3 * n; }\n")
    config = tmp_path / "config.yaml"
    write(
        config,
        "languages:\n  cpp: {extensions: [.cpp], compile: [g++, -o, '{binary}', '{source}'], run: ['{binary}']}\n",
    )
    ok = run_judge("--config", str(config), "check", str(problem), str(tmp_path / "twice.cpp"), env=cache)
    assert ok.code == 0 and "verdict: AC" in ok.out, ok.out + ok.err
    wrong = run_judge("--config", str(config), "check", str(problem), str(tmp_path / "thrice.cpp"), env=cache)
    assert wrong.code == 1 and "verdict: WA" in wrong.out, wrong.out + wrong.err


# -- the pieces, in this process -------------------------------------------------------------


def test_entry_point_rule(tmp_path):
    """Named, else an include named like a main file, else __main__.py, else main.*, else
    the first source by name."""
    assert entry_point(["b.py", "a.py"], PYTHON) == "a.py"
    assert entry_point(["b.py", "main.py", "a.py"], PYTHON) == "main.py"
    assert entry_point(["main.py", "__main__.py"], PYTHON) == "__main__.py"
    assert entry_point(["app.py", "run.py"], PYTHON, explicit="run.py") == "run.py"
    assert entry_point(["app.py", "run.py"], PYTHON, explicit="gone.py") is None
    assert entry_point(["sol.py", "main.py"], PYTHON, includes=("main.py",)) == "main.py"
    assert entry_point(["notes.txt"], PYTHON) is None
    write(tmp_path / "mixed" / "a.cpp", "")
    write(tmp_path / "mixed" / "b.cpp", "")
    write(tmp_path / "mixed" / "c.py", "")
    config = Config(languages=(PYTHON, CPP))
    assert language_of(tmp_path / "mixed", config).name == "cpp"  # most of its files
    assert language_of(tmp_path / "mixed", config, "c.py").name == "python"  # its entry point's


def test_submissions_yaml_globs():
    assert glob_matches("accepted", "accepted/a.py")
    assert glob_matches("accepted/*", "accepted/a.py")
    assert glob_matches("accepted/*.{py,cpp}", "accepted/a.cpp")
    assert not glob_matches("accepted/*.php", "accepted/a.py")
    assert glob_matches("*", "accepted/a.py")  # the folder above matches
    assert not glob_matches("wrong_answer", "accepted/a.py")


def test_domjudge_annotations(tmp_path):
    one = write(
        tmp_path / "one.c", "/*\n * @EXPECTED_RESULTS@: CORRECT, wrong-answer\n * @EXPECTED_SCORE@: 12.5\n */\n"
    )
    assert annotation(one) == (["CORRECT", "WRONG-ANSWER"], 12.5, None)
    two = write(tmp_path / "two.c", "// @EXPECTED_RESULTS@: CORRECT\n// @EXPECTED_RESULTS@: NO-OUTPUT\n")
    assert annotation(two)[2] == "several @EXPECTED_RESULTS@ tags"
    folder = tmp_path / "folder"
    write(folder / "a.txt", "nothing here\n")
    write(folder / "b.py", "# @EXPECTED_RESULTS@: TIMELIMIT\n")
    assert annotation(folder) == (["TIMELIMIT"], None, None)


def test_constants():
    table = constants.parse({"n": 5, "big": {"value": 1000000, "tex": "10^6"}}, Path("problem.yaml"))
    assert constants.substitute("{{n}} {{big}} {{big.tex}} {{other}}", table) == "5 1000000 10^6 {{other}}"
    assert constants.substitute(r"\constant{big.tex}", table, latex=True) == "10^6"
    assert constants.substitute_bytes(b"\xff{{n}}", table) == b"\xff{{n}}"  # not text: as it is
    with pytest.raises(ConfigError, match="constants.1x"):
        constants.parse({"1x": 1}, Path("problem.yaml"))


def test_expected_yaml_verdicts_scores_and_test_verdicts(tmp_path):
    problem_dir = tmp_path / "p"
    write(problem_dir / "problem.yaml", "title: p\n")
    write(problem_dir / "tests" / "secret" / "01.in", "1\n")
    write(problem_dir / "tests" / "secret" / "01.ans", "1\n")
    write(problem_dir / "solutions" / "tle" / "slow.py", "")
    write(problem_dir / "solutions" / "wa" / "part" / "main.py", "")
    expected = problem_dir / "solutions" / "expected.yaml"
    expected.write_text(
        textwrap.dedent(
            """\
            tle/slow.py: {verdicts: [TLE, ILE], permitted: [AC, TLE, ILE], required: [TLE, ILE]}
            wa/part: {score: [10, 90], entry_point: main.py}
            """
        )
    )
    outcomes = {o.solution.name: o for o in load_expected(load_problem(problem_dir))}
    assert outcomes["slow.py"].allowed == (Verdict.TLE, Verdict.ILE)
    assert outcomes["part"].score_range == (10, 90) and outcomes["part"].entry_point == "main.py"
    assert outcomes["part"].needs_every_test
    for text, message in (
        ("tle/slow.py: {verdicts: [WA]}", "the folder's verdict TLE must be one of them"),
        ("tle/slow.py: {permitted: [XX]}", "unknown verdict 'XX'"),
        ("wa/part: {score: [9, 1]}", "expected a number or [low, high]"),
        ("wa/part: {entry_point: gone.py}", "no such file in the solution's folder"),
        ("wa/part: {test_groups: [{tests: [secret/02]}]}", "wa/part.test_groups[0].tests: no such test: secret/02"),
        ("wa/part: {test_groups: [{required: [XX]}]}", "wa/part.test_groups[0].required[0]: unknown verdict 'XX'"),
        ("wa/part: {test_groups: [{messages: x}]}", "wa/part.test_groups[0].messages"),
        ("wa/part: {test_groups: {tests: []}}", "expected a list of mappings"),
    ):
        expected.write_text(text + "\n")
        with pytest.raises(ConfigError, match=re.escape(message)):
            load_expected(load_problem(problem_dir))

    from judge.commands.validate import _test_verdict_mismatches

    outcome = outcomes["slow.py"]
    result = unjudged("s", "p", "x", 100)
    result.tests = [Run("secret/01", "secret", False, Verdict.WA), Run("secret/02", "secret", False, Verdict.TLE)]
    assert _test_verdict_mismatches(outcome, result) == ["tests got WA, permitted only AC, TLE, ILE"]
    result.tests = [Run("secret/01", "secret", False, Verdict.AC)]
    assert _test_verdict_mismatches(outcome, result) == ["no test got TLE / ILE"]


def test_watch_follows_a_folder(tmp_path):
    """`judge check PROBLEM FOLDER --watch`: a save of any file of the folder checks again."""
    from types import SimpleNamespace

    from judge.commands.watch import _Changed, _contents

    folder = tmp_path / "modules"
    write(folder / "main.py", "import words\n")
    write(folder / "words.py", "X = 1\n")
    changed = _Changed(folder)
    changed.dispatch(SimpleNamespace(event_type="modified", src_path=str(tmp_path / "elsewhere.py")))
    assert not changed.event.is_set()
    changed.dispatch(SimpleNamespace(event_type="modified", src_path=str(folder / "words.py")))
    assert changed.event.is_set()
    before = _contents(folder)
    write(folder / "words.py", "X = 2\n")
    assert _contents(folder) != before
