"""Every graded version of every student's file, kept in the cache database (an `attempts`
table beside the results): its content hash, when it was handed in, when it was graded, the
verdict and the score. `judge history` prints them; report.html shows them in a cell's
details.

One row per (student, problem, content): grading the same file again updates its row (a
new deadline policy changes the score, not the attempt); a changed file is a new attempt.
"""

from __future__ import annotations

import sqlite3
import threading
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


class History:
    """Thread-safe like ResultCache: one connection behind a lock."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(folder / "results.sqlite", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)

    def record(self, results: list[SubmissionResult], now: datetime | None = None) -> None:
        """Keep every result that read a file (a rejected or unreadable one has no content)."""
        graded = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        rows = [
            (
                r.student,
                r.problem,
                r.sha256,
                r.submitted_at,
                graded,
                r.verdict.value,
                r.score,
                r.max_score,
                r.raw_score,
                r.penalty,
                r.commit,
                r.submission,
            )
            for r in results
            if r.sha256
        ]
        with self._lock:
            self._db.executemany(
                "INSERT INTO attempts (student, problem, sha256, submitted_at, graded_at, verdict, score, "
                "max_score, raw_score, penalty, commit_id, submission) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT (student, problem, sha256) DO UPDATE SET submitted_at = "
                "COALESCE(excluded.submitted_at, submitted_at), verdict = excluded.verdict, "
                "score = excluded.score, max_score = excluded.max_score, raw_score = excluded.raw_score, "
                "penalty = excluded.penalty, commit_id = COALESCE(excluded.commit_id, commit_id), "
                "submission = excluded.submission",
                rows,
            )

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


def by_cell(attempts: list[Attempt]) -> dict[tuple[str, str], list[Attempt]]:
    cells: dict[tuple[str, str], list[Attempt]] = {}
    for attempt in attempts:
        cells.setdefault((attempt.student, attempt.problem), []).append(attempt)
    return cells


def _natural(name: str) -> tuple[int, int, str]:
    return (0, int(name), "") if name.isdigit() else (1, 0, name)
