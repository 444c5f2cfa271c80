"""A teacher's semester end to end (issue 14): a git repository of submissions committed
before, within the grace, 2 days and 9 days after the deadline, plus an extension, graded by
the real `judge grade`; every lateness field of report.json, the marks in grades.csv,
report.md and report.html, --at-deadline grading the commit of the deadline, --as-of, and
the history of two graded versions of one file (`judge history`, the HTML attempts)."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import PROBLEMS, git, invoke_judge, run_judge, write

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None, reason="git is not installed (optional: apt-get install git)"
)

MSK = timezone(timedelta(hours=3))
DEADLINE = datetime(2026, 12, 10, 23, 59, tzinfo=MSK)
AC = (PROBLEMS / "3504" / "solutions" / "ac" / "one_condition.py").read_bytes()
WA = (PROBLEMS / "3504" / "solutions" / "wa" / "only_div4.py").read_bytes()

CONFIG = f"""
    problems_dir: {PROBLEMS}
    deadlines:
      default: 2026-12-20T23:59:00+03:00
      3504: 2026-12-10T23:59:00+03:00
    late:
      grace: 15min
      per_day: 10%
      max: 50%
      after: 7d
    extensions:
      extended_e: {{3504: 3d}}
"""


def _commit(repo: Path, student: str, content: bytes, when: datetime) -> str:
    path = repo / "class" / student / "3504.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"{student} at {when}", when=when)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def semester(tmp_path_factory):
    """The repository, its commits by student, and the config."""
    root = tmp_path_factory.mktemp("semester")
    repo = root / "course"
    repo.mkdir()
    git(repo, "init", "-q")
    commits = {
        "early_a": [_commit(repo, "early_a", AC, DEADLINE - timedelta(days=1))],
        "grace_b": [_commit(repo, "grace_b", AC, DEADLINE + timedelta(minutes=10))],
        # A wrong version before the deadline, the right one 2 days after.
        "two_days_c": [
            _commit(repo, "two_days_c", WA, DEADLINE - timedelta(hours=2)),
            _commit(repo, "two_days_c", AC, DEADLINE + timedelta(days=2)),
        ],
        "nine_days_d": [_commit(repo, "nine_days_d", AC, DEADLINE + timedelta(days=9))],
        # 2 days after the deadline, with a 3-day extension: on time.
        "extended_e": [_commit(repo, "extended_e", AC, DEADLINE + timedelta(days=2))],
    }
    config = write(root / "config.yaml", CONFIG)
    return repo / "class", commits, config


def _cache_env(cache: Path) -> dict[str, str]:
    """One cache and one history for several commands."""
    return {"JUDGE_CACHE_DIR": str(cache), "JUDGE_HISTORY": str(cache.parent / "history.sqlite")}


def _grade(semester, out: Path, *extra: str, cache: Path | None = None) -> dict[str, dict]:
    folder, _commits, config = semester
    env = _cache_env(cache) if cache else None
    r = run_judge(
        "--config",
        str(config),
        "grade",
        str(folder),
        "--out",
        str(out),
        "-q",
        "--format",
        "json,csv,md,html",
        *extra,
        env=env,
    )
    assert r.code == 0, r.out + r.err
    return {res["student"]: res for res in json.loads((out / "report.json").read_text())["results"]}


def test_every_lateness_field_from_the_commit_times(semester, tmp_path):
    _folder, commits, _config = semester
    results = _grade(semester, tmp_path / "out")
    due = DEADLINE.isoformat()
    expected = {  # student: (late_seconds, penalty, score)
        "early_a": (0, 0, 100),
        "grace_b": (600, 0, 100),  # within the 15-minute grace
        "two_days_c": (2 * 86400, 0.2, 80),  # 2 started days x 10 %
        "nine_days_d": (9 * 86400, 1, 0),  # past `after: 7d`: 0, verdict kept
    }
    for student, (late, penalty, score) in expected.items():
        r = results[student]
        assert r["verdict"] == "AC" and r["raw_score"] == 100, r
        assert (r["late_seconds"], r["penalty"], r["score"]) == (late, penalty, score), (student, r)
        assert r["deadline"] == due and r["commit"] == commits[student][-1], r
        assert r["submitted_from"] == "git", r
        assert datetime.fromisoformat(r["submitted_at"]) == DEADLINE + timedelta(seconds=late) - (
            timedelta(days=1) if student == "early_a" else timedelta(0)
        ), r
    ext = results["extended_e"]
    assert datetime.fromisoformat(ext["deadline"]) == DEADLINE + timedelta(days=3)
    assert (ext["late_seconds"], ext["penalty"], ext["score"]) == (0, 0, 100), ext

    rows = {row[0]: row for row in csv.reader((tmp_path / "out" / "grades.csv").open(encoding="utf-8"))}
    assert rows["two_days_c"][1] == "80 AC late -20%" and rows["nine_days_d"][1] == "0 AC late -100%"
    assert rows["grace_b"][1] == "100 AC late" and rows["early_a"][1] == "100 AC"
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "late by 2 d, −20 %" in md and "late by 10 min, no penalty" in md
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "late by 9 d, −100 %" in html


def test_at_deadline_grades_the_commit_of_each_students_deadline(semester, tmp_path):
    _folder, commits, _config = semester
    results = _grade(semester, tmp_path / "out", "--at-deadline")
    # two_days_c: the wrong version committed before the deadline, on time.
    c = results["two_days_c"]
    assert c["commit"] == commits["two_days_c"][0] and c["verdict"] == "WA" and c["late_seconds"] == 0, c
    # The extension counts: extended_e's commit 2 days after is within their deadline.
    assert results["extended_e"]["commit"] == commits["extended_e"][0] and results["extended_e"]["verdict"] == "AC"
    # Nothing committed by the deadline: not graded at all.
    assert {"grace_b", "nine_days_d"}.isdisjoint(results), sorted(results)
    assert results["early_a"]["commit"] == commits["early_a"][0]


def test_as_of_one_time_for_everyone(semester, tmp_path):
    _folder, commits, _config = semester
    results = _grade(semester, tmp_path / "out", "--as-of", (DEADLINE + timedelta(days=2, hours=1)).isoformat())
    assert results["two_days_c"]["commit"] == commits["two_days_c"][1] and results["two_days_c"]["verdict"] == "AC"
    assert "nine_days_d" not in results and "grace_b" in results


def test_lms_times_win_over_the_commit_dates(semester, tmp_path):
    times = write(
        tmp_path / "times.csv",
        f"""\
        student,problem,submitted_at
        nine_days_d,3504,{(DEADLINE - timedelta(hours=1)).isoformat()}
        """,
    )
    results = _grade(semester, tmp_path / "out", "--times", str(times))
    assert (results["nine_days_d"]["late_seconds"], results["nine_days_d"]["score"]) == (0, 100)
    assert results["two_days_c"]["penalty"] == 0.2  # not in the CSV: its commit time
    assert (results["nine_days_d"]["submitted_from"], results["two_days_c"]["submitted_from"]) == ("times-csv", "git")


def test_history_and_the_html_attempts_of_two_versions(semester, tmp_path):
    folder, _commits, _config = semester
    cache = tmp_path / "cache"
    _grade(semester, tmp_path / "first", "--at-deadline", cache=cache)  # two_days_c's WA version
    _grade(semester, tmp_path / "second", cache=cache)  # its AC version
    r = invoke_judge("--config", str(semester[2]), "history", "two_days_c", "3504", "--json", env=_cache_env(cache))
    assert r.code == 0, r.err
    attempts = json.loads(r.out)
    assert [a["verdict"] for a in attempts] == ["WA", "AC"], attempts
    assert attempts[0]["submitted_at"] < attempts[1]["submitted_at"]
    table = invoke_judge("--config", str(semester[2]), "history", "two_days_c", env=_cache_env(cache))
    assert table.code == 0 and "WA" in table.out and "AC" in table.out, table.out
    html = (tmp_path / "second" / "report.html").read_text(encoding="utf-8")
    assert 'class="data attempts"' in html and html.count('<tr class="this">') == 1
    none = invoke_judge("history", "nobody", env=_cache_env(cache))
    assert none.code == 1 and "no graded attempt" in none.err


@pytest.mark.parametrize(
    "key, value, named",
    [
        ("deadlines", "{3504: 2026-12-10T23:59}", "deadlines.3504"),
        ("late", "{per_day: ten}", "late.per_day"),
    ],
)
def test_a_bad_semester_value_is_one_line_naming_the_key(tmp_path, key, value, named):
    config = write(tmp_path / "config.yaml", f"{key}: {value}\n")
    r = invoke_judge("--config", str(config), "grade", str(tmp_path), "-q")
    assert r.code == 2 and named in r.err and "Traceback" not in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1, r.err


def test_the_lms_gradebooks_from_judge_grade_with_a_roster(semester, tmp_path):
    """moodle.csv and canvas.csv, with the penalties applied, identifiers from --roster; a
    student missing from it is a warning, not a crash."""
    folder, _commits, config = semester
    roster = write(
        tmp_path / "roster.csv",
        """\
        student,email,id,name
        early_a,a@uni.example,1001,Анна Ранняя
        two_days_c,c@uni.example,1003,Сергей Поздний
        """,
    )
    out = tmp_path / "out"
    r = run_judge(
        "--config",
        str(config),
        "grade",
        str(folder),
        "--out",
        str(out),
        "-q",
        "--format",
        "moodle,canvas",
        "--roster",
        str(roster),
    )
    assert r.code == 0, r.err
    # Not in the roster: left out of moodle.csv (Moodle would stop its whole import at the
    # row) and listed; a row without identifiers in canvas.csv.
    assert "moodle.csv: grace_b left out: not in the roster" in r.err and "Traceback" not in r.err
    assert "grace_b is not in the roster" in r.err
    moodle = list(csv.reader((out / "moodle.csv").open(encoding="utf-8", newline="")))
    assert moodle[0] == ["Email address", "Full name", "3504", "Total"]
    by_email = {row[0]: row for row in moodle[1:]}
    assert by_email["c@uni.example"][1:] == ["Сергей Поздний", "80", "80"]
    assert set(by_email) == {"a@uni.example", "c@uni.example"}
    unmatched = list(csv.DictReader((out / "moodle-unmatched.csv").open(encoding="utf-8", newline="")))
    assert sorted(row["student"] for row in unmatched) == ["extended_e", "grace_b", "nine_days_d"]
    canvas = list(csv.reader((out / "canvas.csv").open(encoding="utf-8", newline="")))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Problem 3504"]
    assert canvas[1][0].strip() == "Points Possible" and canvas[1][-1] == "100"
    assert ["Анна Ранняя", "", "1001", "a@uni.example", "", "100"] in canvas
    # A broken roster stops before any grading: one line, exit 2.
    bad = write(tmp_path / "bad.csv", "student,email,id,name\nx,a,1,X\nx,b,2,Y\n")
    r = invoke_judge(
        "--config",
        str(config),
        "grade",
        str(folder),
        "--out",
        str(tmp_path / "o2"),
        "-q",
        "--format",
        "moodle",
        "--roster",
        str(bad),
    )
    assert r.code == 2 and "bad.csv: line 3" in r.err and len(r.err.strip().splitlines()) == 1, r.err


def test_the_roster_may_come_from_config(tmp_path):
    from judge.core.config import load_config

    config = load_config(write(tmp_path / "sub" / "config.yaml", "roster: people/roster.csv\n"))
    assert config.roster == tmp_path / "sub" / "people" / "roster.csv"
    assert not config.semester.configured and load_config(None).semester.deadline("a", "1") is None
