"""The history is data, not cache: its own database, written by every `judge grade`, kept when
the cache folder is deleted, and moved over from the cache where an older judge kept it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from tests.conftest import PROBLEMS, invoke_judge, run_judge, write

AC_3504 = (PROBLEMS / "3504" / "solutions" / "ac" / "nested_ifs.py").read_text()
WA_3504 = (PROBLEMS / "3504" / "solutions" / "wa" / "only_div4.py").read_text()


def _setup(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A class of two and a config.yaml that names neither cache nor history (the defaults)."""
    subs = tmp_path / "course" / "subs"
    write(subs / "ann" / "3504.py", AC_3504)
    write(subs / "bob" / "3504.py", WA_3504)
    config = write(tmp_path / "course" / "config.yaml", f"problems_dir: {PROBLEMS}\n")
    # "": no $JUDGE_HISTORY, so the default next to config.yaml decides.
    env = {"JUDGE_CACHE_DIR": str(tmp_path / "course" / ".judge-cache"), "JUDGE_HISTORY": ""}
    return subs, config, env


def _grade(config: Path, subs: Path, out: Path, env: dict[str, str], *extra: str) -> None:
    r = run_judge("--config", str(config), "grade", str(subs), "--out", str(out), "-q", *extra, env=env)
    assert r.code == 0, r.err


def _history(config: Path, env: dict[str, str]) -> list[dict]:
    r = invoke_judge("--config", str(config), "history", "--json", env=env)
    assert r.code in (0, 1), r.err
    return json.loads(r.out) if r.code == 0 else []


def test_deleting_the_cache_keeps_the_history_and_no_cache_adds_to_it(tmp_path):
    subs, config, env = _setup(tmp_path)
    _grade(config, subs, tmp_path / "a", env)
    assert (config.parent / "judge-history.sqlite").is_file()  # the documented default
    shutil.rmtree(env["JUDGE_CACHE_DIR"])  # what people do with caches
    before = _history(config, env)
    assert sorted((a["student"], a["verdict"]) for a in before) == [("ann", "AC"), ("bob", "WA")]

    write(subs / "bob" / "3504.py", AC_3504 + "# fixed\n")
    _grade(config, subs, tmp_path / "b", env, "--no-cache")
    after = _history(config, env)
    assert sorted((a["student"], a["verdict"]) for a in after) == [("ann", "AC"), ("bob", "AC"), ("bob", "WA")]
    assert not Path(env["JUDGE_CACHE_DIR"]).exists()  # --no-cache wrote no cache, but the history

    _grade(config, subs, tmp_path / "c", env, "--rerun")  # the same files: the same attempts
    assert len(_history(config, env)) == 3


def test_the_history_key_in_config_yaml_is_relative_to_it(tmp_path):
    subs, config, env = _setup(tmp_path)
    config.write_text(config.read_text() + "history: records/semester.sqlite\n")
    _grade(config, subs, tmp_path / "a", env)
    assert (config.parent / "records" / "semester.sqlite").is_file()
    assert not (config.parent / "judge-history.sqlite").exists()
    assert len(_history(config, env)) == 2


def test_attempts_in_an_old_cache_are_moved_over_once(tmp_path):
    from judge.semester.history import _SCHEMA

    subs, config, env = _setup(tmp_path)
    old = Path(env["JUDGE_CACHE_DIR"]) / "results.sqlite"
    old.parent.mkdir(parents=True)
    with sqlite3.connect(old) as conn:  # as judge 0.1 left it: results and attempts together
        conn.execute("CREATE TABLE results (key TEXT PRIMARY KEY, result TEXT NOT NULL)")
        conn.execute(_SCHEMA)
        conn.execute(
            "INSERT INTO attempts (student, problem, sha256, submitted_at, graded_at, verdict, score, max_score, "
            "penalty, submission) VALUES ('carol', '3504', 'abc', NULL, '2026-11-01T10:00:00+00:00', 'WA', 40, "
            "100, 0, 'subs/carol/3504.py')"
        )
    moved = _history(config, env)
    assert [(a["student"], a["verdict"]) for a in moved] == [("carol", "WA")]
    with sqlite3.connect(old) as conn:  # moved, not copied: the cache holds no history now
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'attempts'").fetchone() is None
    _grade(config, subs, tmp_path / "a", env)
    assert sorted(a["student"] for a in _history(config, env)) == ["ann", "bob", "carol"]
