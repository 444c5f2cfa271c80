"""`judge new` and `judge generate` (docs/PROBLEM_FORMAT.md, "Your first problem"): a new
problem passes `judge validate` at once, its generator writes the same tests again, and a
teacher's mistake (an id taken or not a folder name, a generator that fails) is one line and
exit code 2, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from judge.problem import load_expected, load_problem
from tests.conftest import CLIResult, invoke_judge, run_judge, write

CYRILLIC = re.compile("[а-яА-ЯёЁ]")


def _one_clear_line(r: CLIResult, *needles: str) -> str:
    assert r.code == 2, (r.code, r.out, r.err)
    lines = [line for line in r.err.splitlines() if line.strip()]
    assert len(lines) == 1, r.err
    assert "Traceback" not in r.err + r.out
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def _new(tmp_path: Path, pid: str = "sum-squares") -> Path:
    problems = tmp_path / "problems"
    r = invoke_judge("new", pid, "--problems-dir", str(problems))
    assert r.code == 0, r.out + r.err
    return problems / pid


def _test_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted((folder / "tests").rglob("*")) if p.is_file()}


def test_a_new_problem_passes_validate_at_once(tmp_path):
    """In a folder with no config.yaml, as in a fresh course: `judge new` writes under
    ./problems (the default problems_dir), validate finds it there by its id, the correct
    solution gets AC and the wrong one the WA, score and hint its folder and expected.yaml
    declare."""
    r = run_judge("new", "sum-squares", cwd=tmp_path)
    assert r.code == 0, r.out + r.err
    folder = tmp_path / "problems" / "sum-squares"
    for step in ("validate", "generate", "show"):  # the next steps, runnable as printed
        assert f"judge {step} sum-squares" in r.out, r.out

    problem = load_problem(folder)
    assert set(problem.title) == {"ru", "en"} and problem.hints and problem.limits.time == 1.0
    assert {t.kind for t in problem.tests} == {"sample", "secret"}
    declared = {f"{e.solution.parent.name}/{e.solution.name}": e for e in load_expected(problem)}
    assert declared["ac/sum.py"].verdict.value == "AC" and declared["wa/adds_n.py"].verdict.value == "WA"

    report = tmp_path / "validate.json"
    r = run_judge("validate", "sum-squares", "-q", "--json", str(report), cwd=tmp_path)
    assert r.code == 0, r.out + r.err
    assert "2 of 2 solutions got their expected verdict" in r.out
    results = {x["submission"].rsplit("/", 1)[-1]: x for x in json.loads(report.read_text())["results"]}
    assert results["sum.py"]["verdict"] == "AC" and results["sum.py"]["score"] == 100
    wrong = results["adds_n.py"]
    assert wrong["verdict"] == "WA" and wrong["score"] == 0
    assert any(declared["wa/adds_n.py"].hint in hint for hint in wrong["hints"]), wrong["hints"]


def test_new_writes_where_config_yaml_says(tmp_path):
    """The same problems folder as every other command: config.yaml's problems_dir (relative
    to config.yaml), and `judge show` finds the problem there."""
    write(tmp_path / "config.yaml", "problems_dir: course/problems\n")
    r = invoke_judge("new", "first", cwd=tmp_path)
    assert r.code == 0, r.out + r.err
    assert (tmp_path / "course" / "problems" / "first" / "problem.yaml").is_file()
    assert invoke_judge("show", "first", "--raw", cwd=tmp_path).code == 0


def test_new_refuses_an_existing_problem(tmp_path):
    folder = _new(tmp_path)
    before = _test_files(folder), (folder / "problem.yaml").read_bytes()
    r = invoke_judge("new", "sum-squares", "--problems-dir", str(tmp_path / "problems"))
    _one_clear_line(r, str(folder), "already exists")
    assert (_test_files(folder), (folder / "problem.yaml").read_bytes()) == before  # untouched
    assert [p.name for p in folder.parent.iterdir()] == ["sum-squares"]  # no half-built folder left


@pytest.mark.parametrize("pid", ["a/b", "..", ".hidden", "two words", "v1.2", "_x", "задача", "x" * 65])
def test_new_refuses_an_id_that_is_not_a_folder_name(tmp_path, pid):
    r = invoke_judge("new", pid, "--problems-dir", str(tmp_path / "problems"))
    _one_clear_line(r, repr(pid), "not a valid problem id")
    assert not (tmp_path / "problems").exists() or not any((tmp_path / "problems").iterdir())


def test_generate_writes_deleted_tests_again_identically(tmp_path):
    folder = _new(tmp_path)
    written = _test_files(folder)
    assert len(written) == 20  # 2 sample + 8 secret tests, NN.in and NN.ans each
    for path in (folder / "tests").rglob("*.*"):
        path.unlink()
    (folder / "tests" / "sample").rmdir()

    r = invoke_judge("generate", "sum-squares", "--problems-dir", str(tmp_path / "problems"))
    assert r.code == 0, r.out + r.err
    assert _test_files(folder) == written
    assert "2 tests" in r.out and "8 tests" in r.out and "judge validate sum-squares" in r.out


def test_generate_runs_in_the_problem_folder_and_shows_what_the_generator_printed(tmp_path):
    """The contract of generator.py: no arguments, the judge's Python, cwd = the problem folder."""
    folder = _new(tmp_path)
    generator = folder / "generator.py"
    generator.write_text(
        "import os, sys\n"
        "print('cwd', os.path.basename(os.getcwd()), 'args', sys.argv[1:])\n" + generator.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    r = invoke_judge("generate", str(folder))
    assert r.code == 0, r.out + r.err
    assert "cwd sum-squares args []" in r.out


def test_a_failing_generator_is_one_line_with_its_error(tmp_path):
    folder = _new(tmp_path)
    problems = str(tmp_path / "problems")
    write(folder / "generator.py", "def main():\n    raise ValueError('N must be positive')\n\n\nmain()\n")
    line = _one_clear_line(invoke_judge("generate", "sum-squares", "--problems-dir", problems), "generator.py")
    assert "line 2" in line and "ValueError: N must be positive" in line

    write(folder / "generator.py", "import sys\nsys.exit(3)\n")
    _one_clear_line(invoke_judge("generate", "sum-squares", "--problems-dir", problems), "generator.py", "code 3")

    write(folder / "generator.py", "import time\ntime.sleep(30)\n")
    r = invoke_judge("generate", "sum-squares", "--problems-dir", problems, "--timeout", "300ms")
    _one_clear_line(r, "generator.py", "0.3 s", "--timeout")

    (folder / "generator.py").unlink()
    _one_clear_line(invoke_judge("generate", "sum-squares", "--problems-dir", problems), "no generator.py")


def test_a_generator_that_writes_bad_tests_is_named_by_the_loader(tmp_path):
    """After the generator, the tests are loaded as grading loads them: an input without its
    answer is the loader's one line, naming the file."""
    folder = _new(tmp_path)
    write(folder / "generator.py", "from pathlib import Path\nPath('tests/secret/09.in').write_text('1\\n5\\n')\n")
    _one_clear_line(invoke_judge("generate", str(folder)), "09", "no answer")


@pytest.mark.parametrize(
    ("lang", "title", "heading", "other_title"),
    [
        ("ru", "# Сумма N чисел", "## Формат входных данных", "Sum of N numbers"),
        ("en", "# Sum of N numbers", "## Input", "Сумма"),
    ],
)
def test_show_prints_each_language_part_of_a_new_problem(tmp_path, lang, title, heading, other_title):
    _new(tmp_path)
    r = invoke_judge("show", "sum-squares", "--problems-dir", str(tmp_path / "problems"), "--lang", lang, "--raw")
    assert r.code == 0, r.out + r.err
    assert r.out.startswith(title + "\n"), r.out
    assert heading in r.out and other_title not in r.out
    if lang == "en":
        assert not CYRILLIC.search(r.out), r.out
    rendered = invoke_judge("show", "sum-squares", "--problems-dir", str(tmp_path / "problems"), "--lang", lang)
    assert rendered.code == 0 and title.lstrip("# ") in rendered.out
