"""Every graded version of every student's file: its content hash, when it was handed in, when
it was graded, the verdict and the score. `judge history` prints them; report.html shows them
in a cell's details.

The history is the semester's record, not a cache: it lives in its own SQLite database
(`judge-history.sqlite` next to config.yaml; `history:` in config.yaml or $JUDGE_HISTORY
choose another), which every `judge grade` writes, with --no-cache and --rerun too. Deleting
the cache folder loses no attempt. Older versions kept the `attempts` table inside the result
cache (`.judge-cache/results.sqlite`): its rows are moved over the first time it is found.
Each grading's rows are written in one transaction, so a SIGKILL leaves the database as it was.

One row per (student, problem, content): grading the same file again updates its row (a
new deadline policy changes the score, not the attempt); a changed file is a new attempt.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from judge.core.results import SubmissionResult

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    student TEXT NOT NULL, problem TEXT NOT NULL, sha256 TEXT NOT NULL,
    submitted_at TEXT, graded_at TEXT NOT NULL, verdict TEXT NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL, raw_score REAL, penalty REAL NOT NULL DEFAULT 0,
    commit_id TEXT, submission TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (student, problem, sha256))
"""


@dataclass(frozen=True)
class Attempt:
    student: str
    problem: str
    sha256: str
    submitted_at: str | None
    graded_at: str
    verdict: str
    score: float
    max_score: float
    penalty: float
    commit: str | None

    @property
    def when(self) -> str:
        """The time that orders attempts: handed in, else graded."""
        return self.submitted_at or self.graded_at


HISTORY_ENV = "JUDGE_HISTORY"
HISTORY_FILE = "judge-history.sqlite"
_COLUMNS = (
    "student, problem, sha256, submitted_at, graded_at, verdict, score, max_score, raw_score, penalty, "
    "commit_id, submission"
)


def history_path(configured: Path | None, config_file: Path | None) -> Path:
    """$JUDGE_HISTORY, else config.yaml's `history:`, else judge-history.sqlite next to
    config.yaml (without one: in the current folder)."""
    env = os.environ.get(HISTORY_ENV)
    if env:
        return Path(env)
    if configured is not None:
        return configured
    return (config_file.parent if config_file is not None else Path()) / HISTORY_FILE


class History:
    """Thread-safe like ResultCache: one connection behind a lock."""

    def __init__(self, path: Path, legacy_cache: Path | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self.moved = self._move_from(legacy_cache / "results.sqlite") if legacy_cache is not None else 0

    def _move_from(self, old: Path) -> int:
        """Move the attempts an older judge kept in the result cache; how many rows came."""
        if not old.is_file() or old.resolve() == self.path.resolve():
            return 0
        try:
            source = sqlite3.connect(old, isolation_level=None)
        except sqlite3.Error:
            return 0
        try:
            if source.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='attempts'").fetchone() is None:
                return 0
            rows = source.execute(f"SELECT {_COLUMNS} FROM attempts").fetchall()
            self._write(f"INSERT OR IGNORE INTO attempts ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            # Only once they are safely here: a kill in between copies them again (ignored).
            source.execute("DROP TABLE attempts")
            return len(rows)
        except sqlite3.Error:
            return 0  # an unreadable old cache is no reason to stop grading
        finally:
            source.close()

    def record(self, results: list[SubmissionResult], now: datetime | None = None) -> None:
        """Keep every result that read a file (a rejected or unreadable one has no content)."""
        graded = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        rows = [
            (
                _text(r.student),
                _text(r.problem),
                r.sha256,
                r.submitted_at,
                graded,
                r.verdict.value,
                r.score,
                r.max_score,
                r.raw_score,
                r.penalty,
                r.commit,
                _text(r.submission),
            )
            for r in results
            if r.sha256
        ]
        self._write(
            f"INSERT INTO attempts ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (student, problem, sha256) DO UPDATE SET submitted_at = "
            "COALESCE(excluded.submitted_at, submitted_at), verdict = excluded.verdict, "
            "score = excluded.score, max_score = excluded.max_score, raw_score = excluded.raw_score, "
            "penalty = excluded.penalty, commit_id = COALESCE(excluded.commit_id, commit_id), "
            "submission = excluded.submission",
            rows,
        )

    def _write(self, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        """All the rows or none (one grading, one transaction)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(sql, rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def attempts(self, student: str | None = None, problem: str | None = None) -> list[Attempt]:
        """Oldest first within each (student, problem)."""
        where, args = [], []
        for column, value in (("student", student), ("problem", problem)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        sql = (
            "SELECT student, problem, sha256, submitted_at, graded_at, verdict, score, max_score, penalty, "
            "commit_id FROM attempts" + (" WHERE " + " AND ".join(where) if where else "")
        )
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        found = [Attempt(*row) for row in rows]
        found.sort(key=lambda a: (a.student, _natural(a.problem), a.when))
        return found

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _text(name: str) -> str:
    """A name as SQLite can store it: under a C locale, file names come with the surrogates of
    their undecodable bytes (usually UTF-8 that the locale did not know)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def by_cell(attempts: list[Attempt]) -> dict[tuple[str, str], list[Attempt]]:
    cells: dict[tuple[str, str], list[Attempt]] = {}
    for attempt in attempts:
        cells.setdefault((attempt.student, attempt.problem), []).append(attempt)
    return cells


def _natural(name: str) -> tuple[int, int, str]:
    return (0, int(name), "") if name.isdigit() else (1, 0, name)
