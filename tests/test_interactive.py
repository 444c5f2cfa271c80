"""Interactive problems end to end: a real interactor and real solutions talking through pipes,
graded by the real `judge` (and, where processes must be counted, by the grader in this
process). Tight limits keep it fast: 0.5 s of CPU and 1 s of wall clock per test."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
import time
from pathlib import Path

import psutil
import pytest
import yaml

from judge.core.config import load_config
from judge.core.verdicts import Verdict
from judge.grading.grader import Grader
from judge.grading.submission import Submission
from judge.problem import load_problem
from judge.sandbox import Sandbox
from tests.conftest import LEVELS, ROOT, run_judge, write

GUESS = ROOT / "tests" / "data" / "kattis" / "guess"

# The secret number, or what the interactor is to do wrong: exit1 | traceback | hang | slow.
INTERACTOR = """\
    import subprocess, sys, time
    from pathlib import Path

    words = Path(sys.argv[1]).read_text().split()
    feedback = Path(sys.argv[3])


    def verdict(code, message):
        (feedback / "judgemessage.txt").write_text(message)
        sys.exit(code)


    if words[0] == "exit1":
        print("the interactor gave up", file=sys.stderr)
        sys.exit(1)
    if words[0] == "traceback":
        raise RuntimeError("a bug in the interactor")
    if words[0] == "hang":
        # It starts a child (named after this file, so that the test can look for it) and
        # waits for nothing: the judge must kill both.
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", __file__])
        time.sleep(60)
    if words[0] == "slow":  # thinks for 1.2 s of CPU before the conversation
        end = time.process_time() + 1.2
        while time.process_time() < end:
            pass
        words[0] = "42"
    secret = int(words[0])
    for guess_no in range(1, 11):
        line = sys.stdin.readline()
        if not line:
            verdict(43, f"the solution stopped after {guess_no - 1} guesses")
        try:
            guess = int(line)
        except ValueError:
            verdict(43, f"not a number: {line.strip()[:20]!r} (the secret is {secret})")
        if guess == secret:
            print("correct", flush=True)
            verdict(42, "found")
        print("higher" if guess < secret else "lower", flush=True)
    verdict(43, f"not found in 10 guesses (the secret is {secret})")
"""

BISECT = (GUESS / "submissions" / "accepted" / "bisect.py").read_text()

# solutions/<verdict>/<name> of the guess problem: every way a conversation can go.
SOLUTIONS = {
    "ac/bisect.py": BISECT,
    # Right in the end, but far beyond the 10 guesses allowed.
    "wa/linear.py": (GUESS / "submissions" / "wrong_answer" / "linear.py").read_text(),
    # The interactor rejects the first line at once; the solution then waits, sleeping,
    # until the sandbox stops it at the wall limit: the interactor ended first, so WA.
    "wa/garbage_then_waits.py": """\
        import time
        print("fifty", flush=True)
        time.sleep(30)
    """,
    # Floods its stdout and never reads: the interactor answers ten times, then rejects;
    # the flood's next write breaks (EPIPE), a consequence.
    "wa/flood.py": """\
        while True:
            print(1)
    """,
    "tle/spin.py": """\
        while True:
            pass
    """,
    # Waits for a question that never comes (the interactor waits for a guess): a deadlock.
    "ile/sleeps.py": """\
        import sys
        sys.stdin.readline()
    """,
    "re/crash.py": """\
        print(50, flush=True)
        input()
        raise SystemExit(1 / 0)
    """,
}

# Observed (the bootstrap on fd 3), repeated, with a runtime rule: as for batch problems.
THREADED = {
    "ac/in_a_thread.py": """\
        import threading
        t = threading.Thread(target=exec, args=(%r,))
        t.start()
        t.join()
    """
    % BISECT,
    "rv/no_thread.py": BISECT,
    # print() without flush: the guess stays in the buffer while both sides wait.
    "ile/no_flush.py": """\
        import sys
        print(50)
        sys.stdin.readline()
    """,
}

YAML = """\
    title: {en: Guess the number}
    limits: {time: 0.5s, wall_time: 1s}
    interactive: true
    checker: {name: external, program: checker/interactor.py, protocol: kattis, timeout: 0.5s}
