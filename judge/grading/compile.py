"""Compiling a submission of a compiled language (C, C++, ...) once, before its tests.

A student's source is compiled IN THE SANDBOX (`box`), like a run: the compiler reads what
the source names, and `#include "/path/to/tests/secret/01.ans"` would otherwise print an
answer in the CE message, `#include "/dev/zero"` eat the machine's memory. It gets the run's
layers (file-system view, uid, cgroup) and the limits below; the binary comes back through
RunSpec.collect. Checkers and interactors (the teacher's code) compile as a plain subprocess
(`box=None`): in a fresh temporary folder, with a wall-clock timeout, its process group
killed on timeout.

The binary is cached by the sha256 of the compile command (as configured, with its
placeholders), the source's extension and the source bytes, in $JUDGE_CACHE_DIR/build, else
~/.cache/judge/build (else a folder under the system temp dir), so grading the same file
twice compiles it once. The binary then runs in the sandbox like any solution (see
Grader._spec).

A source the compiler rejects, or that makes it run out of time or memory, is CE with the
compiler's first lines; a compiler that is not installed is IE (the judge's setup, not the
student's fault).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from judge.core.config import Language
from judge.core.i18n import _
from judge.core.limits import Limits
from judge.core.numbers import decimal

if TYPE_CHECKING:
    from judge.sandbox.factory import SandboxLike

COMPILE_TIMEOUT = 60.0
# A compiler in the sandbox: ample for any honest solution (g++ -O2 of a contest solution
# takes ~1 s and ~200 MiB), a wall for a hostile one.
COMPILE_MEMORY = 1024**3
MESSAGE_LINES = 20
MESSAGE_LIMIT = 4096
BINARY_NAME = "solution"  # the compiled program's name inside the sandbox
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,60}$")
_LINE = re.compile(r"^[^:\n]+:(\d+):(?:\d+:)?\s*(?:fatal )?error\b", re.MULTILINE)


@dataclass(frozen=True)
class Compiled:
    binary: bytes | None = None  # the program, when it compiled
    error: str | None = None  # the compiler's complaint: CE
    internal: str | None = None  # the judge could not compile at all: IE
    line: int | None = None  # the first error's line, when the compiler names one
    cached: bool = False


def cache_root() -> Path:
    from judge.core.paths import user_cache_dir

    return user_cache_dir("build")


def build_key(
    language: Language,
    source: bytes,
    suffix: str,
    extra: tuple[tuple[str, bytes], ...] = (),
    sources: tuple[str, ...] = (),
) -> str:
    """A compiled program's name in the build cache: the compile command, the suffix, the
    source (and, for several files, every file beside it and which ones are compiled)."""
    digest = hashlib.sha256()
    for part in language.compile or ():
        digest.update(part.encode() + b"\0")
    digest.update(b"\0" + suffix.encode() + b"\0")
    digest.update(source)
    if extra or sources:  # a one-file key stays what it was: its cached binaries still count
        for name, data in sorted(extra):
            digest.update(b"\0file " + name.encode() + b"\0" + hashlib.sha256(data).digest())
        digest.update(b"\0compiled " + "\0".join(sources).encode())
    return digest.hexdigest()


def source_file_name(original: str, language: Language) -> str:
    """The name the source gets in the compile folder: the student's, when it is a plain name
    (so the compiler's messages name their file), with the extension the compiler needs."""
    suffix = Path(original).suffix
    if suffix not in language.extensions:
        suffix = language.extensions[0] if language.extensions else ""
    if _SAFE_NAME.match(original) and original.endswith(suffix) and original != BINARY_NAME:
        return original
    return f"source{suffix}"


def compile_source(
    language: Language,
    source: bytes,
    original_name: str,
    timeout: float = COMPILE_TIMEOUT,
    box: SandboxLike | None = None,
    extra: tuple[tuple[str, bytes], ...] = (),
    sources: tuple[str, ...] = (),
) -> Compiled:
    """Compile (or find in the cache) one submission: in `box` (a student's code), else as a
    plain subprocess (the teacher's checkers and interactors). `extra`: the other files of a
    program of several (judge/grading/sources.py), written beside the source; `sources`:
    which of them the compiler gets too (the "{source}" of the command stands for them all)."""
    assert language.compile, f"{language.name} is not a compiled language"
    name = source_file_name(original_name, language)
    extra = tuple((n, d) for n, d in extra if n not in (name, BINARY_NAME))
    try:
        root = cache_root()
    except OSError as error:
        return Compiled(internal=_("cannot compile: {error}").format(error=error))
    cached = root / f"{language.name}-{build_key(language, source, Path(name).suffix, extra, sources)[:32]}"
    try:
        return Compiled(binary=cached.read_bytes(), cached=True)
    except OSError:
        pass
    argv = []
    for part in language.compile:
        if part == "{source}":
            argv += [name, *sources]
        else:
            argv.append(part.replace("{source}", name).replace("{binary}", BINARY_NAME))
    compiler = shutil.which(argv[0])
    if compiler is None:
        return Compiled(
            internal=_(
                "cannot compile {language}: the compiler {compiler} is not installed ({key} in config.yaml)"
            ).format(language=language.name, compiler=repr(argv[0]), key=f"languages.{language.name}.compile")
        )
    # As found in the judge's PATH, not the run's; a link from a folder the sandbox does not
    # show (a PATH of symlinks, ~/bin) is followed to where the compiler really lives.
    argv[0] = _system_path(compiler)
    outcome = (
        _run_sandboxed(box, argv, name, source, timeout, extra)
        if box is not None
        else _run_here(argv, name, source, timeout, extra)
    )
    if isinstance(outcome, Compiled):
        return outcome
    returncode, output, data = outcome
    if returncode != 0 or data is None:
        text = output.decode("utf-8", errors="replace")
        message = _first_lines(text) or _("the compiler exited with code {code}").format(code=returncode)
        match = _LINE.search(text)
        return Compiled(
            error=_("compilation failed:\n{message}").format(message=message),
            line=int(match.group(1)) if match else None,
        )
    # Store under a private name, then rename: parallel workers may compile the same source.
    fd, temporary = tempfile.mkstemp(prefix=cached.name + ".", suffix=".tmp", dir=root)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, cached)
    except OSError:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return Compiled(binary=data)


