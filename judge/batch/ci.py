"""Continuous integration: grade only what a pull request changed, and speak GitHub Actions.

- `only_changed`: the submissions changed between a revision and HEAD, with the merge-base
  semantics of a GitHub pull request (`git diff REV...HEAD`: what HEAD's branch changed since
  it forked from REV; commits that landed on REV's branch meanwhile are not counted).
- `publish`: when `$GITHUB_STEP_SUMMARY` is set, append the Markdown summary to that file;
  when `$GITHUB_ACTIONS` is `true`, print `::error` annotations for CE, RE and RV on the
  offending file and line.
- `gradescope_guard`: Gradescope needs its results.json even when grading crashes; on an
  exception a results.json with score 0 and the error is written, then the error goes on.

Nothing here changes how a submission is judged; it only selects and publishes.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from judge.core.errors import UsageError
from judge.core.i18n import _, ngettext
from judge.core.verdicts import Verdict

if TYPE_CHECKING:
    from judge.grading.submission import Submission
    from judge.reports import Report

ANNOTATED = (Verdict.CE, Verdict.RE, Verdict.RV)
SUMMARY_LIMIT = 1000 * 1024  # GitHub takes at most 1 MiB of step summary per step


# -- which submissions a pull request changed -------------------------------------------


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise UsageError(_("--changed-since: git is not installed")) from None


def repo_root(folder: Path) -> Path:
    """The top folder of the git repository holding `folder`; UsageError if there is none."""
    proc = _git(folder, "rev-parse", "--show-toplevel")
    if proc.returncode != 0 or not proc.stdout.strip():
        raise UsageError(_("--changed-since: {folder} is not in a git repository").format(folder=folder))
    return Path(os.path.realpath(proc.stdout.strip()))


def changed_files(folder: Path, rev: str) -> tuple[Path, set[Path]]:
    """(repository root, absolute paths of files added or modified by HEAD since it forked from REV).

    Deleted files are left out (nothing to grade); a rename counts as its new path."""
    if not rev or rev.startswith("-"):
        raise UsageError(_("--changed-since: {rev} is not a revision").format(rev=repr(rev)))
    top = repo_root(folder)
    if _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise UsageError(
            _(
                "--changed-since: unknown revision {rev} in {folder} "
                "(in CI, check out the full history: fetch-depth: 0)"
            ).format(rev=repr(rev), folder=top)
        )
    proc = _git(
        top,
        "-c",
        "core.quotepath=off",
        "diff",
        "--name-only",
        "-z",
        "--no-renames",
        "--diff-filter=d",
        f"{rev}...HEAD",
        "--",
    )
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or ["git diff failed"])[-1]
        raise UsageError(
            _("--changed-since: cannot diff {range}: {reason}").format(range=f"{rev}...HEAD", reason=reason)
        )
    return top, {top / name for name in proc.stdout.split("\0") if name}


def _real(path: Path) -> Path:
    """A submission's path with its folders resolved but not the file itself (it may be a link)."""
    return Path(os.path.realpath(path.parent)) / path.name


def only_changed(found: list[Submission], root: Path, rev: str) -> list[Submission]:
    """The submissions among `found` that HEAD changed since it forked from REV."""
    _top, changed = changed_files(root, rev)
    touched = set(changed)
    for path in changed:  # a submission that is a folder: any file inside it counts
        touched.update(path.parents)
    kept = [f for f in found if _real(f.path) in touched]
    click.echo(
        ngettext(
            "judge: {kept} of {total} submission changed since {rev} (merge base...HEAD)",
            "judge: {kept} of {total} submissions changed since {rev} (merge base...HEAD)",
            len(found),
        ).format(kept=len(kept), total=len(found), rev=rev),
        err=True,
    )
    return kept


# -- GitHub Actions ---------------------------------------------------------------------


def escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF are escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: like a message, and also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _workspace(root: Path) -> Path:
    env = os.environ.get("GITHUB_WORKSPACE")
    if env:
        return Path(os.path.realpath(env))
    proc = _git(root, "rev-parse", "--show-toplevel")
    if proc.returncode == 0 and proc.stdout.strip():
        return Path(os.path.realpath(proc.stdout.strip()))
    return Path(os.path.realpath(Path.cwd()))


