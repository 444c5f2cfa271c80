"""The lecture's classic mistakes, recognised from what this very interpreter does with them.

The hints name Python versions and start methods; each test runs the mistake for real (a
subprocess of the interpreter running the tests, 3.11 to 3.14) and checks that the hint is
recognised and still tells the truth there."""

from __future__ import annotations

import ast
import json
import multiprocessing
import subprocess
import sys

import pytest

from judge.core.verdicts import Verdict
from judge.grading.hints import HINTS, Clues, problem_hint_fires, recognise
from judge.problem import Hint, load_problem
from tests.conftest import PROBLEMS, invoke_judge, make_problem, run_judge, write

pytestmark = pytest.mark.portable

HINT = {h.id: h for h in HINTS}


def run(path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(path)], input=stdin, capture_output=True, text=True, timeout=120, cwd=path.parent
    )


def clues_for(path, proc: subprocess.CompletedProcess[str]) -> Clues:
    source = path.read_text(encoding="utf-8")
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    return Clues(source=source, tree=ast.parse(source), verdict=Verdict.RE, exceptions=[last], stderr=proc.stderr)


def test_asyncio_coroutine_is_gone_as_the_hint_says():
    sol = PROBLEMS / "asyncio-gather" / "solutions" / "re" / "lecture_coroutine.py"
    proc = run(sol, "1\n0 2 1\n")
    assert proc.returncode == 1
    assert "has no attribute 'coroutine'" in proc.stderr, proc.stderr
    assert [h.id for h in recognise(clues_for(sol, proc))][:1] == ["asyncio-coroutine"]
    assert "removed in Python 3.11" in HINT["asyncio-coroutine"].text and sys.version_info >= (3, 11)


def test_a_generator_driven_by_yield_from_is_not_awaitable(tmp_path):
    """Without the decorator: asyncio refuses the generator itself (TypeError)."""
    sol = write(
        tmp_path / "gen.py",
        """\
        import asyncio

        def tick():
            yield from asyncio.sleep(0)

        async def main():
            await asyncio.gather(tick())

        asyncio.run(main())
        """,
    )
    proc = run(sol)
    assert proc.returncode == 1 and "TypeError" in proc.stderr, proc.stderr
    assert "asyncio-coroutine" in [h.id for h in recognise(clues_for(sol, proc))]


METHODS = [m for m in ("spawn", "forkserver") if m in multiprocessing.get_all_start_methods()]


@pytest.mark.parametrize("method", METHODS)
def test_no_main_guard_under_the_methods_that_import_the_file_again(tmp_path, method):
    """spawn (Windows, macOS) and forkserver (Linux's default since 3.14) both run the
    solution's top level again in a child: the hint must come up under either."""
    original = (PROBLEMS / "processes-primes" / "solutions" / "re" / "no_main_guard.py").read_text()
    sol = write(
        tmp_path / "sol.py",
        f"import multiprocessing\nmultiprocessing.set_start_method({method!r}, force=True)\n" + original,
    )
    proc = run(sol, "2\n1 10\n11 20\n")
    assert proc.returncode != 0, proc.stdout
    ids = [h.id for h in recognise(clues_for(sol, proc))]
    assert "no-main-guard" in ids, proc.stderr
    assert method in HINT["no-main-guard"].text


def test_unbound_local_is_the_missing_global_hint_in_either_wording(tmp_path):
    """3.11 says "referenced before assignment", 3.12+ "cannot access local variable": the
    hint goes by the exception's name, not its wording."""
    sol = write(
        tmp_path / "sol.py",
        """\
        counter = 0

        def add():
            counter += 1

        add()
        """,
    )
    proc = run(sol)
    assert "UnboundLocalError" in proc.stderr
    assert "missing-global" in [h.id for h in recognise(clues_for(sol, proc))]


# -- problem.yaml hints by verdict (issue 21) ----------------------------------------------