def _system_path(path: str) -> str:
    """`path`, or the first link target on its chain that lies in a system folder (/usr,
    /bin, ...). Hop by hop rather than realpath: gcc, ccache and busybox read their own
    name, so /usr/bin/g++ must stay g++, not become x86_64-linux-gnu-g++-12."""
    from judge.sandbox.namespaces import in_system_dirs

    seen = set()
    current = path
    while not in_system_dirs(current) and os.path.islink(current) and current not in seen:
        seen.add(current)
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    return current if in_system_dirs(current) else path


def _first_lines(text: str) -> str:
    lines = text.strip().splitlines()[:MESSAGE_LINES]
    message = "\n".join(lines)
    return message if len(message) <= MESSAGE_LIMIT else message[:MESSAGE_LIMIT] + "\n[...]"


# What a compiler run gives: (exit code, its messages, the binary if it made one), or a
# Compiled that already says how it ended (CE for a limit, IE when it could not run).
_Outcome = tuple[int, bytes, bytes | None] | Compiled


def _run_sandboxed(
    box: SandboxLike,
    argv: list[str],
    name: str,
    source: bytes,
    timeout: float,
    extra: tuple[tuple[str, bytes], ...] = (),
) -> _Outcome:
    from judge.sandbox.runspec import STOP_CPU, STOP_MEMORY, STOP_OUTPUT, STOP_PROCESSES, STOP_WALL, RunSpec

    spec = RunSpec(
        argv=tuple(argv),
        files=((name, source), *extra),
        collect=(BINARY_NAME,),
        limits=Limits(time=timeout, wall_time=timeout, memory=COMPILE_MEMORY, output=256 * 1024, processes=64),
    )
    run = box.run(spec)
    output = run.stderr + run.stdout
    if run.stopped == STOP_OUTPUT:  # a flood of messages: the first lines say enough
        return 1, output, None
    if run.stopped in (STOP_CPU, STOP_WALL):
        return Compiled(
            error=_("compilation failed: the compiler ran out of time ({limit} s)").format(limit=decimal(timeout))
        )
    if run.stopped == STOP_MEMORY:
        return Compiled(
            error=_("compilation failed: the compiler ran out of memory ({limit} MiB)").format(
                limit=COMPILE_MEMORY // 1024**2
            )
        )
    if run.stopped == STOP_PROCESSES:
        return Compiled(error=_("compilation failed: the compiler started too many processes"))
    if run.stopped is not None:  # the sandbox could not start it, or was lost under it
        detail = run.stderr.decode("utf-8", "replace").strip()
        return Compiled(
            internal=_("cannot run the compiler {compiler} in the sandbox: {detail}").format(
                compiler=argv[0], detail=detail or run.stopped
            )
        )
    if run.exit_code is None:
        killed = _("[the compiler was killed by signal {number}]").format(number=run.signal)
        return 128 + (run.signal or 0), output + ("\n" + killed).encode(), None
    return run.exit_code, output, dict(run.collected).get(BINARY_NAME)


def _run_here(
    argv: list[str], name: str, source: bytes, timeout: float, extra: tuple[tuple[str, bytes], ...] = ()
) -> _Outcome:
    with tempfile.TemporaryDirectory(prefix="judge-compile-") as work:
        folder = Path(work)
        (folder / name).write_bytes(source)
        for other, data in extra:
            (folder / other).write_bytes(data)
        try:
            outcome = _run(argv, folder, timeout)
        except OSError as error:
            return Compiled(
                internal=_("cannot start the compiler {compiler}: {error}").format(compiler=argv[0], error=error)
            )
        if isinstance(outcome, str):
            return Compiled(error=outcome)
        returncode, output = outcome
        binary = folder / BINARY_NAME
        return returncode, output, binary.read_bytes() if binary.is_file() else None


def _run(argv: list[str], cwd: Path, timeout: float) -> tuple[int, bytes] | str:
    """(exit code, stdout+stderr) of the compiler, or why it did not finish (a timeout)."""
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # Own group (killed whole on a timeout), but the judge's session: the
        # orphan sweep after a run kills its helper spares that session.
        process_group=0,
    )
    try:
        output, _err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            if hasattr(os, "killpg"):
                os.killpg(process.pid, signal.SIGKILL)
            else:  # Windows: no group to signal, the program alone
                process.kill()
        except ProcessLookupError:
            pass
        process.communicate()
        return _("compilation timed out after {limit} s").format(limit=decimal(timeout))
    return process.returncode, output
