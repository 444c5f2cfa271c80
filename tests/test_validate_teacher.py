"""`judge validate` is the teacher's tool (issue 21): a reference failing a hidden test shows
that test's diff, where students see only the verdict; an empty answer file is refused when
the problem loads; expected.yaml's `score:` matches the score as it is printed."""

from __future__ import annotations

import json
import re

import pytest

from judge.commands.validate import _mismatches
from judge.core.results import SubmissionResult
from judge.core.verdicts import Verdict
from judge.problem import ExpectedOutcome, load_problem
from tests.conftest import PROBLEMS, invoke_judge, make_problem, run_judge, write

# Distinctive words, so that a leak is found by a plain search of every output and report.
HIDDEN_INPUT = "hidden-input-7f3a"
HIDDEN_ANSWER = "secret-answer-9c1e"


def _teacher_mistake(tmp_path):
    """A problem whose hidden answer is wrong (the reference echoes its input, as it should):
    the teacher's mistake, which validate must let the teacher see."""
    prob = make_problem(
        tmp_path,
        "mistake",
        tests={"sample/01": ("hello\n", "hello\n"), "secret/01": (f"{HIDDEN_INPUT}\n", f"{HIDDEN_ANSWER}\n")},
    )
    write(prob / "solutions" / "ac" / "echo.py", "print(input())\n")
    # A reference that crashes on the hidden test: its traceback is shown as a sample's is.
    write(
        prob / "solutions" / "ac" / "crash.py",
        """\
        line = input()
        if line.startswith("hidden"):
            raise ValueError("cannot read it")
        print(line)
        """,
    )
    return prob


def test_validate_shows_the_teacher_a_failing_hidden_tests_diff(tmp_path):
    prob = _teacher_mistake(tmp_path)
    report = tmp_path / "validate.json"
    r = run_judge("validate", str(prob), "-q", "--json", str(report))
    assert r.code == 1, r.out + r.err
    echo_block = r.out.split("echo.py", 1)[1].split("\n0 of 2", 1)[0]
    assert "secret/01: wrong answer" in echo_block, r.out
    assert f'expected: "{HIDDEN_ANSWER}"' in echo_block and f'got:      "{HIDDEN_INPUT}"' in echo_block, r.out
    assert "ValueError: cannot read it" in r.out and "Traceback" in r.out, r.out  # crash.py
    results = {x["submission"].rsplit("/", 1)[-1]: x for x in json.loads(report.read_text())["results"]}
    hidden = {t["name"]: t for t in results["echo.py"]["tests"]}["secret/01"]
    assert HIDDEN_ANSWER in hidden["diff"] and HIDDEN_INPUT in hidden["diff"]
    assert hidden["message"] == "wrong answer on a hidden test"  # expected.yaml's `message:` sees the same
    crashed = {t["name"]: t for t in results["crash.py"]["tests"]}["secret/01"]
    assert crashed["verdict"] == "RE" and "Traceback" in crashed["diff"]


def test_students_never_see_a_hidden_tests_data(tmp_path):
    """The same solution and problem through `judge check` and `judge grade`: the hidden test
    shows its verdict only, in every output and every report file."""
    prob = _teacher_mistake(tmp_path)
    sol = prob / "solutions" / "ac" / "echo.py"
    check = run_judge("check", str(prob), str(sol), "-v")
    as_json = run_judge("check", str(prob), str(sol), "--json", "-")
    subs = tmp_path / "subs"
    write(subs / "ann" / "mistake.py", sol.read_text())
    write(subs / "bob" / "mistake.py", (prob / "solutions" / "ac" / "crash.py").read_text())
    out = tmp_path / "out"
    grade = run_judge(
        "grade",
        str(subs),
        "--problems-dir",
        str(tmp_path),
        "--out",
        str(out),
        "-q",
        "--format",
        "json,csv,md,html,junit",
    )
    assert check.code == 1 and as_json.code == 1 and grade.code == 0, grade.out + grade.err
    tests = {t["name"]: t for t in json.loads(as_json.out)["results"][0]["tests"]}
    assert tests["secret/01"]["verdict"] == "WA" and "diff" not in tests["secret/01"]
    texts = [check.out, check.err, as_json.out, grade.out, grade.err]
    texts += [p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()]
    assert len(texts) > 5
    for text in texts:
        assert HIDDEN_ANSWER not in text and HIDDEN_INPUT not in text


