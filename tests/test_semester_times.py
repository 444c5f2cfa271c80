"""When was it submitted: git history, mtimes, an LMS CSV (judge/semester/times.py).

A real git repository in tmp_path, commits with explicit author and committer dates."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from judge.core.errors import ConfigError
from judge.semester.times import GitHistory, Submitted, TimeSource, load_times, mtime
from tests.conftest import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MSK = timezone(timedelta(hours=3))
T1 = datetime(2026, 12, 1, 10, 0, tzinfo=MSK)
T2 = datetime(2026, 12, 5, 18, 30, tzinfo=MSK)
T3 = datetime(2026, 12, 11, 1, 15, tzinfo=UTC)
CYRILLIC = "иванов_а"


def commit(repo: Path, message: str, when: datetime) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path):
    """course/ with submissions/<student>/<problem>.py over three commits:
    T1: ivanov/1.py v1, ivanov/2.py, иванов_а/1.py; T2: ivanov/1.py v2, 2.py deleted; T3: petrov/1.py."""
    root = tmp_path / "course"
    root.mkdir()
    git(root, "init", "-q")
    subs = root / "submissions"
    write(subs / "ivanov" / "1.py", "print(1)\n")
    write(subs / "ivanov" / "2.py", "print(2)\n")
    write(subs / CYRILLIC / "1.py", "print('привет')\n")
    write(root / "README.md", "course\n")
    c1 = commit(root, "first", T1)
    write(subs / "ivanov" / "1.py", "print(11)\n")
    (subs / "ivanov" / "2.py").unlink()
    c2 = commit(root, "second", T2)
    write(subs / "petrov" / "1.py", "print('p')\n")
    c3 = commit(root, "third", T3)
    return root, (c1, c2, c3)


def test_last_commit(repo):
    root, (c1, c2, c3) = repo
    history = GitHistory.open(root)
    assert history is not None
    subs = root / "submissions"
    assert history.last_commit(subs / "ivanov" / "1.py") == Submitted(T2, "git", c2)
    assert history.last_commit(subs / "petrov" / "1.py") == Submitted(T3, "git", c3)
    assert history.last_commit(subs / "ivanov" / "1.py").at.utcoffset() == timedelta(hours=3)
    assert history.last_commit(subs / "ivanov" / "2.py") is None  # deleted by its last commit
    assert history.last_commit(subs / "nobody" / "1.py") is None
    assert history.last_commit(root.parent / "elsewhere.py") is None  # outside the work tree


def test_cyrillic_file_name(repo):
    root, (c1, _c2, _c3) = repo
    path = root / "submissions" / CYRILLIC / "1.py"
    history = GitHistory.open(root / "submissions")
    assert history.last_commit(path) == Submitted(T1, "git", c1)
    assert history.version_at(path, T1) == (c1, "print('привет')\n".encode())
    # the same folder through a relative path
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert history.last_commit(Path("submissions") / CYRILLIC / "1.py").commit == c1
    finally:
        os.chdir(cwd)


def test_version_at(repo):
    root, (c1, c2, _c3) = repo
    history = GitHistory.open(root)
    one = root / "submissions" / "ivanov" / "1.py"
    assert history.version_at(one, T1 - timedelta(seconds=1)) is None  # before any commit
    assert history.version_at(one, T1) == (c1, b"print(1)\n")  # at: counts
    assert history.version_at(one, T2 - timedelta(minutes=1)) == (c1, b"print(1)\n")  # between
    assert history.version_at(one, T2) == (c2, b"print(11)\n")
    assert history.version_at(one, T3 + timedelta(days=30)) == (c2, b"print(11)\n")  # after the last
    two = root / "submissions" / "ivanov" / "2.py"
    assert history.version_at(two, T2 - timedelta(seconds=1)) == (c1, b"print(2)\n")
    assert history.version_at(two, T2) is None  # deleted in that commit
    assert history.version_at(root / "submissions" / "nobody.py", T3) is None


def test_a_subfolder_of_the_repository(repo):
    root, (c1, c2, c3) = repo
    history = GitHistory.open(root / "submissions" / "ivanov")
    assert history is not None and history.top == Path(os.path.realpath(root))
    assert history.last_commit(root / "submissions" / "ivanov" / "1.py").commit == c2
    # a file of the work tree outside the folder asked about still has its history
    assert history.last_commit(root / "submissions" / "petrov" / "1.py").commit == c3
    assert history.last_commit(root / "README.md") == Submitted(T1, "git", c1)


def test_uncommitted_changes_keep_the_commit_time(repo):
    root, (_c1, c2, _c3) = repo
    one = write(root / "submissions" / "ivanov" / "1.py", "print('changed locally')\n")
    source = TimeSource(root / "submissions")
    assert source.submitted("ivanov", "1", one) == Submitted(T2, "git", c2)
    new = write(root / "submissions" / "ivanov" / "3.py", "print(3)\n")  # never committed: mtime
    os.utime(new, (1_800_000_000, 1_800_000_000))
    assert source.submitted("ivanov", "3", new) == Submitted(datetime.fromtimestamp(1_800_000_000, tz=UTC), "mtime")


def test_not_a_repository(tmp_path):
    folder = tmp_path / "plain"
    path = write(folder / "ivanov" / "1.py", "print(1)\n")
    assert GitHistory.open(folder) is None
    assert GitHistory.open(tmp_path / "does-not-exist") is None
    os.utime(path, (1_700_000_000.5, 1_700_000_000.5))
    found = mtime(path)
    assert found == Submitted(datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=UTC), "mtime")
    assert TimeSource(folder).submitted("ivanov", "1", path) == found


def test_a_repository_without_commits(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    git(root, "init", "-q")
    path = write(root / "a.py", "x\n")
    history = GitHistory.open(root)
    assert history is not None
    assert history.last_commit(path) is None and history.version_at(path, T3) is None
    assert TimeSource(root).submitted("a", "a", path).source == "mtime"


# -- the LMS's CSV ---------------------------------------------------------------------------


def test_csv_source(repo, tmp_path):
    root, (_c1, c2, _c3) = repo
    csv_path = tmp_path / "times.csv"
    csv_path.write_bytes(
        (
            "\ufeffstudent,problem,submitted_at,grade\n"
            "ivanov,1,2026-12-09T12:00:00+03:00,5\n"
            f"{CYRILLIC},1,2026-12-09T08:00:00Z,4\n"
            "\n"
            "ivanov,1,2026-12-10T12:00:00+03:00,5\n"  # listed again: the later counts
            "ivanov,1,2026-12-08T12:00:00+03:00,5\n"
        ).encode()
    )
    times = load_times(csv_path)
    assert times == {
        ("ivanov", "1"): Submitted(datetime(2026, 12, 10, 12, 0, tzinfo=MSK), "lms"),
        (CYRILLIC, "1"): Submitted(datetime(2026, 12, 9, 8, 0, tzinfo=UTC), "lms"),
    }
    source = TimeSource(root / "submissions", csv_path)
    subs = root / "submissions"
    assert source.submitted("ivanov", "1", subs / "ivanov" / "1.py") == times[("ivanov", "1")]
    # not in the CSV: git
    assert source.submitted("ivanov", "2", subs / "ivanov" / "1.py") == Submitted(T2, "git", c2)


def test_csv_columns_in_any_order(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("submitted_at,problem,student\n2026-12-10T23:59:00+03:00,3504,ivanov_a\n", encoding="utf-8")
    assert load_times(path) == {("ivanov_a", "3504"): Submitted(datetime(2026, 12, 10, 23, 59, tzinfo=MSK), "lms")}


@pytest.mark.parametrize(
    "text, where, expected",
    [
        ("student,problem\nivanov,1\n", "line 1", "expected a header naming the columns student,problem,submitted_at"),
        ("", "line 1", "expected a header naming the columns"),
        ("ivanov,1,2026-12-10T23:59:00+03:00\n", "line 1", "expected a header naming the columns"),
        (
            "student,problem,submitted_at\nivanov,1,2026-12-10T23:59:00+03:00\npetrov,1,2026-12-10T23:59\n",
            "line 3: submitted_at",
            "expected an ISO 8601 time with a UTC offset, e.g. 2026-12-10T23:59:00+03:00, got '2026-12-10T23:59'",
        ),
        ("student,problem,submitted_at\nivanov,1,yesterday\n", "line 2: submitted_at", "got 'yesterday'"),
        ("student,problem,submitted_at\nivanov,1\n", "line 2: submitted_at", "expected a value, got an empty field"),
        ("student,problem,submitted_at\n,1,2026-12-10T23:59:00+03:00\n", "line 2: student", "expected a value"),
    ],
)
def test_csv_errors(tmp_path, text, where, expected):
    path = write(tmp_path / "times.csv", text)
    with pytest.raises(ConfigError) as info:
        load_times(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {where}: ") and expected in message and "\n" not in message


def test_csv_file_errors(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_times(tmp_path / "missing.csv")
    bad = tmp_path / "cp1251.csv"
    bad.write_bytes("student,problem,submitted_at\nиванов,1,2026-12-10T23:59:00+03:00\n".encode("cp1251"))
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_times(bad)
    with pytest.raises(ConfigError, match="file not found"):
        TimeSource(tmp_path, tmp_path / "missing.csv")
