"""`judge export-student`: hidden tests whose answers are locked behind salted hashes.

The central property: the student copy gives every solution the same verdict, score and
per-test verdicts as the teacher's full problem set, and holds no secret answer.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROBLEMS, invoke_judge, make_problem, run_judge, write

ASSIGNED = ("3449", "3457", "3504", "3506", "3737", "3738")
# Solutions that time out on every test (expected score 0) never reach a checker, locked or
# not, and cost a whole time limit per test: left out of the comparison.
SLOW_VERDICTS = ("tle", "ile")
# Concurrency problems whose runs are timed (concurrency/parallelism rules: they run alone,
# one test at a time) or spawn interpreters (_slow_problem) are slow: compared only with
# JUDGE_SLOW_TESTS=1.
SLOW_TESTS = os.environ.get("JUDGE_SLOW_TESTS") == "1"
# Verdicts the sandbox decides from the run, before any checker: on a loaded machine they may
# differ between two gradings of the same solution for reasons that have nothing to do with
# locks. A test where either grading got one of them is not compared (nor, then, the
# submission's verdict and score); every other test must agree exactly.
RUN_VERDICTS = {"TLE", "ILE", "MLE", "OLE", "SV", "IE"}
LOCK_KEYS = {"format", "algorithm", "checker", "salt", "hash", "pe_salt", "pe_hash"}
HEX = re.compile(r"^[0-9a-f]+$")


# -- fixtures ---------------------------------------------------------------------------


# The teacher's course settings, none of them the defaults: the copy must carry them (issue 21:
# exported without them, a solution without the __main__ guard got RE from the teacher under
# spawn and AC from the copy, and the copy judged at 1 s / 256 MiB instead of the course's).
TEACHER_CONFIG = """\
limits:
  time: 1500ms
  memory: 200MiB
  output: 8MiB
grading:
  start_method: spawn
"""


@pytest.fixture(scope="module")
def teacher_config(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("teacher") / "config.yaml", TEACHER_CONFIG)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, teacher_config) -> tuple[Path, str]:
    dest = tmp_path_factory.mktemp("student") / "student-problems"
    r = invoke_judge("--config", str(teacher_config), "export-student", str(PROBLEMS), str(dest))
    assert r.code == 0, r.err
    return dest, r.out


@pytest.fixture(scope="module")
def copy(exported) -> Path:
    return exported[0]


def _mode(copy: Path, pid: str) -> str:
    return yaml.safe_load((copy / pid / "student-copy.yaml").read_text())["secret_tests"]


def _concurrency_locked(copy: Path) -> list[str]:
    """Concurrency exercises (whatever exists right now) whose checker could be hashed."""
    return sorted(
        p.name
        for p in copy.iterdir()
        if (p / "problem.yaml").is_file()
        and p.name not in ASSIGNED
        and _mode(copy, p.name) == "locked"
        and (PROBLEMS / p.name / "solutions").is_dir()
        and (SLOW_TESTS or not _slow_problem(PROBLEMS / p.name))
    )


def _slow_problem(path: Path) -> bool:
    """Timed, or its solutions start processes by spawn: its own start method's, or else the
    teacher's (TEACHER_CONFIG), whose every process is a fresh interpreter (processes-lock: 40
    CPU-seconds a grading, two thirds of the rest together). What spawn does to a copy has a
    test of its own (test_a_missing_main_guard_fails_in_the_copy_as_for_the_teacher)."""
    from judge.problem import load_problem

    problem = load_problem(path)
    method = problem.runtime.start_method or yaml.safe_load(TEACHER_CONFIG)["grading"]["start_method"]
    starts_processes = any(
        "multiprocessing" in sol.read_text(encoding="utf-8") for sol in (path / "solutions").glob("*/*.py")
    )
    return problem.timing_sensitive or (method == "spawn" and starts_processes)


def _solutions(pid: str) -> list[Path]:
    root = PROBLEMS / pid / "solutions"
    expected = yaml.safe_load((root / "expected.yaml").read_text()) if (root / "expected.yaml").is_file() else {}

    def slow(sol: Path) -> bool:
        score = ((expected or {}).get(f"{sol.parent.name}/{sol.name}") or {}).get("score")
        return sol.parent.name in SLOW_VERDICTS and not score and not SLOW_TESTS

    return sorted(p for p in root.glob("*/*.py") if not slow(p))


def _check_json(*args: str) -> dict:
    """`judge check ... --json -`'s result."""
    r = run_judge("check", *args, "--json", "-")
    assert r.code in (0, 1), r.err
    return json.loads(r.out)["results"][0]