SUM_YAML = """\
title: Sum
limits: {time: 2s}
rules: {min_threads: 1}
hints:
  - when: {test: secret/01, verdict: WA}
    text: Check that you sum all N numbers.
  - when: {test: secret/01}
    text: Any failure of secret/01.
  - when: {verdict: RV}
    text: Start a thread.
  - when: {source: "sum(", verdict: [WA, PE]}
    text: sum() with a wrong answer.
"""
SEQUENTIAL_RIGHT = "print(sum(map(int, input().split())))\n"
THREADED_WRONG = """\
import threading

numbers = list(map(int, input().split()))
total = []
worker = threading.Thread(target=lambda: total.append(sum(numbers[1:])))
worker.start()
worker.join()
print(total[0])
"""


def _sum_problem(tmp_path):
    return make_problem(tmp_path, "sum", SUM_YAML, tests={"secret/01": ("1 2 3\n", "6\n")})


def _hints_for(prob, sol) -> tuple[str, list[str]]:
    r = run_judge("check", str(prob), str(sol), "--json", "-")
    assert r.code == 1, r.out + r.err
    result = json.loads(r.out)["results"][0]
    return result["verdict"], result["hints"]


def test_a_wrong_answer_hint_is_not_given_to_a_right_answer_that_broke_a_rule(tmp_path):
    """The issue's case: no threads, the right sum -> RV, and not "sum all N numbers"."""
    prob = _sum_problem(tmp_path)
    verdict, given = _hints_for(prob, write(tmp_path / "seq.py", SEQUENTIAL_RIGHT))
    assert verdict == "RV"
    assert given == ["Any failure of secret/01.", "Start a thread."]
    verdict, given = _hints_for(prob, write(tmp_path / "threads.py", THREADED_WRONG))
    assert verdict == "WA"
    assert given == ["Check that you sum all N numbers.", "Any failure of secret/01.", "sum() with a wrong answer."]


def test_problem_hint_fires_by_test_source_and_verdict():
    def fires(verdict, failed, code="", **when) -> bool:
        return problem_hint_fires(Hint(texts={"en": "t"}, **when), verdict, failed, code)

    WA, RV, RE, PE = Verdict.WA, Verdict.RV, Verdict.RE, Verdict.PE
    assert fires(WA, {"secret/01": WA}, test="secret/01")
    assert fires(RV, {"secret/01": RV}, test="secret/01")  # no verdict: any failure, as before
    assert not fires(WA, {"secret/02": WA}, test="secret/01")
    # with a verdict: that test's verdict, not the submission's
    assert fires(WA, {"secret/01": WA}, test="secret/01", verdicts=(WA,))
    assert not fires(RV, {"secret/01": RV}, test="secret/01", verdicts=(WA,))
    assert not fires(RE, {"secret/01": RE}, test="secret/01", verdicts=(WA, PE))
    assert fires(RV, {"secret/01": RV, "secret/02": WA}, test="secret/02", verdicts=(WA,))
    assert not fires(RV, {"secret/01": RV, "secret/02": WA}, test="secret/01", verdicts=(WA,))
    # a static rule's RV with a wrong answer on the test: the test did get WA
    assert fires(RV, {"secret/01": WA}, test="secret/01", verdicts=(WA,))
    # alone: the submission's verdict or a failed test's
    assert fires(RV, {}, verdicts=(RV,)) and fires(RV, {"secret/03": WA}, verdicts=(WA,))
    assert not fires(WA, {"secret/01": WA}, verdicts=(RV, RE))
    # beside a source text: both
    assert fires(WA, {"secret/01": WA}, "x = sum(a)", source="sum(", verdicts=(WA,))
    assert not fires(RE, {"secret/01": RE}, "x = sum(a)", source="sum(", verdicts=(WA,))
    assert not fires(WA, {"secret/01": WA}, "x = 0", source="sum(", verdicts=(WA,))
    assert fires(RE, {"secret/01": RE}, "x = sum(a)", source="sum(")
    # test and source in one hint: either
    assert fires(WA, {"secret/01": WA}, "x", test="secret/01", source="sum(")


