"""The result cache: unchanged work is not run again; a killed run resumes to the same report."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import PROBLEMS, ROOT, make_problem, run_judge, write

AC_3504 = (PROBLEMS / "3504" / "solutions" / "ac" / "nested_ifs.py").read_text()
WA_3504 = (PROBLEMS / "3504" / "solutions" / "wa" / "only_div4.py").read_text()
AC_3737 = (PROBLEMS / "3737" / "solutions" / "ac" / "slices.py").read_text()


def _class(root: Path, students: int) -> Path:
    subs = root / "subs"
    for i in range(students):
        write(subs / f"s{i:02d}" / "3504.py", (AC_3504 if i % 3 else WA_3504) + f"# student {i}\n")
        write(subs / f"s{i:02d}" / "3737.py", AC_3737 + f"# student {i}\n")
    return subs


def _verdicts(report: Path) -> dict[str, tuple[str, float, list[str]]]:
    data = json.loads(report.read_text())
    return {
        f"{r['student']}/{r['problem']}": (r["verdict"], r["score"], [t["verdict"] for t in r["tests"]])
        for r in data["results"]
    }


def test_second_run_comes_from_the_cache_and_a_change_is_regraded(tmp_path):
    subs = _class(tmp_path, 4)
    env = {"JUDGE_CACHE_DIR": str(tmp_path / "cache")}
    first = run_judge("grade", str(subs), "--out", str(tmp_path / "a"), "-q", env=env)
    assert first.code == 0, first.err
    assert "from the cache" not in first.out
    second = run_judge("grade", str(subs), "--out", str(tmp_path / "b"), "-q", env=env)
    assert "8 unchanged, from the cache" in second.out
    assert _verdicts(tmp_path / "a" / "report.json") == _verdicts(tmp_path / "b" / "report.json")
    write(subs / "s01" / "3504.py", WA_3504)
    third = run_judge("grade", str(subs), "--out", str(tmp_path / "c"), "-q", env=env)
    assert "7 unchanged, from the cache" in third.out
    assert _verdicts(tmp_path / "c" / "report.json")["s01/3504"][0] == "WA"
    rerun = run_judge("grade", str(subs), "--out", str(tmp_path / "d"), "-q", "--rerun", env=env)
    assert "from the cache" not in rerun.out


def test_same_file_from_two_students_is_graded_once_and_relabelled(tmp_path):
    subs = tmp_path / "subs"
    write(subs / "ann" / "3504.py", AC_3504)
    write(subs / "bob" / "3504.py", AC_3504)
    env = {"JUDGE_CACHE_DIR": str(tmp_path / "cache")}
    r = run_judge("grade", str(subs), "--out", str(tmp_path / "out"), "-q", "-j", "1", env=env)
    assert "1 unchanged, from the cache" in r.out
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert sorted((x["student"], x["submission"].split("/")[-2]) for x in data["results"]) == [
        ("ann", "ann"),
        ("bob", "bob"),
    ]


def test_killed_run_resumes_to_the_same_report(tmp_path):
    problems = tmp_path / "problems"
    make_problem(problems, "echo", yaml_text="title: {en: Echo}\nlimits: {time: 0.3s, wall_time: 1s}\n")
    subs = tmp_path / "subs"
    for i in range(12):  # slow enough to be killed half way, all different, some wrong
        body = "import time\ntime.sleep(0.15)\n" + ("print(input())\n" if i % 4 else "print('no')\n")
        write(subs / f"s{i:02d}" / "echo.py", body + f"# {i}\n")
    write(subs / "loop" / "echo.py", "while True:\n    pass\n")
    common = ("--problems-dir", str(problems), "-q", "-j", "1")
    ref = run_judge(
        "grade",
        str(subs),
        "--out",
        str(tmp_path / "ref"),
        *common,
        env={"JUDGE_CACHE_DIR": str(tmp_path / "ref-cache")},
    )
    assert ref.code == 0, ref.err

    cache = tmp_path / "cache"
    out = tmp_path / "out"
    history = tmp_path / "history.sqlite"
    env = dict(
        os.environ,
        JUDGE_CACHE_DIR=str(cache),
        JUDGE_HISTORY=str(history),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "judge", "grade", str(subs), "--out", str(out), *common],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    db = cache / "results.sqlite"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(db) as conn:
                if conn.execute("SELECT COUNT(*) FROM results").fetchone()[0] >= 3:
                    break
        except sqlite3.Error:
            pass
        time.sleep(0.02)
    assert proc.poll() is None, "grading finished before it could be killed; make the class slower"
    os.killpg(proc.pid, signal.SIGKILL)  # the judge and its helpers, like a power cut
    proc.wait()
    assert not (out / "report.json").exists()  # nothing partial was written

    resumed = run_judge(
        "grade",
        str(subs),
        "--out",
        str(out),
        *common,
        env={"JUDGE_CACHE_DIR": str(cache), "JUDGE_HISTORY": str(history)},
    )
    assert resumed.code == 0, resumed.err
    assert "unchanged, from the cache" in resumed.out
    assert _verdicts(out / "report.json") == _verdicts(tmp_path / "ref" / "report.json")
    # The killed grading added no half of its attempts; the resumed one added them all.
    with sqlite3.connect(history) as conn:
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 13


def test_an_edit_of_the_judge_regrades_everything(tmp_path):
    """The key covers the judge's own files: an edited checker (no commit, no version bump) is
    a new judge, and `judge grade` says why it grades everything again."""
    import shutil

    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "judge", pkg / "judge", ignore=shutil.ignore_patterns("__pycache__"))
    subs = tmp_path / "subs"
    write(subs / "ann" / "3504.py", AC_3504)
    write(subs / "bob" / "3504.py", WA_3504)
    env = {"JUDGE_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(pkg)}
    args = ("grade", str(subs), "--problems-dir", str(PROBLEMS), "-q", "-j", "1")

    def grade(out: str):
        r = run_judge(*args, "--out", str(tmp_path / out), cwd=pkg, env=env)  # cwd: `python -m` imports the copy
        assert r.code == 0, r.err
        return r

    first = grade("a")
    assert "changed" not in first.err, first.err
    assert "2 unchanged, from the cache" in grade("b").out
    checker = pkg / "judge" / "checkers" / "tokens.py"
    checker.write_text(checker.read_text() + "\n# a fix that changes nothing visible\n")
    third = grade("c")
    assert "from the cache" not in third.out, third.out
    assert "the judge's code changed since the cache was filled" in third.err, third.err
    assert _verdicts(tmp_path / "c" / "report.json") == _verdicts(tmp_path / "a" / "report.json")
    assert "2 unchanged, from the cache" in grade("d").out  # and then it is cached again