def _grade(problems_dir: Path, subs: Path, out: Path, config: Path | None = None) -> dict[tuple[str, str], dict]:
    r = run_judge(
        *(("--config", str(config)) if config else ()),
        "grade",
        str(subs),
        "--problems-dir",
        str(problems_dir),
        "--out",
        str(out),
        "--format",
        "json",
        "-q",
        "--no-cache",
        timeout=300,
    )  # two fresh gradings
    assert r.code == 0, r.err
    report = json.loads((out / "report.json").read_text())
    return {(x["student"], x["problem"]): x for x in report["results"]}


def _place(subs: Path, keys) -> None:
    for student, pid, sol in keys:
        target = subs / student / f"{pid}.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sol, target)


@pytest.fixture(scope="module")
def graded(copy, teacher_config, tmp_path_factory):
    """Every solution of the assigned problems and the hashable concurrency exercises, graded
    once with the full problem set under the teacher's config.yaml and once with the student
    copy under another (the repository's, as a student's checkout has it)."""
    tmp = tmp_path_factory.mktemp("graded")
    concurrency = _concurrency_locked(copy)
    subs = [(f"{sol.parent.name}-{sol.stem}", pid, sol) for pid in (*ASSIGNED, *concurrency) for sol in _solutions(pid)]
    _place(tmp / "subs", subs)
    full = _grade(PROBLEMS, tmp / "subs", tmp / "full", config=teacher_config)
    student = _grade(copy, tmp / "subs", tmp / "copy")
    expected = {(st, pid): _expected(sol) for st, pid, sol in subs}
    return full, student, concurrency, expected


def _expected(sol: Path) -> tuple[str, float | None]:
    """What solutions/ says the solution gets: (verdict, score or None)."""
    exp_file = sol.parent.parent / "expected.yaml"
    data = (yaml.safe_load(exp_file.read_text()) if exp_file.is_file() else None) or {}
    return sol.parent.name.upper(), (data.get(f"{sol.parent.name}/{sol.name}") or {}).get("score")


def _answers() -> list[tuple[str, Path, str]]:
    return [
        (p.parent.parent.parent.name, p, p.read_text(encoding="utf-8"))
        for p in sorted(PROBLEMS.glob("*/tests/secret/*.ans"))
    ]


# -- export -----------------------------------------------------------------------------


def test_export_prints_what_it_did_per_problem(exported):
    copy, out = exported
    for pid in ASSIGNED:
        src = PROBLEMS / pid / "tests"
        samples = len(list((src / "sample").glob("*.in")))
        secret = len(list((src / "secret").glob("*.in")))
        if pid == "3449":
            assert "3449: samples only (regex checker cannot be hashed)" in out
        else:
            assert f"{pid}: {samples} sample + {secret} locked tests" in out
    for pid in ("threads-counters", "threads-daemon", "thread-subclass"):
        if (PROBLEMS / pid).is_dir():
            assert f"{pid}: samples only (interleave checker cannot be hashed)" in out
    assert f"student copy written to {copy}" in out


def test_the_copy_carries_the_course_settings(copy, teacher_config):
    """Every problem of the copy, loaded with the built-in defaults (a student without the
    teacher's config.yaml), has the limits and start method the teacher grades it with, and
    otherwise the teacher's problem.yaml."""
    from judge.core.config import load_config
    from judge.problem import load_problem

    teacher = load_config(teacher_config)
    for src in sorted(p for p in PROBLEMS.iterdir() if (p / "problem.yaml").is_file()):
        theirs, mine = load_problem(src, teacher.limits), load_problem(copy / src.name)
        assert mine.limits == theirs.limits, src.name
        assert mine.runtime.start_method == (theirs.runtime.start_method or teacher.start_method), src.name
        original = yaml.safe_load((src / "problem.yaml").read_text(encoding="utf-8"))
        written = yaml.safe_load((copy / src.name / "problem.yaml").read_text(encoding="utf-8"))
        for key in ("limits", "runtime"):
            original.pop(key, None), written.pop(key, None)
        assert written == original, src.name