@pytest.mark.parametrize(
    "when, key, words",
    [
        ("{test: secret/01, verdict: WAA}", "hints[0].when.verdict:", "unknown verdict 'WAA' (expected one of: WA, PE"),
        ("{verdict: [WA, 42]}", "hints[0].when.verdict[1]:", "unknown verdict '42'"),
        ("{verdict: [WA, AC]}", "hints[0].when.verdict[1]:", "never on 'AC'"),
        ("{verdict: []}", "hints[0].when.verdict:", "expected a verdict code or a list of them"),
        ("{verdict: {WA: 1}}", "hints[0].when.verdict:", "expected a list of strings"),
    ],
)
def test_a_hint_verdict_is_a_known_failure_code(tmp_path, when, key, words):
    prob = make_problem(tmp_path, yaml_text=f"title: Echo\nhints:\n  - when: {when}\n    text: hi\n")
    sol = write(tmp_path / "sol.py", "print(input())\n")
    r = invoke_judge("check", str(prob), str(sol))
    assert r.code == 2, (r.code, r.out, r.err)
    lines = [line for line in r.err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in r.err, r.err
    assert f"problem.yaml: {key}" in lines[0] and words in lines[0], lines[0]


def test_a_hint_verdict_is_one_code_or_a_list_in_either_case(tmp_path):
    yaml_text = "hints:\n  - when: {verdict: wa}\n    text: a\n  - when: {verdict: [re, TLE]}\n    text: b\n"
    assert [h.verdicts for h in load_problem(make_problem(tmp_path, yaml_text=yaml_text)).hints] == [
        (Verdict.WA,),
        (Verdict.RE, Verdict.TLE),
    ]
    hints = {h.test or h.source: h.verdicts for h in load_problem(PROBLEMS / "3737").hints}
    assert hints == {"secret/05": (Verdict.WA,), "round(": (Verdict.WA,), "secret/12": (Verdict.WA, Verdict.PE)}


def test_a_bundled_problems_answer_hints_skip_a_crash():
    """3504's leap-year hints are about wrong answers: a solution that crashes on every test
    (RE) used to get all three."""
    sol = PROBLEMS / "3504" / "solutions" / "re" / "no_int.py"
    r = run_judge("check", "3504", str(sol), "--json", "-")
    result = json.loads(r.out)["results"][0]
    assert result["verdict"] == "RE"
    assert not any("leap year" in h or "remainder operator" in h for h in result["hints"]), result["hints"]


@pytest.mark.parametrize(
    ("made", "word"),
    [("Process(target=work)", "each process is waited for"), ("Thread(target=work)", "each thread is waited for")],
)
def test_start_and_join_in_one_loop_is_said_with_what_was_started(made, word):
    source = f"for _ in range(3):\n    w = {made}\n    w.start()\n    w.join()\n"
    found = recognise(Clues(source=source, tree=ast.parse(source), verdict=Verdict.RV))
    # One text per mistake: the process wording is narrower and listed first.
    assert [h.id for h in found] == ["start-join-same-loop"]
    assert word in found[0].text


@pytest.mark.parametrize("fresh", [False, True], ids=["zygote", "fresh"])
def test_a_solution_has_the_standard_library_only(tmp_path, fresh):
    """PyYAML is installed beside the judge (it reads problem.yaml with it), yet a solution
    cannot import it, warm or fresh: the verdict cannot depend on what the judging machine has
    installed. The hint says why; exit() still works as site would give it (a lecture habit)."""
    prob = make_problem(tmp_path)  # an echo
    third_party = write(tmp_path / "yaml_echo.py", "import yaml\nprint(input())\n")
    r = run_judge("check", str(prob), str(third_party), "--json", "-", *(["--no-zygote"] if fresh else []))
    assert r.code == 1, r.out + r.err
    result = json.loads(r.out)["results"][0]
    assert result["verdict"] == "RE" and "No module named 'yaml'" in result["message"], result
    assert any("standard library" in h for h in result["hints"]), result["hints"]
    stdlib = write(tmp_path / "exit_echo.py", "import json\nprint(input())\nexit(0)\n")
    r = run_judge("check", str(prob), str(stdlib), "--json", "-", *(["--no-zygote"] if fresh else []))
    assert r.code == 0 and json.loads(r.out)["results"][0]["verdict"] == "AC", r.out + r.err
