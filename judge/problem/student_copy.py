"""The student copy of a problem set: hidden tests whose answers are locked behind salted hashes.

`judge export-student PROBLEMS_DIR DEST` writes, for every problem: problem.yaml with the
course's settings that decide a verdict written into it (the limits merged from config.yaml and
problem.yaml, config.yaml's start method when the problem has none of its own: the copy judges
as the teacher's grading does, whatever config.yaml the student has), statement.md as it is,
tests/sample as they are, and every secret test's input (and its
per-test NN.yaml) with the answer replaced by `NN.lock`:

    {"format": "judge-lock/1", "algorithm": "sha256", "checker": "lines",
     "salt": "<32 hex digits>", "hash": "<64 hex digits>",
     "pe_salt": "<32 hex digits>", "pe_hash": "<64 hex digits>"}

hash = sha256(salt + canonical(answer)), where canonical() is the normal form of the problem's
checker with that test's option overrides (check() accepts iff the normal forms are equal).
The salt is 16 random bytes per test, so equal answers get different hashes and a table of
hashes of common answers is of no use. pe_salt/pe_hash are only there for checkers that tell a
presentation error from a wrong answer (exact, lines): the same, over the answer's tokens.
`judge check` on the copy hashes the output the same way: equal -> AC, equal tokens -> PE,
else WA. Problems whose checker cannot be hashed (float tolerance, regex, interleave,
multiset, external) and interactive problems keep only their samples, and a `student-copy.yaml` in the problem folder
says so; the loader then drops the groups that have no test left.

generator.py (it computes the answers), solutions/ and any other file are not copied.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from judge.core import i18n
from judge.core.errors import UsageError
from judge.core.i18n import N_, _, ngettext
from judge.problem.lock import MARKER, MARKER_FORMAT, make_lock

if TYPE_CHECKING:
    from judge.core.limits import Limits
    from judge.problem import Problem

# What the copy holds of a problem folder: nothing else (generator.py computes answers).
# problem.yaml is written by _effective_problem_yaml.
_COPIED_FILES = ("statement.md",)


# -- export ----------------------------------------------------------------------------


@dataclass
class ExportedProblem:
    id: str
    samples: int
    locked: int
    reason: str = ""  # why the secret tests were left out, if they were (in the active language)

    def summary(self) -> str:
        if self.reason:
            return _("{id}: samples only ({reason})").format(id=self.id, reason=self.reason)
        return _("{id}: {samples} sample + {locked} locked tests").format(
            id=self.id, samples=self.samples, locked=self.locked
        )


def _why_withheld(kind: str, checker: str) -> str:
    """Why a problem's secret tests cannot be locked, in the active language."""
    if kind == "interactive":
        return _("interactive: the interactor reads the hidden answers")
    if checker == "tokens":
        return _("{checker} checker with float tolerance cannot be hashed").format(checker=checker)
    return _("{checker} checker cannot be hashed").format(checker=checker)