def test_a_missing_main_guard_fails_in_the_copy_as_for_the_teacher(tmp_path):
    """The issue's case: spawn comes from config.yaml; a solution that starts a process
    without `if __name__ == "__main__":` is RE for the teacher and must be for the student."""
    problems = tmp_path / "problems"
    # Observed, as every concurrency exercise is: the start method is set by the observer.
    yaml_text = "title: {en: Twice, ru: Дважды}\nruntime: {observe: true}\n"
    make_problem(problems, "twice", yaml_text, tests={"sample/01": ("3\n", "6\n"), "secret/01": ("5\n", "10\n")})
    config = write(tmp_path / "teacher.yaml", "grading:\n  start_method: spawn\n")
    sol = write(
        tmp_path / "twice.py",
        "import multiprocessing\n"
        "def work(q, n):\n    q.put(2 * n)\n"
        "q = multiprocessing.Queue()\n"
        "p = multiprocessing.Process(target=work, args=(q, int(input())))\n"
        "p.start()\nprint(q.get())\np.join()\n",
    )
    r = invoke_judge("--config", str(config), "export-student", str(problems), str(tmp_path / "copy"))
    assert r.code == 0, r.err
    teacher = run_judge(
        "--config", str(config), "check", "twice", str(sol), "--problems-dir", str(problems), "--json", "-"
    )
    student = run_judge(
        "check", "twice", str(sol), "--problems-dir", str(tmp_path / "copy"), "--json", "-", cwd=tmp_path
    )
    verdicts = [json.loads(run.out)["results"][0]["verdict"] for run in (teacher, student)]
    assert verdicts[0] != "AC" and verdicts == [verdicts[0], verdicts[0]], (verdicts, teacher.err, student.err)


def test_copy_layout_keeps_samples_and_inputs_and_drops_answers(copy):
    for pid in ASSIGNED:
        src, dst = PROBLEMS / pid, copy / pid
        assert (dst / "statement.md").read_bytes() == (src / "statement.md").read_bytes()
        assert not (dst / "generator.py").exists() and not (dst / "solutions").exists()
        for f in (src / "tests" / "sample").iterdir():
            assert (dst / "tests" / "sample" / f.name).read_bytes() == f.read_bytes()
        if pid == "3449":
            assert not (dst / "tests" / "secret").exists()
            continue
        for f in (src / "tests" / "secret").glob("*.in"):
            assert (dst / "tests" / "secret" / f.name).read_bytes() == f.read_bytes()
            assert (dst / "tests" / "secret" / f"{f.stem}.lock").is_file()
    # Per-test settings travel with their inputs (the concurrency rules need them).
    for meta in PROBLEMS.glob("*/tests/secret/*.yaml"):
        pid = meta.parent.parent.parent.name
        if _mode(copy, pid) == "locked":
            assert (copy / pid / "tests" / "secret" / meta.name).read_bytes() == meta.read_bytes()


def test_copy_holds_no_secret_answer(copy):
    files = [p for p in copy.rglob("*") if p.is_file()]
    assert not any(p.name == "generator.py" or "solutions" in p.parts for p in files)
    assert not [p for p in files if p.suffix == ".ans" and p.parent.name == "secret"]
    # Lock files hold hex and a few fixed words: nothing an answer could hide in.
    for lock in (p for p in files if p.suffix == ".lock"):
        data = json.loads(lock.read_text())
        assert set(data) <= LOCK_KEYS and {"salt", "hash"} <= set(data)
        assert data["format"] == "judge-lock/1" and data["algorithm"] == "sha256"
        for key in ("salt", "hash", "pe_salt", "pe_hash"):
            if key in data:
                assert HEX.match(data[key]), (lock, key)
    # Any secret answer (and any longer line of one) that is not public anyway -- in the
    # problem's statement, problem.yaml, sample tests or test inputs -- appears in no file of
    # the problem's copy (nor in the copy's README).
    checked = 0
    for pid, ans_path, answer in _answers():
        src = PROBLEMS / pid
        others = [
            (p, p.read_bytes())
            for p in [copy / "README.md", *(copy / pid).rglob("*")]
            if p.is_file() and p.suffix != ".lock"
        ]
        public = b"\n".join(
            p.read_bytes()
            for p in [
                src / "problem.yaml",
                src / "statement.md",
                *src.glob("tests/sample/*"),
                *src.glob("tests/secret/*.in"),
            ]
            if p.is_file()
        )
        pieces = {answer.strip(), *(line.strip() for line in answer.splitlines())}
        for piece in pieces:
            needle = piece.encode()
            if len(needle) < 4 or needle in public:  # YES / NO / 1, or in the statement
                continue
            checked += 1
            for path, data in others:
                assert needle not in data, f"{ans_path} leaks into {path}: {piece[:60]!r}"
    assert checked > 50  # the check looked at real answers