"""


def interactive_problem(
    root: Path, name: str, tests: dict[str, str], solutions: dict[str, str], extra_yaml: str = ""
) -> Path:
    folder = root / name
    write(folder / "problem.yaml", textwrap.dedent(YAML) + extra_yaml)
    write(folder / "checker" / "interactor.py", INTERACTOR)
    for test, secret in tests.items():
        write(folder / "tests" / f"{test}.in", secret + "\n")
        write(folder / "tests" / f"{test}.ans", secret + "\n")
    for path, code in solutions.items():
        write(folder / "solutions" / path, code)
    return folder


@pytest.fixture(scope="module")
def problems(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("interactive")
    out = {"guess": interactive_problem(root, "guess", {"sample/01": "42", "secret/01": "77"}, SOLUTIONS)}
    out["threads"] = interactive_problem(
        root, "threads", {"sample/01": "42"}, THREADED, "rules: {min_threads: 1}\nruntime: {repeats: 2}\n"
    )
    for mode in ("exit1", "traceback", "hang"):
        out[mode] = interactive_problem(root, f"broken-{mode}", {"sample/01": mode}, {"ie/bisect.py": BISECT})
    return out


def validate(*args: str) -> dict[str, str]:
    r = run_judge("validate", *args)
    lines = {m.group(2): m.group(0) for m in re.finditer(r"^(ok  |FAIL) (\S+): expected.*$", r.out, re.M)}
    assert lines, r.out + r.err
    failed = [line for line in lines.values() if line.startswith("FAIL")]
    assert not failed and r.code == 0, "\n".join(failed) or r.err
    return lines


# -- the Kattis package -----------------------------------------------------------------------


def test_imported_kattis_package_validates(tmp_path):
    r = run_judge("import", "kattis", str(GUESS), str(tmp_path / "guess"))
    assert r.code == 0, r.err
    assert "interactive problem" in r.out and "solutions: ac 2, wa 2, tle 1, re 1" in r.out
    data = yaml.safe_load((tmp_path / "guess" / "problem.yaml").read_text())
    assert data["interactive"] is True
    assert data["checker"] == {"name": "external", "program": "checker/interactor.py", "protocol": "kattis"}
    lines = validate(str(tmp_path / "guess"))
    assert len(lines) == 6  # C++ and Python AC, WA, TLE, RE: each got its folder's verdict


# -- a hand-written problem, every isolation and start mode -------------------------------------


@pytest.mark.parametrize(
    "level, zygote",
    [
        pytest.param("basic", "zygote"),
        pytest.param("basic", "fresh"),
        pytest.param("strict", "zygote", marks=LEVELS[1].marks),
        pytest.param("strict", "fresh", marks=LEVELS[1].marks),
    ],
)
def test_every_conversation_gets_its_verdict(problems, level, zygote):
    started = time.monotonic()
    args = [str(p) for p in problems.values()] + ["--isolation", level]
    lines = validate(*args, *(["--no-zygote"] if zygote == "fresh" else []))
    assert len(lines) == len(SOLUTIONS) + len(THREADED) + 3
    # The hanging interactor costs its budget (timeout 0.5 s + wall 1 s), nothing more.
    assert time.monotonic() - started < 30


def check(problem: Path, solution: Path, *args: str) -> dict:
    r = run_judge("check", str(problem), str(solution), "--json", "-", *args)
    result = json.loads(r.out)["results"][0]
    # 3: an IE verdict (here a broken interactor) is the judge's failure, not the student's.
    assert r.code == {"AC": 0, "IE": 3}.get(result["verdict"], 1), (r.code, result["verdict"], r.err)
    return result


def test_messages_show_the_interactor_on_samples_only(problems):
    guess = problems["guess"]
    result = check(guess, guess / "solutions" / "wa" / "linear.py")
    sample, secret = result["tests"]
    assert sample["verdict"] == secret["verdict"] == "WA"
    assert sample["message"] == "not found in 10 guesses (the secret is 42)"
    assert secret["message"] == "wrong answer on a hidden test"  # never the secret 77
    assert "diff" not in sample  # there is no expected output to compare with

    ok = check(guess, guess / "solutions" / "ac" / "bisect.py")
    assert ok["verdict"] == "AC" and ok["score"] == 100
    assert all(t["time"] > 0 and t["memory"] > 0 for t in ok["tests"])

    crashed = check(guess, guess / "solutions" / "re" / "crash.py")
    assert crashed["tests"][0]["message"] == "ZeroDivisionError: division by zero (line 3)"

    threads = problems["threads"]
    observed = check(threads, threads / "solutions" / "ac" / "in_a_thread.py")
    assert observed["verdict"] == "AC" and observed["tests"][0]["runs"] == 2
    assert observed["tests"][0]["concurrency"]["threads_started"] == 1
    stuck = check(threads, threads / "solutions" / "ile" / "no_flush.py")
    assert stuck["verdict"] == "ILE"
    assert "where the threads wait" in stuck["message"] and "readline" in stuck["message"]

    broken = check(problems["traceback"], guess / "solutions" / "ac" / "bisect.py")
    message = broken["tests"][0]["message"]
    assert broken["verdict"] == "IE"
    assert message.startswith("the interactor exited with code 1 (expected 42 or 43)")
    assert "RuntimeError: a bug in the interactor" in message  # a sample: the teacher sees why


def test_a_solution_waiting_for_a_busy_interactor_is_not_idle(tmp_path):
    folder = interactive_problem(tmp_path, "p", {"sample/01": "slow"}, {})
    # Room for the interactor's 1.2 s of CPU on a busy machine: over its budget it would be
    # IE for another reason (it did not finish), which is not what this test is about. (5 s
    # was not enough in a CI run beside a sweep and its burner: it shares the test runner's
    # session, hence its CPU share, with the burner.)
    (folder / "problem.yaml").write_text(textwrap.dedent(YAML).replace("timeout: 0.5s", "timeout: 20s"))
    result = check(folder, GUESS / "submissions" / "accepted" / "bisect.py")
    assert result["verdict"] == "IE"
    assert "while the interactor computed" in result["tests"][0]["message"]


def test_hidden_interactor_failures_say_what_but_not_what_it_said(tmp_path):
    folder = interactive_problem(tmp_path, "p", {"secret/01": "exit1"}, {})
    result = check(folder, GUESS / "submissions" / "accepted" / "bisect.py")
    assert result["tests"][0]["message"] == (
        "internal error on a hidden test: the interactor exited with code 1 (expected 42 or 43)"
    )


# -- nothing is left running ----------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_a_hanging_interactor_and_a_waiting_solution_leave_nothing(problems, level, tmp_path):
    config = load_config(ROOT / "config.yaml")
    with Sandbox(isolation=level, zygote=True) as box:
        box.start()
        grader = Grader(config, box)
        hang = load_problem(problems["hang"])
        started = time.monotonic()
        result = grader.grade(hang, _submission(problems["guess"] / "solutions" / "ac" / "bisect.py"))
        took = time.monotonic() - started
        assert result.verdict == Verdict.IE
        assert result.tests[0].message.startswith("the interactor did not finish within 1.5 s")
        assert took < 1.5 + 3  # its budget, then it was killed
        # The solution sleeps after the interactor rejected it: killed at the wall limit.
        guess = load_problem(problems["guess"])
        waits = grader.grade(guess, _submission(problems["guess"] / "solutions" / "wa" / "garbage_then_waits.py"))
        assert [t.verdict for t in waits.tests] == [Verdict.WA, Verdict.WA]
        assert waits.tests[0].message.startswith("not a number: 'fifty'")
        _assert_only_helpers_left()
    marker = str((problems["hang"] / "checker" / "interactor.py").resolve())
    left = [p.pid for p in psutil.process_iter(["cmdline"]) if marker in (p.info["cmdline"] or [])]
    assert not left, "the interactor or its child survived"


def test_a_solution_that_kills_its_helper_takes_no_other_tests_interactor(problems, tmp_path):
    # Two tests at once, each in its own sandbox. On the sample (secret 42: "lower") the
    # solution kills its helper, which only the base layer allows: SV, and the judge kills
    # that run's orphans. Meanwhile the hidden test's conversation (77: "higher") goes on:
    # its interactor, a child of the judge too, must not be taken for an orphan.
    solution = tmp_path / "killer.py"
    solution.write_text(
        textwrap.dedent("""\
        import os, signal, time
        print(50, flush=True)
        if input() == "lower":
            os.kill(os.getppid(), signal.SIGKILL)
            time.sleep(5)
        time.sleep(0.5)
    """)
        + BISECT
    )
    boxes = [Sandbox(isolation="basic", slot=i, zygote=True) for i in range(2)]
    try:
        for box in boxes:
            box.start()
        result = Grader(load_config(ROOT / "config.yaml"), boxes, cores=2).grade(
            load_problem(problems["guess"]), _submission(solution)
        )
    finally:
        for box in boxes:
            box.close()
    assert [(t.name, t.verdict) for t in result.tests] == [("sample/01", Verdict.SV), ("secret/01", Verdict.AC)], (
        result.message,
        [t.message for t in result.tests],
    )
    _assert_only_helpers_left()


def _submission(path: Path) -> Submission:
    return Submission(path=path, student="test", problem=path.parents[2].name, display=str(path))


def _assert_only_helpers_left() -> None:
    """Our descendants are the sandbox helpers, the bwrap processes holding them and their
    zygotes: no solution, no interactor. Zombies are dead already and do not count."""
    me = psutil.Process()
    deadline = time.monotonic() + 2
    while True:
        strays = []
        for p in me.children(recursive=True):
            try:
                if p.status() == psutil.STATUS_ZOMBIE:
                    continue
                cmd = " ".join(p.cmdline())
            except psutil.Error:
                continue
            if "judge.sandbox.helper" not in cmd and "--zygote" not in cmd:
                strays.append((p.pid, cmd))
        if not strays or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not strays, f"left running: {strays}"


# -- problem.yaml and the student copy ----------------------------------------------------------------


@pytest.mark.parametrize(
    "change, key",
    [
        ("interactive: yes please", "interactive: expected true or false"),
        ("interactive: true\nchecker: tokens", "checker: an interactive problem needs its interactor"),
        (
            "interactive: true\nchecker: {name: external, program: checker/interactor.py, protocol: testlib}",
            "checker.protocol: an interactive problem needs its interactor",
        ),
    ],
)
def test_problem_yaml_errors_name_the_file_and_the_key(tmp_path, change, key):
    folder = interactive_problem(tmp_path, "p", {"sample/01": "42"}, {})
    write(folder / "problem.yaml", f"title: Guess\n{change}\n")
    r = run_judge("check", str(folder), str(GUESS / "submissions" / "accepted" / "bisect.py"))
    assert r.code == 2
    assert len(r.err.strip().splitlines()) == 1 and f"{folder / 'problem.yaml'}: {key}" in r.err, r.err


def test_student_copy_keeps_the_samples_and_the_interactor(problems, tmp_path):
    source = tmp_path / "problems"
    shutil.copytree(problems["guess"], source / "guess")
    r = run_judge("export-student", str(source), str(tmp_path / "copy"))
    assert r.code == 0, r.err
    assert "guess: samples only (interactive: the interactor reads the hidden answers)" in r.out
    copy = tmp_path / "copy" / "guess"
    assert not (copy / "tests" / "secret").exists()
    assert (copy / "checker" / "interactor.py").is_file()
    result = check(copy, problems["guess"] / "solutions" / "ac" / "bisect.py")
    assert result["verdict"] == "AC" and [t["name"] for t in result["tests"]] == ["sample/01"]


@pytest.mark.parametrize("level", LEVELS)
def test_a_solution_the_interactor_rejected_is_stopped_at_once(tmp_path, level):
    """The interactor rejects the first guess; the solution ignores the closed pipes and
    sleeps (or spins). The verdict is WA either way; the solution is stopped right after the
    interactor's end, not at its 10 s wall limit (5 s of CPU)."""
    waits = {
        "wa/sleeps.py": 'import time\nprint("fifty", flush=True)\ntime.sleep(60)\n',
        "wa/spins.py": 'print("fifty", flush=True)\nwhile True:\n    pass\n',
    }
    prob = interactive_problem(tmp_path, "patient", {"sample/01": "42", "secret/01": "7"}, waits)
    (prob / "problem.yaml").write_text(
        textwrap.dedent(YAML).replace("{time: 0.5s, wall_time: 1s}", "{time: 5s, wall_time: 10s}")
    )
    started = time.monotonic()
    lines = validate(str(prob), "--isolation", level, "--all-tests")
    assert len(lines) == 2
    # Two solutions x two tests, each stopped about 0.2 s after the interactor's end.
    assert time.monotonic() - started < 15, "a rejected solution ran into its limits"
    result = check(prob, prob / "solutions" / "wa" / "sleeps.py", "--isolation", level)
    assert [t["verdict"] for t in result["tests"]] == ["WA", "WA"]
    assert all(t["wall_time"] < 3 for t in result["tests"]), result["tests"]
    assert result["tests"][0]["message"].startswith("not a number: 'fifty'")
