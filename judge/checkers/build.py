"""A teacher's program of several files — an output validator, an interactor, an input
validator — given as a folder, built as the problem package format (2025-09, "Programs") and
problemtools build one:

- with a `build` and/or a `run` script: `build` runs in a copy of the folder, then `run`
  (there) is the program;
- else `__main__.py`: the folder runs with Python (`python FOLDER`);
- else one Python file: that file runs with Python;
- else C or C++ sources: all of them compiled into one program (g++ when any is C++, else
  gcc), the headers beside them.

A build is done once per content of the folder and kept in the checkers' cache folder
($JUDGE_CACHE_DIR/checkers, else ~/.cache/judge/checkers); parallel graders building the same
folder each build into a private copy and the first rename wins. Like a one-file checker it
runs as the teacher's code: a plain subprocess, outside the sandbox.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from judge.core.i18n import _

BUILD_TIMEOUT = 300.0
C_SUFFIXES = (".c",)
CPP_SUFFIXES = (".cpp", ".cc", ".cxx", ".c++", ".C")
C_FLAGS = ("-O2", "-std=gnu11")
CPP_FLAGS = ("-O2", "-std=c++17")
SCRIPTS = ("build", "run")


class Finished(Protocol):
    """What a Runner gives back for a program that ended: all a build step reads of it."""

    @property
    def returncode(self) -> int: ...

    @property
    def said(self) -> str: ...


# How a build step runs: (argv, stdin, cwd, timeout) -> its result (returncode, said) or why it
# did not finish (a string). The caller's, judge/checkers/external.py's _run: passed in, so this
# module needs nothing from the checker that uses it.
Runner = Callable[[list[str], bytes | None, Path, float], Finished | str]


def files_of(folder: Path) -> list[Path]:
    """The folder's files (hidden ones aside), in name order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def kind_of(folder: Path) -> str | None:
    """How the folder is built: 'scripts', 'main', 'python', 'cpp', 'c'; None: it is no program."""
    names = {p.name for p in files_of(folder)}
    if names & set(SCRIPTS):
        return "scripts"
    if "__main__.py" in names:
        return "main"
    python = [n for n in names if n.endswith(".py")]
    if len(python) == 1 and not any(n.endswith(CPP_SUFFIXES + C_SUFFIXES) for n in names):
        return "python"
    if any(n.endswith(CPP_SUFFIXES) for n in names):
        return "cpp"
    if any(n.endswith(C_SUFFIXES) for n in names):
        return "c"
    return None


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in files_of(folder):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        h.update(b"x" if os.access(path, os.X_OK) else b"-")
    return h.hexdigest()


def build_folder(folder: Path, run: Runner) -> list[str] | str:
    """How to run the folder's program, building it first when needed (cached); a string
    says why it cannot run (no program in it, the build failed)."""
    kind = kind_of(folder)
    if kind is None:
        return _(
            "{folder}: no program in it (a build or run script, __main__.py, a Python file or C/C++ sources)"
        ).format(folder=folder.name)
    if kind == "main":
        return [sys.executable, str(folder.resolve())]
    if kind == "python":
        (only,) = [p for p in files_of(folder) if p.suffix == ".py"]
        return [sys.executable, str(only.resolve())]
    from judge.core.paths import user_cache_dir

    try:
        root = user_cache_dir("checkers")
        target = root / f"{folder.name}-{digest(folder)[:24]}"
    except OSError as error:
        return _("cannot build {folder}: {error}").format(folder=folder.name, error=error)
    program = target / ("run" if kind == "scripts" else "program")
    if program.is_file() and os.access(program, os.X_OK):
        return [str(program)]
    work = Path(tempfile.mkdtemp(prefix=target.name + ".", suffix=".tmp", dir=root))
    try:
        for path in files_of(folder):
            shutil.copy2(path, work / path.name)
        built = _scripts(work, run) if kind == "scripts" else _compile(work, kind, run)
        if isinstance(built, str):
            return _("cannot build {folder}: {problem}").format(folder=folder.name, problem=built)
        try:
            os.replace(work, target)
        except OSError:  # another grader built it meanwhile: theirs is the same
            pass
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return [str(program)]


def _scripts(work: Path, run: Runner) -> str | None:
    build = work / "build"
    if build.is_file():
        result = run(
            ["/bin/sh", str(build)] if not os.access(build, os.X_OK) else [str(build)], None, work, BUILD_TIMEOUT
        )
        if isinstance(result, str):
            return _("the build script: {problem}").format(problem=result)
        if result.returncode != 0:
            return _("the build script exited with code {code}: {said}").format(
                code=result.returncode, said=result.said
            )
    script = work / "run"
    if not script.is_file():
        return _("no run script after the build")
    script.chmod(script.stat().st_mode | 0o111)
    return None


def _compile(work: Path, kind: str, run: Runner) -> str | None:
    suffixes = CPP_SUFFIXES + C_SUFFIXES if kind == "cpp" else C_SUFFIXES
    sources = [p.name for p in files_of(work) if p.name.endswith(suffixes)]
    compiler = shutil.which("g++" if kind == "cpp" else "gcc")
    if compiler is None:
        return _("{compiler} is not installed").format(compiler="g++" if kind == "cpp" else "gcc")
    if kind == "cpp":
        argv = [compiler, *CPP_FLAGS, "-o", "program", *sources]
    else:
        argv = [compiler, *C_FLAGS, "-o", "program", *sources, "-lm"]
    result = run(argv, None, work, BUILD_TIMEOUT)
    if isinstance(result, str):
        return result
    if result.returncode != 0:
        lines = "\n".join(result.said.splitlines()[:20])
        return _("the compiler said:\n{messages}").format(messages=lines)
    return None