def test_salts_are_per_test_and_equal_answers_get_different_hashes(copy, tmp_path):
    locks = sorted((copy / "3504" / "tests" / "secret").glob("*.lock"))
    data = [json.loads(p.read_text()) for p in locks]
    answers = [(PROBLEMS / "3504" / "tests" / "secret" / f"{p.stem}.ans").read_text().strip() for p in locks]
    assert answers.count("YES") >= 2
    assert len({d["salt"] for d in data}) == len(data)
    assert len({d["hash"] for d in data}) == len(data)  # same answer, different hash
    all_salts = [json.loads(p.read_text())["salt"] for p in copy.rglob("*.lock")]
    assert len(set(all_salts)) == len(all_salts)  # per problem too
    again = tmp_path / "again"
    assert invoke_judge("export-student", str(PROBLEMS), str(again)).code == 0
    other = json.loads((again / "3504" / "tests" / "secret" / locks[0].name).read_text())
    assert other["salt"] != data[0]["salt"] and other["hash"] != data[0]["hash"]


# -- same verdicts as the full problem set ------------------------------------------------


def _comparable(test: dict) -> tuple:
    return (test["name"], test["verdict"], test["message"], test.get("diff", ""))


def _differences(f: dict, s: dict, concurrency: list[str], expected: tuple[str, float | None]) -> str:
    """What differs between the full set's result f and the copy's s ('' if nothing)."""
    if any(t["locked"] for t in f["tests"]):
        return "locked set in the full set"
    f_tests = [t for t in f["tests"] if t["sample"] or f["problem"] != "3449"]  # 3449: samples only
    if [t["name"] for t in s["tests"]] != [t["name"] for t in f_tests]:
        return f"tests {[t['name'] for t in s['tests']]} != {[t['name'] for t in f_tests]}"
    if [t["locked"] for t in s["tests"]] != [not t["sample"] for t in s["tests"]]:
        return "locked is not set exactly on the secret tests"
    # A test with a sandbox-decided verdict whose result differs (verdict, or the message: TLE
    # by CPU or by wall clock) makes the submission "noisy": its other tests are still
    # compared, but not points (a group scored "all" loses them all), verdict, score, message.
    noisy = any(
        _comparable(a) != _comparable(b) and {a["verdict"], b["verdict"]} & RUN_VERDICTS
        for a, b in zip(s["tests"], f_tests)
    )
    if f["problem"] in concurrency:
        # Races: which run of which test fails may differ between two gradings; the copy must
        # agree with the full set's grading or with what solutions/ expects.
        got, exp_verdict, exp_score = (s["verdict"], s["score"]), *expected
        if (
            not noisy
            and got != (f["verdict"], f["score"])
            and not (got[0] == exp_verdict and exp_score in (None, got[1]))
        ):
            return f"copy {got} != full {(f['verdict'], f['score'])} nor expected {expected}"
        return ""
    for a, b in zip(s["tests"], f_tests):
        if not {a["verdict"], b["verdict"]} & RUN_VERDICTS and _comparable(a) != _comparable(b):
            return f"test {a['name']}: copy {_comparable(a)} != full {_comparable(b)}"
    if noisy or f["problem"] == "3449":
        return ""
    points = [(t["name"], t["points"]) for t in s["tests"]], [(t["name"], t["points"]) for t in f_tests]
    if points[0] != points[1]:
        return f"points: copy {points[0]} != full {points[1]}"
    mine, theirs = (s["verdict"], s["score"], s["max_score"]), (f["verdict"], f["score"], f["max_score"])
    if mine != theirs:
        return f"copy {mine} != full {theirs}"
    if (s["message"], s["hints"]) != (f["message"], f["hints"]):
        return f"message/hints: {s['message']!r} {s['hints']} != {f['message']!r} {f['hints']}"
    return ""