def export_student_copy(
    problems_dir: Path,
    dest: Path,
    force: bool = False,
    defaults: Limits | None = None,
    echo: Callable[[str], object] = print,
    start_method: str | None = None,
) -> list[ExportedProblem]:
    """Write the student copy of every problem in problems_dir to dest (see the module doc)."""
    from judge.problem import list_problem_ids, load_problem

    problems_dir, dest = Path(problems_dir), Path(dest)
    if not problems_dir.is_dir():
        raise UsageError(_("{folder}: no such folder").format(folder=problems_dir))
    ids = list_problem_ids(problems_dir)
    if not ids:
        raise UsageError(_("{folder}: no problems found (no folder with a problem.yaml)").format(folder=problems_dir))
    _check_dest(problems_dir, dest, force)
    problems = [load_problem(problems_dir / pid, defaults) for pid in ids]  # all valid, or nothing written

    dest.parent.mkdir(parents=True, exist_ok=True)
    # Written next to DEST, then moved into place: a failed export leaves DEST as it was.
    staging = dest.parent / f".{dest.name}.export-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        done = []
        for problem in problems:
            exported = _export_problem(problem, staging / problem.path.name, start_method)
            done.append(exported)
            echo(exported.summary())
        (staging / "README.md").write_text(_(_README).format(source=problems_dir.as_posix()), encoding="utf-8")
        if dest.exists():
            shutil.rmtree(dest) if dest.is_dir() and not dest.is_symlink() else dest.unlink()
        os.replace(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    locked = sum(p.locked for p in done)
    echo(
        ngettext(
            "student copy written to {dest}: {n} problem, {locked} locked tests",
            "student copy written to {dest}: {n} problems, {locked} locked tests",
            len(done),
        ).format(dest=dest, n=len(done), locked=locked)
    )
    return done


def _check_dest(problems_dir: Path, dest: Path, force: bool) -> None:
    src, out = problems_dir.resolve(), dest.resolve()
    if out == src or out.is_relative_to(src) or src.is_relative_to(out):
        raise UsageError(_("{dest}: DEST must be outside PROBLEMS_DIR and must not contain it").format(dest=dest))
    if dest.exists() or dest.is_symlink():
        if not dest.is_dir() or dest.is_symlink():
            raise UsageError(_("{dest}: exists and is not a folder").format(dest=dest))
        if any(dest.iterdir()):
            if not force:
                raise UsageError(_("{dest}: not empty (use --force to replace it)").format(dest=dest))
            cwd = Path.cwd().resolve()
            if cwd == out or cwd.is_relative_to(out) or out == Path.home().resolve() or out == Path(out.anchor):
                raise UsageError(
                    _("{dest}: refusing to replace a folder that holds the current folder or the home folder").format(
                        dest=dest
                    )
                )


def _export_problem(problem: Problem, out: Path, start_method: str | None = None) -> ExportedProblem:
    from judge.checkers import make_checker

    src = problem.path
    samples = [t for t in problem.tests if t.kind == "sample"]
    secret = [t for t in problem.tests if t.kind != "sample"]
    source = str(src / "problem.yaml")
    locks: dict[str, object] = {}  # test name -> its lock, as written to NN.lock
    # An interactor reads the answer itself while it talks to the solution: nothing to hash.
    withheld = "interactive" if problem.interactive and secret else ""
    for case in [] if withheld else secret:
        if case.lock is not None:  # already a student copy: the lock is all there is
            locks[case.name] = json.loads(case.lock.path.read_text(encoding="utf-8"))
            continue
        options = problem.checker_options_for(case)
        checker = make_checker(problem.checker, options, problem_dir=src, source=source)
        lock = make_lock(checker, case.answer_path.read_bytes())
        if lock is None:
            withheld = "checker"
            break
        locks[case.name] = lock
    reason = _why_withheld(withheld, problem.checker) if withheld else ""
    if reason and not samples:
        raise UsageError(
            _(
                "{folder}: only sample tests could be copied ({reason}) and it has no sample tests: "
                "a student copy would hold no test at all"
            ).format(folder=src, reason=reason)
        )

    out.mkdir(parents=True)
    (out / "problem.yaml").write_text(_effective_problem_yaml(problem, start_method), encoding="utf-8")
    for name in _COPIED_FILES:
        if (src / name).is_file():
            shutil.copyfile(src / name, out / name)
    _copy_checker_program(problem, out)
    if (src / "include").is_dir():  # added to every submission: it decides verdicts too
        shutil.copytree(src / "include", out / "include", symlinks=False)
    sample_dir = src / "tests" / "sample"
    if sample_dir.is_dir():
        shutil.copytree(sample_dir, out / "tests" / "sample", symlinks=False)
    if reason:
        mode = "withheld"
    else:
        mode = "locked" if secret else "none"
        for case in secret:
            folder = out / "tests" / "secret"
            folder.mkdir(parents=True, exist_ok=True)
            stem = Path(case.name).name
            shutil.copyfile(case.input_path, folder / f"{stem}.in")
            meta = case.input_path.with_suffix(".yaml")
            if meta.is_file():
                shutil.copyfile(meta, folder / f"{stem}.yaml")
            (folder / f"{stem}.lock").write_text(json.dumps(locks[case.name], indent=2) + "\n", encoding="utf-8")
    marker = [
        f"# Written by `judge export-student`: this is a student copy of {problem.id}.",
        f"format: {MARKER_FORMAT}",
        f"secret_tests: {mode}        # locked | withheld (left out) | none",
    ]
    if reason:
        with i18n.using("en"):  # the file's words stay English, like its keys
            marker.append(f"reason: {json.dumps(_why_withheld(withheld, problem.checker))}")
    (out / MARKER).write_text("\n".join(marker) + "\n", encoding="utf-8")
    return ExportedProblem(problem.id, len(samples), 0 if reason else len(secret), reason)


def _effective_problem_yaml(problem: Problem, start_method: str | None) -> str:
    """The problem's problem.yaml with every setting config.yaml decides made its own: the
    merged limits in full and the course's start method (a problem's own wins, as it does when
    the teacher grades). Written out whole: the copy must not depend on the defaults of the
    judge version or the config.yaml the student runs it with."""
    import yaml

    from judge.core.schema import load_yaml

    source = problem.path / "problem.yaml"
    loaded = load_yaml(source)
    # A mapping or nothing: the problem was loaded from this very file.
    data: dict[object, object] = loaded if isinstance(loaded, dict) else {}
    limits = problem.limits
    merged: dict[str, object] = {"time": limits.time}
    if limits.wall_time is not None:
        merged["wall_time"] = limits.wall_time
    merged.update(memory=limits.memory, output=limits.output, stderr=limits.stderr, processes=limits.processes)
    data["limits"] = merged
    if start_method and not problem.runtime.start_method:
        runtime = data.get("runtime")
        data["runtime"] = {**(runtime if isinstance(runtime, dict) else {}), "start_method": start_method}
    header = (
        f"# The student copy of {problem.id}'s problem.yaml (judge export-student): the course's\n"
        "# limits (config.yaml merged with problem.yaml; seconds of CPU, bytes) and start method\n"
        "# are written in, so this copy judges as the teacher's grading does.\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _copy_checker_program(problem: Problem, out: Path) -> None:
    """An external checker is needed to judge the samples: copy its program (and headers)."""
    if problem.checker != "external":
        return
    program = problem.checker_options.get("program")
    if not isinstance(program, str):
        return
    path = problem.path / program
    target = out / program
    target.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():  # a program of several files (judge/checkers/build.py)
        shutil.copytree(path, target, symlinks=False)
        return
    shutil.copy2(path, target)
    if path.suffix in (".cpp", ".cc"):
        for header in path.parent.iterdir():
            if header.suffix in (".h", ".hpp", ".hh") and header.is_file():
                shutil.copy2(header, target.parent / header.name)


# The copy's README.md, written in the active language (translated where it is written).
_README = N_("""\
# Student copy of the problems

Written by `judge export-student {source} ...`. Check a solution with:

    judge check 3504 leap.py --problems-dir <this folder>

Sample tests are here as they are. Hidden (secret) tests have their input, but their answer
is replaced by `NN.lock`, a salted sha256 hash of the answer in the checker's normal form: the
judge can tell whether your output is right, and nobody can read the answer from it. Problems
whose checker cannot be hashed have only their sample tests here. Your teacher grades with the
full tests.
""")
