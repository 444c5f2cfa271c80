"""Bad input gets one clear line naming the file and the field, exit code 2, no traceback;
bad submissions get a per-submission verdict without stopping the batch."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import PROBLEMS, invoke_judge, make_problem, run_judge, write

GOOD_YAML = "title: {en: Echo}\nlimits: {time: 1s}\n"


def _one_clear_line(r, *needles: str) -> None:
    assert r.code == 2, (r.code, r.out, r.err)
    lines = [line for line in r.err.splitlines() if line.strip()]
    assert len(lines) == 1, r.err
    assert "Traceback" not in r.err and "Traceback" not in r.out
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


PROBLEM_CASES = {
    "yaml-syntax": ("title: [unclosed\n", ("problem.yaml", "invalid YAML", "line")),
    "bad-duration": ("limits: {time: fast}\n", ("problem.yaml", "limits.time", "duration")),
    "bad-size": ("limits: {memory: lots}\n", ("problem.yaml", "limits.memory", "size")),
    "unknown-key": ("title: x\nlimit: {time: 1s}\n", ("problem.yaml", "limit", "unknown key")),
    "unknown-checker": ("checker: fuzzy\n", ("problem.yaml", "checker.name", "unknown checker")),
    "unknown-checker-option": ("checker: {name: tokens, float_tol: 1}\n", ("problem.yaml", "checker.float_tol")),
    "unknown-construct": (
        "rules: {forbid_constructs: [goto]}\n",
        ("problem.yaml", "rules.forbid_constructs[0]", "goto"),
    ),
    "not-a-mapping": ("- just\n- a list\n", ("problem.yaml", "expected a mapping")),
    "negative-points": ("groups: [{name: all, tests: '*', points: -5}]\n", ("problem.yaml", "groups[0].points")),
    "orphan-test": (
        "groups: [{name: s, tests: 'sample/*', points: 0}]\n",
        ("problem.yaml", "groups", "secret/01", "no group"),
    ),
    "bad-start-method": ("runtime: {start_method: teleport}\n", ("problem.yaml", "runtime.start_method")),
}


@pytest.mark.parametrize("case", sorted(PROBLEM_CASES))
def test_malformed_problem_yaml(tmp_path, case):
    text, needles = PROBLEM_CASES[case]
    prob = make_problem(tmp_path, yaml_text=text)
    sol = write(tmp_path / "sol.py", "print(input())\n")
    _one_clear_line(invoke_judge("check", str(prob), str(sol)), *needles)


def test_test_without_answer(tmp_path):
    prob = make_problem(tmp_path, yaml_text=GOOD_YAML)
    (prob / "tests" / "secret" / "01.ans").unlink()
    sol = write(tmp_path / "sol.py", "print(input())\n")
    _one_clear_line(invoke_judge("check", str(prob), str(sol)), "01.ans", "missing")


def test_no_tests_folder(tmp_path):
    prob = tmp_path / "p"
    write(prob / "problem.yaml", GOOD_YAML)
    sol = write(tmp_path / "sol.py", "print(1)\n")
    _one_clear_line(invoke_judge("check", str(prob), str(sol)), "tests", "missing")


def test_stray_file_in_tests(tmp_path):
    prob = make_problem(tmp_path, yaml_text=GOOD_YAML)
    write(prob / "tests" / "secret" / "01.out", "x\n")
    sol = write(tmp_path / "sol.py", "print(input())\n")
    _one_clear_line(invoke_judge("check", str(prob), str(sol)), "01.out", "unexpected file")


def test_bad_per_test_settings(tmp_path):
    prob = make_problem(tmp_path, yaml_text=GOOD_YAML)
    write(prob / "tests" / "secret" / "01.yaml", "rules: {min_threads: many}\n")
    sol = write(tmp_path / "sol.py", "print(input())\n")
    _one_clear_line(invoke_judge("check", str(prob), str(sol)), "01.yaml", "rules.min_threads")


CONFIG_CASES = {
    "unknown-key": ("limitz: {time: 1s}\n", ("config.yaml", "limitz", "unknown key")),
    "bad-memory": ("limits: {memory: lots}\n", ("config.yaml", "limits.memory")),
    "bad-jobs": ("grading: {jobs: -1}\n", ("config.yaml", "grading.jobs")),
    "bad-isolation": ("grading: {isolation: paranoid}\n", ("config.yaml", "grading.isolation")),
    "bad-start-method": ("grading: {start_method: vfork}\n", ("config.yaml", "grading.start_method", "vfork")),
    "bad-format": ("reports: {formats: [pdf]}\n", ("config.yaml", "reports.formats[0]", "pdf")),
    "bad-layout": ("layout: '{problem}.py'\n", ("config.yaml", "layout", "{student}")),
    "yaml-syntax": ("limits: {time: 1s\n", ("config.yaml", "invalid YAML")),
}


@pytest.mark.parametrize("case", sorted(CONFIG_CASES))
def test_malformed_config_yaml(tmp_path, case):
    text, needles = CONFIG_CASES[case]
    cfg = write(tmp_path / "config.yaml", text)
    sol = write(tmp_path / "sol.py", "print(1)\n")
    _one_clear_line(invoke_judge("--config", str(cfg), "check", str(PROBLEMS / "3449"), str(sol)), *needles)


def test_config_found_in_the_working_directory(tmp_path):
    write(tmp_path / "config.yaml", "limits: {time: soon}\n")
    r = invoke_judge("problems", cwd=tmp_path)
    _one_clear_line(r, "config.yaml", "limits.time")


def test_unknown_problem_and_missing_solution(tmp_path):
    sol = write(tmp_path / "sol.py", "print(1)\n")
    _one_clear_line(invoke_judge("check", "no-such-problem", str(sol)), "no-such-problem", "not found")
    _one_clear_line(invoke_judge("check", "3504", str(tmp_path / "missing.py")), "missing.py", "no such file")


def test_grade_missing_folder_and_bad_jobs(tmp_path):
    _one_clear_line(invoke_judge("grade", str(tmp_path / "nope")), "nope", "no such folder")
    _one_clear_line(invoke_judge("grade", str(tmp_path), "-j", "zero"), "-j")


def test_unknown_verdict_folder_in_solutions(tmp_path):
    prob = make_problem(tmp_path, yaml_text=GOOD_YAML)
    write(prob / "solutions" / "maybe" / "x.py", "print(1)\n")
    _one_clear_line(run_judge("validate", str(prob)), "maybe", "verdict")


def test_bad_submissions_get_verdicts_and_do_not_stop_the_batch(tmp_path):
    subs = tmp_path / "subs"
    good = (PROBLEMS / "3504" / "solutions" / "ac" / "nested_ifs.py").read_text()
    write(subs / "good" / "3504.py", good)
    write(subs / "empty" / "3504.py", "")
    (subs / "binary").mkdir()
    (subs / "binary" / "3504.py").write_bytes(b"\x7fELF\x00\x01\x02" * 100)
    (subs / "latin1").mkdir()
    (subs / "latin1" / "3504.py").write_bytes("print('Привет')\n".encode("cp1251"))
    (subs / "dir" / "3504.py").mkdir(parents=True)
    outside = write(tmp_path / "secret_outside.py", "print('YES')\n")
    (subs / "link").mkdir()
    os.symlink(outside, subs / "link" / "3504.py")
    write(subs / "huge" / "3504.py", "# " + "x" * (2 * 1024 * 1024) + "\nprint('YES')\n")
    out = tmp_path / "out"
    r = run_judge("grade", str(subs), "--out", str(out), "-q")
    assert r.code == 0, r.err
    results = {x["student"]: x for x in json.loads((out / "report.json").read_text())["results"]}
    assert results["good"]["verdict"] == "AC"
    assert results["empty"]["verdict"] == "CE" and "empty" in results["empty"]["message"]
    assert results["binary"]["verdict"] == "CE" and "binary" in results["binary"]["message"]
    assert results["latin1"]["verdict"] == "CE" and "UTF-8" in results["latin1"]["message"]
    # An empty folder named like a submission is a multi-file submission with no source in it.
    assert results["dir"]["verdict"] == "CE" and "no source file" in results["dir"]["message"]
    assert results["link"]["verdict"] == "SV" and "outside" in results["link"]["message"]
    assert results["link"]["sha256"] == ""  # never read
    assert results["huge"]["verdict"] == "CE" and "size limit" in results["huge"]["message"]