def test_student_copy_gives_every_solution_the_same_result(graded):
    full, student, concurrency, expected = graded
    assert set(full) == set(student)
    different = {key: _differences(f, student[key], concurrency, expected[key]) for key, f in sorted(full.items())}
    assert not {k: v for k, v in different.items() if v}
    # Not everything may be excused as noise: most submissions were compared in full.
    quiet = [
        k for k, f in full.items() if not RUN_VERDICTS & {t["verdict"] for r in (f, student[k]) for t in r["tests"]}
    ]
    assert len(quiet) >= len(full) // 2, f"only {len(quiet)} of {len(full)} gradings free of sandbox noise"
    assert {pid for _, pid in full} == {*ASSIGNED, *concurrency}
    verdicts = {s["verdict"] for s in student.values()}
    assert {"AC", "WA", "PE", "RE", "RV", "CE"} <= verdicts  # the lock path met them all


def test_validate_on_a_copy_with_solutions_placed(copy, tmp_path):
    """`judge validate` checks the expected verdicts and scores against the copy (solutions
    are not exported; the test places them). 3738: AC, WA, RV, and PE on locked tests."""
    work = tmp_path / "copy"
    for pid in ("3738",):
        shutil.copytree(copy / pid, work / pid)
        shutil.copytree(PROBLEMS / pid / "solutions", work / pid / "solutions")
    r = run_judge("validate", "--problems-dir", str(work), "-q")
    assert r.code == 0, r.out + r.err
    assert "FAIL" not in r.out and "expected PE, got PE" in r.out


# -- what the student sees ----------------------------------------------------------------


def test_locked_tests_are_marked_and_a_wrong_answer_reveals_nothing(copy):
    sol = PROBLEMS / "3504" / "solutions" / "wa" / "only_div4.py"
    result = _check_json("3504", str(sol), "--problems-dir", str(copy))
    assert result["verdict"] == "WA" and result["score"] == 50
    secret = [t for t in result["tests"] if not t["sample"]]
    assert all(t["locked"] for t in secret) and not any(t["locked"] for t in result["tests"] if t["sample"])
    wrong = [t for t in secret if t["verdict"] == "WA"]
    assert wrong
    for t in wrong:
        assert t["message"] == "wrong answer on a hidden test" and "diff" not in t
    assert result["message"] == f"test {wrong[0]['name']}: wrong answer on a hidden test"
    table = run_judge("check", "3504", str(sol), "--problems-dir", str(copy))
    assert table.code == 1 and "wrong answer on a hidden test" in table.out
    assert "expected" not in table.out and "got" not in table.out


def test_presentation_error_on_a_locked_test(copy, tmp_path):
    # Right words, wrong layout on hidden tests only: PE, as the full set says, and no data.
    sol = write(tmp_path / "sol.py", "a, b = input().split()\nprint(b, '', a)\n")
    full = _check_json("3738", str(sol))
    student = _check_json("3738", str(sol), "--problems-dir", str(copy))
    assert student["verdict"] == full["verdict"] == "PE"
    assert [(t["verdict"], t["message"]) for t in student["tests"]] == [
        (t["verdict"], t["message"]) for t in full["tests"]
    ]


def test_samples_only_problem_still_checks_its_samples(copy):
    ac = PROBLEMS / "3449" / "solutions" / "ac" / "loop.py"
    result = _check_json("3449", str(ac), "--problems-dir", str(copy))
    assert result["verdict"] == "AC" and [t["name"] for t in result["tests"]] == ["sample/01"]


# -- loading errors -----------------------------------------------------------------------


@pytest.fixture
def small_copy(tmp_path) -> Path:
    src = tmp_path / "src"
    make_problem(
        src, "echo", tests={"sample/01": ("a\n", "a\n"), "secret/01": ("b\n", "b\n"), "secret/02": ("c d\n", "c d\n")}
    )
    r = invoke_judge("export-student", str(src), str(tmp_path / "copy"))
    assert r.code == 0, r.err
    assert "echo: 1 sample + 2 locked tests" in r.out
    return tmp_path / "copy"


def _check_echo(copy: Path, tmp_path: Path):
    sol = write(tmp_path / "echo.py", "print(input())\n")
    return invoke_judge("check", "echo", str(sol), "--problems-dir", str(copy))


def test_small_copy_accepts_the_right_output(small_copy, tmp_path):
    sol = write(tmp_path / "echo.py", "print(input())\n")
    result = _check_json("echo", str(sol), "--problems-dir", str(small_copy))
    assert result["verdict"] == "AC" and [t["locked"] for t in result["tests"]] == [False, True, True]


