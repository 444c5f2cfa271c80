"""An all-or-nothing group (`scoring: all`) stops at its first test that hit a limit: the rest
are SK (their points are lost either way), the same whether the tests run one at a time or
side by side; a wrong answer's group, a per-test group and the samples still run every test."""

from __future__ import annotations

import json

import pytest

from tests.conftest import make_problem, run_judge, write

PROBLEM = """\
title: {en: Cut, ru: Отсечка}
limits: {time: 300ms, wall_time: 2s, memory: 256MiB}
groups:
  - {name: sample, tests: "sample/*", points: 0}
  - {name: whole, tests: "secret/0[1-4]", points: 60, scoring: all}
  - {name: each, tests: "secret/0[5-6]", points: 40}
"""
# Loops forever on an input that starts with "loop", echoes anything else.
SOLUTION = """\
line = input()
while line.startswith("loop"):
    pass
print(line)
"""


def _tests(**inputs: str) -> dict[str, tuple[str, str]]:
    return {name.replace("_", "/"): (text + "\n", text + "\n") for name, text in inputs.items()}


@pytest.fixture
def problem(tmp_path):
    tests = _tests(
        sample_01="loop sample",  # the samples run whatever they give
        sample_02="fine",
        secret_01="a",
        secret_02="loop 2",  # hits the limit: 03 and 04 are not run
        secret_03="loop 3",
        secret_04="d",
        secret_05="loop 5",  # a per-test group: every test runs
        secret_06="loop 6",
    )
    return make_problem(tmp_path / "problems", "cut", PROBLEM, tests)


@pytest.mark.parametrize("how", ["side by side", "one at a time"])
def test_a_group_stops_at_its_first_limit_and_the_score_is_the_same(problem, tmp_path, how):
    sol = write(tmp_path / "sol.py", SOLUTION)
    if how == "side by side":  # `judge check` runs the tests on several sandboxes at once
        r = run_judge("check", str(problem), str(sol), "--json", "-", "--lang", "en")
        assert r.code == 1, r.err
        [result] = json.loads(r.out)["results"]
    else:  # `judge grade`'s workers have a sandbox each: a submission's tests one at a time
        write(tmp_path / "class" / "ann" / "cut.py", SOLUTION)
        out = tmp_path / "out"
        r = run_judge("grade", str(tmp_path / "class"), "--problems-dir", str(problem.parent), "--out", str(out))
        assert r.code == 0, r.err
        [result] = json.loads((out / "report.json").read_text())["results"]
    verdicts = {t["name"]: t["verdict"] for t in result["tests"]}
    assert verdicts == {
        "sample/01": "TLE",
        "sample/02": "AC",
        "secret/01": "AC",
        "secret/02": "TLE",
        "secret/03": "SK",
        "secret/04": "SK",
        "secret/05": "TLE",
        "secret/06": "TLE",
    }, verdicts
    assert result["verdict"] == "TLE" and result["score"] == 0
    [skipped] = {t["message"] for t in result["tests"] if t["verdict"] == "SK"}
    assert "secret/02 of group whole hit a limit" in skipped


def test_a_wrong_answer_does_not_stop_the_group(problem, tmp_path):
    """Every failing test of the group keeps its verdict (and so its hint)."""
    sol = write(tmp_path / "sol.py", "line = input()\nprint('x' if line.startswith('loop') else line)\n")
    r = run_judge("check", str(problem), str(sol), "--json", "-")
    [result] = json.loads(r.out)["results"]
    assert [t["verdict"] for t in result["tests"] if t["name"].startswith("secret/")] == [
        "AC",
        "WA",
        "WA",
        "AC",
        "WA",
        "WA",
    ]