# Not `annotations`: that name is the module's `from __future__ import annotations`.
def error_annotations(report: Report, root: Path) -> list[str]:
    """`::error` lines for the CE, RE and RV submissions, files relative to the workspace."""
    base = _workspace(root)
    lines = []
    for r in sorted(report.results, key=lambda r: (r.student, r.problem)):
        if r.verdict not in ANNOTATED:
            continue
        path = _real(Path(r.submission))
        file = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
        props = [f"file={escape_property(file)}"]
        if r.line is not None:
            props.append(f"line={r.line}")
        props.append(f"title={escape_property(r.verdict.value)}")
        message = r.message or r.verdict.description
        if r.hints:
            message += "\n" + "\n".join(_("hint: {hint}").format(hint=h) for h in r.hints)
        lines.append(f"::error {','.join(props)}::{escape_data(message)}")
    return lines


def step_summary(report: Report, changed_since: str | None) -> str:
    """The Markdown for $GITHUB_STEP_SUMMARY: report.md, without details if it is too long."""
    from judge.reports.md_report import render

    text = render(report)
    if changed_since is not None:
        head, _sep, rest = text.partition("\n")
        changed = _("Submissions changed since `{rev}` (merge base...HEAD).").format(rev=changed_since)
        text = f"{head}\n\n{changed}\n{rest}"
    if len(text.encode("utf-8")) > SUMMARY_LIMIT:
        # report.md's only level-2 heading is its details (named in the report's language).
        cut = text.find("\n## ")
        text = (text if cut < 0 else text[:cut]).rstrip("\n") + "\n\n" + _("(details: see the report artifact)") + "\n"
    return text


def append_summary(path: Path, text: str) -> None:
    """Append to the summary file, keeping what earlier steps wrote."""
    sep = ""
    try:
        if path.stat().st_size > 0:
            with path.open("rb") as fh:
                fh.seek(-1, os.SEEK_END)
                sep = "\n" if fh.read(1) != b"\n" else ""
                sep += "\n"
    except FileNotFoundError:
        pass
    with path.open("a", encoding="utf-8") as fh:
        fh.write(sep + text)


def publish(report: Report, root: Path, changed_since: str | None = None) -> None:
    """Step summary and annotations, when running in GitHub Actions (by the environment)."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        try:
            append_summary(Path(summary), step_summary(report, changed_since))
        except OSError as exc:
            click.echo(
                _("judge: warning: cannot append to GITHUB_STEP_SUMMARY ({path}): {error}").format(
                    path=summary, error=exc
                ),
                err=True,
            )
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in error_annotations(report, root):
            click.echo(line)


# -- Gradescope: results.json even when grading crashes ---------------------------------


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


@contextmanager
def gradescope_guard(out_dir: Path, formats: tuple[str, ...]) -> Iterator[None]:
    """If grading raises before the gradescope report is written, write one with score 0 and
    the error in `output` (atomically), then let the error go on (exit 2 or 3 as usual)."""
    if "gradescope" not in formats:
        yield
        return
    from judge.reports import REGISTRY, write_atomic

    path = out_dir / REGISTRY["gradescope"][1]
    before = _identity(path)
    started = time.monotonic()
    try:
        yield
    except (Exception, KeyboardInterrupt) as exc:
        after = _identity(path)
        if after is None or after == before:  # the real results.json was not written by this run
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
                write_atomic(path, crash_results(exc, time.monotonic() - started))
            except OSError as write_error:
                click.echo(
                    _("judge: error: cannot write {path}: {error}").format(path=path, error=write_error), err=True
                )
        raise


def crash_results(exc: BaseException, elapsed: float) -> str:
    from judge.core.errors import JudgeError

    # Gradescope shows `output` to the student: in the active language.
    if isinstance(exc, KeyboardInterrupt):
        output = _(
            "The autograder failed, so no score was given (judge: interrupted: {error}). Please tell your instructor."
        ).format(error=exc)
    elif isinstance(exc, JudgeError):
        output = _(
            "The autograder failed, so no score was given (judge: error: {error}). Please tell your instructor."
        ).format(error=exc)
    else:
        output = _(
            "The autograder failed, so no score was given (judge: internal error: {kind}: {error}). "
            "Please tell your instructor."
        ).format(kind=type(exc).__name__, error=exc)
    data = {
        "score": 0,
        "execution_time": round(elapsed, 3),
        "output": output,
        "visibility": "visible",
        "tests": [],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