@pytest.mark.parametrize(
    "damage, expected",
    [
        ("missing", "secret/02.lock: missing lock file"),
        ("not_json", "02.lock: malformed lock file: not JSON"),
        ("bad_hash", "02.lock: hash: expected a sha256 digest"),
        ("bad_salt", "02.lock: salt: expected at least 8 random bytes in hex"),
        ("algorithm", "02.lock: algorithm: expected 'sha256'"),
        ("both", "02.lock: test secret/02 has both an answer and a lock"),
        ("in_sample", "sample/01.lock: unexpected file: NN.lock (a locked answer) only in tests/secret"),
    ],
)
def test_a_bad_lock_is_a_config_error_naming_the_file(small_copy, tmp_path, damage, expected):
    secret = small_copy / "echo" / "tests" / "secret"
    lock = secret / "02.lock"
    data = json.loads(lock.read_text())
    if damage == "missing":
        lock.unlink()
    elif damage == "not_json":
        lock.write_text("salt: 00\n")
    elif damage == "bad_hash":
        lock.write_text(json.dumps({**data, "hash": "abc"}))
    elif damage == "bad_salt":
        lock.write_text(json.dumps({**data, "salt": "zz"}))
    elif damage == "algorithm":
        lock.write_text(json.dumps({**data, "algorithm": "md5"}))
    elif damage == "both":
        (secret / "02.ans").write_text("c d\n")
    elif damage == "in_sample":
        shutil.copyfile(lock, small_copy / "echo" / "tests" / "sample" / "01.lock")
    r = _check_echo(small_copy, tmp_path)
    assert r.code == 2, r.out + r.err
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], r.err


def test_a_lock_for_another_checker_is_an_internal_error_not_a_verdict(small_copy, tmp_path):
    yaml_path = small_copy / "echo" / "problem.yaml"
    yaml_path.write_text(yaml_path.read_text() + "checker: lines\n")
    sol = write(tmp_path / "echo.py", "print(input())\n")
    r = run_judge("check", "echo", str(sol), "--problems-dir", str(small_copy), "--json", "-")
    result = json.loads(r.out)["results"][0]
    secret = [t for t in result["tests"] if not t["sample"]]
    assert all(t["verdict"] == "IE" and "export the student copy again" in t["message"] for t in secret)


# -- export-student errors ----------------------------------------------------------------


def _one_line_error(r, text: str) -> None:
    assert r.code == 2, r.out + r.err
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("judge: error:") and text in lines[0], r.err


def test_export_refuses_a_non_empty_dest_unless_forced(tmp_path):
    src = tmp_path / "src"
    make_problem(src)
    dest = tmp_path / "dest"
    write(dest / "stale" / "tests" / "secret" / "01.ans", "old answer\n")
    _one_line_error(invoke_judge("export-student", str(src), str(dest)), "not empty (use --force")
    assert (dest / "stale").is_dir()
    r = invoke_judge("export-student", str(src), str(dest), "--force")
    assert r.code == 0, r.err
    assert not (dest / "stale").exists()  # replaced, not merged: no stale answer survives
    assert (dest / "echo" / "tests" / "secret" / "01.lock").is_file()


def test_export_errors(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    _one_line_error(invoke_judge("export-student", str(empty), str(tmp_path / "d1")), "no problems found")
    _one_line_error(invoke_judge("export-student", str(tmp_path / "nope"), str(tmp_path / "d2")), "no such folder")
    src = tmp_path / "src"
    make_problem(src)
    _one_line_error(invoke_judge("export-student", str(src), str(src / "student")), "outside PROBLEMS_DIR")
    _one_line_error(invoke_judge("export-student", str(src), str(src)), "outside PROBLEMS_DIR")
    afile = write(tmp_path / "file.txt", "x\n")
    _one_line_error(invoke_judge("export-student", str(src), str(afile)), "not a folder")
    assert not (tmp_path / "d1").exists() and not (tmp_path / "d2").exists()


def test_export_of_an_unhashable_problem_without_samples_is_an_error(tmp_path):
    src = tmp_path / "src"
    make_problem(
        src, yaml_text="title: Echo\nchecker: {name: regex, pattern: 'a+'}\n", tests={"secret/01": ("\n", "aaa\n")}
    )
    _one_line_error(invoke_judge("export-student", str(src), str(tmp_path / "dest")), "no sample tests")
