"""A result cache in SQLite: unchanged work is never run twice, and an interrupted grading
run resumes where it stopped (every result is committed the moment it is known).

The key covers everything that can change a verdict: the submission's bytes, the problem's
content (tests, checker, rules, limits as merged with config.yaml), the judge's own code (a
digest of every file of the installed package: judge.core.code_digest), the interpreter, the isolation level, and the start method when one is forced. Student name and
path are not in the key: the same file handed in twice is graded once, and its result is
relabelled.

The database remembers which judge filled it: when the code changed, its results can never be
hit again, so they are dropped and `judge_changed` tells the command to say why all is regraded.
The semester's history is not kept here (judge.semester.history): a cache may be deleted.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from judge import __version__
from judge.core.code_digest import code_digest
from judge.core.results import SubmissionResult
from judge.core.verdicts import Verdict
from judge.grading.submission import Submission
from judge.problem import Problem

SCHEMA = 1


def cache_key(
    problem: Problem,
    source: bytes | None,
    isolation: str,
    rejected: str | None = None,
    start_method: str | None = None,
    language: str | None = None,
) -> str:
    """What a result depends on. The language too: messages and hints are stored as shown."""
    from judge.core import i18n

    digest = hashlib.sha256()
    lang = language or i18n.current()
    digest.update(f"language {lang} {i18n.catalog_digest(lang)}".encode() + b"\0")
    for part in (
        f"schema {SCHEMA}",
        __version__,
        code_digest(),
        sys.version,
        sys.executable,
        isolation,
        problem.content_hash,
        repr(problem.limits),
        problem.id,
    ):
        digest.update(part.encode() + b"\0")
    if start_method:  # forced by config or command line (unforced keys stay as they were)
        digest.update(f"start_method {start_method}".encode() + b"\0")
    digest.update(hashlib.sha256(source).digest() if source is not None else b"<unread>")
    digest.update((rejected or "").encode())
    return digest.hexdigest()


class ResultCache:
    """Thread-safe: one connection guarded by a lock (SQLite writes serialise anyway)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "results.sqlite"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, result TEXT NOT NULL)")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self.hits = 0
        self.judge_changed = self._note_code()

    def _note_code(self) -> bool:
        """Record the judge that fills the cache; True when results of another one were dropped."""
        row = self._db.execute("SELECT value FROM meta WHERE name = 'judge_code'").fetchone()
        current = code_digest()
        if row is not None and row[0] == current:
            return False
        stale = self._db.execute("SELECT 1 FROM results LIMIT 1").fetchone() is not None
        self._db.execute("BEGIN IMMEDIATE")
        self._db.execute("DELETE FROM results")  # keyed on the old code: never hit again
        self._db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('judge_code', ?)", (current,))
        self._db.execute("COMMIT")
        return stale

    def get(self, key: str) -> SubmissionResult | None:
        with self._lock:
            row = self._db.execute("SELECT result FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            result = SubmissionResult.from_json(json.loads(row[0]))
        except (ValueError, KeyError, TypeError):
            return None  # an entry from an incompatible version: grade again
        with self._lock:
            self.hits += 1
        return result

    def put(self, key: str, result: SubmissionResult) -> None:
        if result.verdict == Verdict.IE:
            return  # the judge's own failure is not a result worth keeping
        text = json.dumps(result.to_json(), ensure_ascii=False)
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO results (key, result) VALUES (?, ?)", (key, text))

    def close(self) -> None:
        with self._lock:
            self._db.close()


def relabel(result: SubmissionResult, student: str, submission: str) -> SubmissionResult:
    data = asdict(result)
    data.update(student=student, submission=submission)
    tests = result.tests
    data.pop("tests")
    fields = {k: v for k, v in data.items() if k in SubmissionResult.__dataclass_fields__}
    return SubmissionResult(**fields, tests=tests)


@dataclass(frozen=True)
class Lookup:
    """What the cache knows of a submission: its key (None: no cache, or the file cannot be
    read) and its result when already graded (relabelled for this student and path)."""

    key: str | None
    data: bytes | None  # the submission's bytes (None: rejected, a folder, unreadable)
    hit: SubmissionResult | None = None


def lookup(
    cache: ResultCache | None, problem: Problem, sub: Submission, isolation: str, start_method: str | None, rerun: bool
) -> Lookup:
    """The one cache lookup of local and cluster grading alike."""
    data = None
    if not sub.rejected and not sub.path.is_dir():
        try:
            data = sub.path.read_bytes()
        except OSError:
            return Lookup(None, None)
    if cache is None:
        return Lookup(None, data)
    keyed = data
    if not sub.rejected and sub.path.is_dir():
        # A folder (a submission of several files): keyed by every file, data stays None.
        from judge.grading.sources import folder_digest

        digest = folder_digest(sub.path)
        if digest is None:
            return Lookup(None, None)
        keyed = digest + (sub.entry_point or "").encode()
    key = cache_key(problem, keyed, isolation, sub.rejected, start_method)
    hit = None if rerun else cache.get(key)
    return Lookup(key, data, relabel(hit, sub.student, sub.display) if hit is not None else None)