def test_an_empty_answer_is_refused_when_the_problem_loads(tmp_path):
    prob = make_problem(tmp_path, tests={"sample/01": ("hello\n", "hello\n"), "secret/01": ("world\n", "")})
    sol = write(tmp_path / "sol.py", "print(input())\n")
    for command in (("check", str(prob), str(sol)), ("validate", str(prob)), ("show", str(prob))):
        r = invoke_judge(*command)
        assert r.code == 2, (command, r.out, r.err)
        lines = [line for line in r.err.splitlines() if line.strip()]
        assert len(lines) == 1 and "Traceback" not in r.err + r.out, r.err
        assert "secret/01.ans: empty answer: the checker 'tokens' compares the output with it" in lines[0]
    # The way to say "prints nothing": one line break.
    (prob / "tests" / "secret" / "01.ans").write_text("\n")
    assert len(load_problem(prob).tests) == 2


@pytest.mark.parametrize(
    "yaml_text, test_yaml",
    [
        # the pattern is an option: the .ans is not read (GitHub Classroom imports leave it empty)
        ("checker: {name: regex, pattern: 'w.*'}\n", None),
        # ... or a test's own option
        ("checker: regex\n", "checker: {pattern: 'w.*'}\n"),
        # a checker program decides what the answer file is for
        ("checker: {name: external, program: check.py}\n", None),
    ],
    ids=["regex-pattern", "regex-pattern-per-test", "external"],
)
def test_an_empty_answer_is_fine_where_the_checker_does_not_read_it(tmp_path, yaml_text, test_yaml):
    prob = make_problem(
        tmp_path, yaml_text=yaml_text, tests={"sample/01": ("w\n", "w\n"), "secret/01": ("world\n", "")}
    )
    write(prob / "check.py", "import sys\nsys.exit(42)\n")
    if test_yaml:
        write(prob / "tests" / "secret" / "01.yaml", test_yaml)
    assert [t.name for t in load_problem(prob).tests] == ["sample/01", "secret/01"]


def test_an_empty_regex_answer_is_refused_where_it_is_the_pattern(tmp_path):
    prob = make_problem(tmp_path, yaml_text="checker: regex\n", tests={"secret/01": ("x\n", "")})
    r = invoke_judge("show", str(prob))
    assert r.code == 2 and "01.ans: empty answer: the checker 'regex'" in r.err, r.err


def test_no_bundled_problem_has_an_empty_answer():
    for problem_yaml in sorted(PROBLEMS.glob("*/problem.yaml")):
        load_problem(problem_yaml.parent)  # raises on an empty .ans


def _result(score: float) -> SubmissionResult:
    return SubmissionResult("validate", "p", "p/solutions/wa/x.py", "", "python", Verdict.WA, score, 100)


@pytest.mark.parametrize("written", [16.6667, 16.67, 16.666667, 100 / 6])
def test_expected_score_matches_as_printed(tmp_path, written):
    """100/6 prints as 16.6667: that, or the same rounded to 2 decimals, matches (it once
    failed with "score 16.6667, expected 16.6667": a 1e-6 tolerance under 6 printed digits)."""
    expected = ExpectedOutcome(solution=tmp_path / "x.py", verdict=Verdict.WA, score=written)
    assert _mismatches(expected, _result(100 / 6), None) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("written", [16.66, 16.68, 17, 16])
def test_expected_score_a_hundredth_off_fails_and_says_both(tmp_path, written):
    expected = ExpectedOutcome(solution=tmp_path / "x.py", verdict=Verdict.WA, score=written)
    assert _mismatches(expected, _result(100 / 6), None) == [  # type: ignore[arg-type]
        f"score 16.6667, expected {written:g}"
    ]


def test_a_score_copied_from_validates_line_matches(tmp_path):
    """End to end: the score validate prints, written into expected.yaml, passes."""
    tests = {f"secret/{i:02d}": (f"{i}\n", f"{i}\n") for i in range(1, 7)}
    prob = make_problem(tmp_path, tests=tests)
    write(prob / "solutions" / "ac" / "ok.py", "print(input())\n")
    write(prob / "solutions" / "wa" / "one.py", "n = int(input())\nprint(n if n == 1 else 0)\n")
    write(prob / "solutions" / "expected.yaml", "wa/one.py: {score: 0}\n")
    first = run_judge("validate", str(prob), "-q")
    assert first.code == 1, first.out + first.err
    printed = re.search(r"one\.py: expected WA, got WA \(([\d.]+)/100\)", first.out)
    assert printed and printed.group(1) == "16.6667", first.out
    write(prob / "solutions" / "expected.yaml", f"wa/one.py: {{score: {printed.group(1)}}}\n")
    again = run_judge("validate", str(prob), "-q")
    assert again.code == 0, again.out + again.err
