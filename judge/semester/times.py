"""When was a submission submitted: an LMS export, the git history, or the file's mtime.

What each source can be trusted for:

- "lms": a CSV exported from the course's LMS (`student,problem,submitted_at`). The time was
  recorded by the server when the student uploaded the work; the student cannot forge it.
  The only source fit for penalties a student may dispute.
- "git": the committer time of the last commit that touched the file. It says when the
  commit was made *as the student's machine claims*: anyone can set GIT_COMMITTER_DATE (or
  their clock) to any moment, so it is evidence of honest students' timing, not proof. A
  server-side record (a push log, GitHub Classroom's submission time) is the proof; export
  it as the LMS CSV. Local changes not yet committed do not count: the time is still the
  last commit's.
- "mtime": the file's modification time on the machine grading. It is whatever the copy
  made it (a fresh clone, an unzip, `cp` without -p all set it to "now"; `touch -d` sets any
  time); a fallback that is only meaningful when the teacher knows how the files got there.

`TimeSource` picks, per file: the CSV's time when the CSV has the student and problem, else
the git time when the file is committed in a git work tree, else the mtime.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from judge.core.deadlines import parse_time
from judge.core.errors import ConfigError, UsageError
from judge.core.files import read_data_text
from judge.core.i18n import _
from judge.core.numbers import decimal

GIT_TIMEOUT = 120.0  # seconds for one git command (a log over a class's history takes far less)
CSV_COLUMNS = ("student", "problem", "submitted_at")

# Variables that would point git at another repository than the folder's own (set when the
# judge runs inside a git hook, for instance).
_GIT_LOCATION_VARS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
)
# Settings of the user's own ~/.gitconfig that would change what `git log` prints.
_GIT_SETTINGS = (
    "core.quotepath=off",
    "log.showSignature=false",
    "log.showRoot=true",
    "core.fsmonitor=false",
    "color.ui=never",
)


# report.json's `submitted_from` (a contract: DESIGN.md) for each source: named for the teacher
# reading the report (the CSV they passed, git, the file), not for this module.
SUBMITTED_FROM = {"lms": "times-csv", "git": "git", "mtime": "file"}


@dataclass(frozen=True)
class Submitted:
    at: datetime  # tz-aware
    source: str  # "git" | "mtime" | "lms"
    commit: str | None = None  # the commit's hash when source is "git"

    @property
    def submitted_from(self) -> str:
        """The source as report.json names it: `times-csv`, `git` or `file`."""
        return SUBMITTED_FROM[self.source]


# -- git ------------------------------------------------------------------------------------


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_VARS}
    env.update(
        {
            "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_PAGER": "cat",
            "PAGER": "cat",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_LITERAL_PATHSPECS": "1",
        }
    )
    return env


def _run_git(git: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    argv = [git, "--no-pager"]
    for setting in _GIT_SETTINGS:
        argv += ["-c", setting]
    argv += ["-C", str(cwd), *args]
    try:
        return subprocess.run(argv, capture_output=True, timeout=GIT_TIMEOUT, env=_git_env(), stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise UsageError(
            _("git {command} in {folder} did not finish in {seconds} s").format(
                command=args[0], folder=cwd, seconds=decimal(GIT_TIMEOUT, 0)
            )
        ) from None
    except OSError as exc:
        raise UsageError(_("cannot run git: {reason}").format(reason=exc.strerror or exc)) from None


def _git_reason(proc: subprocess.CompletedProcess[bytes]) -> str:
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else _("exit code {code}").format(code=proc.returncode)


def _real(path: Path) -> Path:
    """An absolute path with its folders' links resolved, not the file's own (it may be a link)."""
    path = Path(os.path.abspath(path))
    return Path(os.path.realpath(path.parent)) / path.name


# One change of a file: (commit hash, committer time, status letter: A, M, D, T...).
_Change = tuple[str, datetime, str]


class GitHistory:
    """The commits of a git work tree that touched files under a folder.

    The history is read once, with one `git log` over the folder, when first needed: a
    class's hundred submissions cost one git process, not one each."""

    def __init__(self, git: str, top: Path, folder: Path) -> None:
        self.git = git
        self.top = top  # the work tree's top folder (real path)
        self.folder = folder  # the folder asked about (real path, inside top)
        self._logs: dict[str, dict[str, list[_Change]]] = {}  # pathspec -> file -> changes, newest first

    @classmethod
    def open(cls, folder: Path) -> GitHistory | None:
        """The history of the git work tree holding `folder`; None when there is none (the
        folder is not in a work tree, does not exist, or git is not installed)."""
        git = shutil.which("git")
        if git is None or not Path(folder).is_dir():
            return None
        proc = _run_git(git, Path(folder), "rev-parse", "--show-toplevel")
        if proc.returncode != 0:
            reason = _git_reason(proc)
            if "dubious ownership" in reason or "safe.directory" in proc.stderr.decode("utf-8", "replace"):
                # A repository git refuses to read is a repository: silently using mtimes
                # instead would hide it. The teacher decides (git config --global --add safe.directory).
                raise UsageError(
                    _("git refuses to read the repository holding {folder}: {reason}").format(
                        folder=folder, reason=reason
                    )
                )
            return None
        out = proc.stdout.decode("utf-8", "surrogateescape").strip()
        if not out:
            return None
        top = Path(os.path.realpath(out))
        real = Path(os.path.realpath(folder))
        return cls(git, top, real)

    # -- the public questions --

    def last_commit(self, path: Path) -> Submitted | None:
        """The committer time and hash of the last commit that touched the file (as
        `git log -1 -- path`); None when no commit did, or when the last one deleted it (the
        file on disk is then not the committed one). Uncommitted local changes do not count."""
        changes = self._changes(path)
        if not changes:
            return None
        commit, when, status = changes[0]
        if status == "D":
            return None
        return Submitted(at=when, source="git", commit=commit)

    def version_at(self, path: Path, when: datetime) -> tuple[str, bytes] | None:
        """(commit hash, the file's content) as of the last commit at or before `when`
        (committer time) that touched the file; None when there is none, or that commit
        deleted the file."""
        rel = self._relative(path)
        if rel is None:
            return None
        for commit, at, status in self._changes(path):
            if at <= when:
                if status == "D":
                    return None
                # The blob's bytes as committed (what `git show <hash>:<path>` prints, without
                # any textconv filter a .gitattributes could ask for).
                proc = _run_git(self.git, self.top, "cat-file", "blob", f"{commit}:{rel}")
                if proc.returncode != 0:
                    raise UsageError(
                        _("git cannot read {path} at commit {commit}: {reason}").format(
                            path=rel, commit=commit[:12], reason=_git_reason(proc)
                        )
                    )
                return commit, proc.stdout
        return None

    def commit_time(self, path: Path, commit: str) -> datetime | None:
        """The committer time of `commit`, one of the commits that touched `path`."""
        return next((at for hash_, at, _status in self._changes(path) if hash_ == commit), None)

    # -- reading the log --

    def _relative(self, path: Path) -> str | None:
        """The path relative to the work tree's top, '/'-separated; None when outside it."""
        try:
            return _real(path).relative_to(self.top).as_posix()
        except ValueError:
            return None

    def _changes(self, path: Path) -> list[_Change]:
        rel = self._relative(path)
        if rel is None:
            return []
        real = _real(path)
        if real == self.folder or self.folder in real.parents:
            scope = self.folder.relative_to(self.top).as_posix() if self.folder != self.top else "."
        else:  # a file outside the folder asked about: its own log
            scope = rel
        if scope not in self._logs:
            self._logs[scope] = self._read_log(scope)
        return self._logs[scope].get(rel, [])

    def _read_log(self, scope: str) -> dict[str, list[_Change]]:
        """file (relative to top) -> its changes, newest first, for every file under `scope`."""
        head = _run_git(self.git, self.top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        if head.returncode != 0:
            return {}  # a repository without commits yet
        proc = _run_git(
            self.git,
            self.top,
            "log",
            "--no-renames",
            "--name-status",
            "-z",
            "--no-color",
            "--format=%x1e%H%x1f%cI",
            "--",
            scope,
        )
        if proc.returncode != 0:
            raise UsageError(
                _("git log failed in {folder}: {reason}").format(folder=self.top, reason=_git_reason(proc))
            )
        return _parse_log(proc.stdout.decode("utf-8", "surrogateescape"))


def _parse_log(out: str) -> dict[str, list[_Change]]:
    """`git log -z --name-status --format=%x1e%H%x1f%cI`: a header per commit, then NUL-separated
    status and path pairs (a path may hold any character but NUL, hence a state machine)."""
    files: dict[str, list[_Change]] = {}
    tokens = out.split("\0")
    commit: str | None = None
    when: datetime | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if not token:
            continue
        if token.startswith("\x1e"):
            commit, _sep, stamp = token[1:].partition("\x1f")
            when = datetime.fromisoformat(stamp.strip())
            continue
        if commit is None or when is None or i >= len(tokens):
            continue
        path = tokens[i]
        i += 1
        files.setdefault(path, []).append((commit, when, token[:1]))
    return files


# -- the other sources ------------------------------------------------------------------------


def mtime(path: Path) -> Submitted:
    """The file's modification time, in UTC."""
    try:
        stamp = Path(path).stat().st_mtime
    except OSError as exc:
        raise UsageError(
            _("cannot read the modification time of {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    return Submitted(at=datetime.fromtimestamp(stamp, tz=UTC), source="mtime")


def load_times(path: Path) -> dict[tuple[str, str], Submitted]:
    """(student, problem) -> the LMS's time, from a CSV with the header
    `student,problem,submitted_at` (other columns are ignored; UTF-8, a BOM is allowed).

    A student and problem listed more than once: the latest time counts (the file graded is
    the last one submitted)."""
    text = read_data_text(path, "utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as exc:
        raise ConfigError(path, "line 1", str(exc)) from None
    if any(column not in header for column in CSV_COLUMNS):
        raise ConfigError(
            path,
            "line 1",
            _("expected a header naming the columns {columns}, got {value}").format(
                columns=",".join(CSV_COLUMNS), value=repr(",".join(header))
            ),
        )
    where = {column: header.index(column) for column in CSV_COLUMNS}
    times: dict[tuple[str, str], Submitted] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ConfigError(path, f"line {reader.line_num}", str(exc)) from None
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        values = {}
        for column, index in where.items():
            value = row[index].strip() if index < len(row) else ""
            if not value:
                raise ConfigError(path, f"line {reader.line_num}: {column}", _("expected a value, got an empty field"))
            values[column] = value
        try:
            at = parse_time(values["submitted_at"])
        except ValueError as exc:
            raise ConfigError(path, f"line {reader.line_num}: submitted_at", str(exc)) from None
        key = (values["student"], values["problem"])
        if key not in times or times[key].at < at:
            times[key] = Submitted(at=at, source="lms")
    return times


class TimeSource:
    """When each file was submitted: the CSV's time when it lists the student and problem,
    else the last commit's time when `folder` is in a git work tree and the file is committed
    (uncommitted local changes still get the last commit's time), else the file's mtime."""

    def __init__(self, folder: Path, times_csv: Path | None = None) -> None:
        self.folder = Path(folder)
        self.times = load_times(times_csv) if times_csv is not None else {}
        self._history: GitHistory | None = None
        self._opened = False

    @property
    def history(self) -> GitHistory | None:
        if not self._opened:
            self._history = GitHistory.open(self.folder)
            self._opened = True
        return self._history

    def submitted(self, student: str, problem: str, path: Path) -> Submitted:
        recorded = self.times.get((str(student), str(problem)))
        if recorded is not None:
            return recorded
        history = self.history
        if history is not None:
            committed = history.last_commit(path)
            if committed is not None:
                return committed
        return mtime(path)
