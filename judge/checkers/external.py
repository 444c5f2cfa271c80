"""A checker program written by the teacher, run with the Kattis or the testlib protocol.

kattis:  prog input answer feedback_dir/ [args] < output; exit 42 AC, 43 WA; the message is
         feedback_dir/judgemessage.txt.
testlib: prog input output answer; exit 0 AC, 1 WA, 2 PE (and 4 "extra output", 8 "unexpected
         end of file": testlib reports both as "wrong output format" like PE), 3 fail; the
         message is what it printed.

Anything else (another exit code, a signal, a timeout, a program that does not start or does
not compile, a Python checker that exits with a traceback) is IE: a broken checker is never the
student's fault. `.py` programs run with this Python; `.cpp`/`.cc` programs are compiled once
with g++ and cached by the hash of their source and the headers next to them (testlib.h), in
$JUDGE_CACHE_DIR/checkers or ~/.cache/judge/checkers.

`Program` (locate, compile, command line) also starts the interactor of an interactive
problem, which is this checker's program run with the kattis protocol while the solution
runs (judge/grading/interactive.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar

from judge.checkers.base import CheckCase, Checker, CheckResult
from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.core.numbers import decimal
from judge.core.units import parse_duration
from judge.core.verdicts import Verdict

MESSAGE_LIMIT = 2048
COMPILE_TIMEOUT = 300.0
COMPILE_FLAGS = ("-O2", "-std=c++17")
CPP_SUFFIXES = (".cpp", ".cc")
HEADER_SUFFIXES = (".h", ".hpp", ".hh")

KATTIS_AC, KATTIS_WA = 42, 43
TESTLIB_FAIL = 3
PYTHON_TRACEBACK = b"Traceback (most recent call last):"
TESTLIB_VERDICTS: Mapping[int, Verdict] = MappingProxyType(
    {0: Verdict.AC, 1: Verdict.WA, 2: Verdict.PE, 4: Verdict.PE, 8: Verdict.PE}
)


@dataclass(frozen=True)
class _Finished:
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def said(self) -> str:
        """What the program printed for people: stderr, else stdout."""
        return _decode(self.stderr).strip() or _decode(self.stdout).strip()


def _truncate(text: str, limit: int = MESSAGE_LIMIT) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "\n" + _("[... truncated]")


def _tail(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """The end of a crash report: where a traceback says what went wrong."""
    text = text.strip()
    return text if len(text) <= limit else "[...]\n" + text[-limit:]


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _run(argv: list[str], stdin: bytes | None, cwd: Path, timeout: float) -> _Finished | str:
    """Run a trusted program; its result, or why it did not finish (a string).

    Not subprocess.run: on a timeout it kills only the child, and a grandchild holding the pipes
    would then block it forever. The program gets its own process group and the group is killed.
    """
    try:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            # Own group (killed whole on a timeout), but the judge's session: the
            # orphan sweep after a run kills its helper spares that session.
            process_group=0,
        )
    except OSError as error:
        return _("cannot start {program}: {error}").format(program=argv[0], error=error)
    try:
        stdout, stderr = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            if hasattr(os, "killpg"):
                os.killpg(process.pid, signal.SIGKILL)
            else:  # Windows: no group to signal, the program alone
                process.kill()
        except ProcessLookupError:  # the whole group ended meanwhile
            pass
        process.communicate()
        return _("timed out after {limit} s").format(limit=decimal(timeout))
    return _Finished(process.returncode, stdout, stderr)


def _cache_root() -> Path:
    """Where compiled checkers live."""
    from judge.core.paths import user_cache_dir

    return user_cache_dir("checkers")


def _source_hash(source: Path) -> str:
    digest = hashlib.sha256()
    digest.update(" ".join(COMPILE_FLAGS).encode() + b"\0")
    digest.update(source.read_bytes())
    for header in sorted(source.parent.iterdir()):
        if header.suffix in HEADER_SUFFIXES and header.is_file():
            digest.update(b"\0" + header.name.encode() + b"\0" + header.read_bytes())
    return digest.hexdigest()


def compile_cpp(source: Path) -> Path | str:
    """The cached binary of a C++ checker, compiling it if needed; or the compiler's complaint."""
    compiler = shutil.which("g++")
    if compiler is None:
        return _("cannot compile {file}: g++ is not installed").format(file=source.name)
    try:
        root = _cache_root()
        binary = root / f"{source.stem}-{_source_hash(source)[:24]}"
    except OSError as error:
        return _("cannot compile {file}: {error}").format(file=source.name, error=error)
    if binary.is_file() and os.access(binary, os.X_OK):
        return binary
    # Compile to a private name and rename: parallel graders may compile the same checker.
    fd, temporary = tempfile.mkstemp(prefix=binary.name + ".", suffix=".tmp", dir=root)
    os.close(fd)
    try:
        result = _run(
            [compiler, *COMPILE_FLAGS, "-o", temporary, str(source.resolve())], None, source.parent, COMPILE_TIMEOUT
        )
        if isinstance(result, str):
            return _("cannot compile {file}: g++ {error}").format(file=source.name, error=result)
        if result.returncode != 0:
            first_lines = "\n".join(_decode(result.stderr).splitlines()[:20])
            return _("cannot compile {file}:\n{messages}").format(file=source.name, messages=_truncate(first_lines))
        os.replace(temporary, binary)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return binary


class Program:
    """A teacher's program (a checker, an interactor): where it is and how to run it.

    The path is relative to the problem folder and checked at once (a ConfigError naming
    `key`); `.py` runs with this Python, `.cpp`/`.cc` is compiled on first use (cached), any
    other file must be executable and runs as it is.
    """

    def __init__(
        self, value: object, problem_dir: Path | None, source: str | None, key: str = "checker.program"
    ) -> None:
        if not isinstance(value, str) or not value:
            raise ConfigError(
                source,
                key,
                _("required: the program's path, relative to the problem folder (got {value})").format(
                    value=repr(value)
                ),
            )
        path = (problem_dir or Path.cwd()) / value
        if path.is_dir():
            # A program of several files (judge/checkers/build.py): built on first use.
            from judge.checkers.build import kind_of

            if kind_of(path) is None:
                raise ConfigError(
                    source,
                    key,
                    _(
                        "{path}: no program in the folder (a build or run script, __main__.py, "
                        "a Python file or C/C++ sources)"
                    ).format(path=path),
                )
        elif not path.is_file():
            raise ConfigError(source, key, _("file not found: {path}").format(path=path))
        elif path.suffix not in (".py", *CPP_SUFFIXES) and not os.access(path, os.X_OK):
            raise ConfigError(
                source, key, _("{path} is not executable (chmod +x it, or use a .py or .cpp file)").format(path=path)
            )
        self.path = path
        # Compiled on first use, not here: problems are loaded (and checkers built) often.
        self._lock = threading.Lock()
        self._command: list[str] | str | None = None

    def command(self) -> list[str] | str:
        """How to run the program; a string says why it cannot run (it does not compile)."""
        with self._lock:
            if self._command is None:
                if self.path.is_dir():
                    from judge.checkers.build import build_folder

                    self._command = build_folder(self.path, _run)
                elif self.path.suffix == ".py":
                    self._command = [sys.executable, str(self.path.resolve())]
                elif self.path.suffix in CPP_SUFFIXES:
                    binary = compile_cpp(self.path)
                    self._command = binary if isinstance(binary, str) else [str(binary)]
                else:
                    self._command = [str(self.path.resolve())]
            return self._command


def kattis_message(feedback: Path) -> str:
    """What a Kattis validator wrote for people (judgemessage.txt, optional), truncated."""
    try:
        return _truncate(_decode((feedback / "judgemessage.txt").read_bytes()))
    except OSError:
        return ""


def feedback_dir_arg(feedback: Path) -> str:
    """Kattis passes the feedback folder with a trailing separator; some validators rely on it."""
    return str(feedback) + os.sep


class ExternalChecker(Checker):
    name = "external"
    defaults: ClassVar[Mapping[str, object]] = MappingProxyType(
        {
            "program": None,
            "protocol": "kattis",
            "args": (),
            "timeout": 10,
        }
    )

    def __init__(
        self, options: Mapping[str, object], problem_dir: Path | None = None, source: str | None = None
    ) -> None:
        super().__init__(options, problem_dir=problem_dir, source=source)
        self.runner = Program(self.options["program"], problem_dir, source)
        self.program = self.runner.path
        protocol = self.options["protocol"]
        if not isinstance(protocol, str) or protocol not in ("kattis", "testlib"):
            raise ConfigError(
                source,
                "checker.protocol",
                _("expected 'kattis' or 'testlib', got {value}").format(value=repr(protocol)),
            )
        self.protocol = protocol
        self.args = self._args()
        try:
            self.timeout = parse_duration(self.options["timeout"])
        except ValueError as error:
            raise ConfigError(source, "checker.timeout", str(error)) from None

    def _args(self) -> tuple[str, ...]:
        value = self.options["args"]
        if not isinstance(value, (list, tuple)) or not all(
            isinstance(a, (str, int, float)) and not isinstance(a, bool) for a in value
        ):
            raise ConfigError(
                self.source, "checker.args", _("expected a list of arguments, got {value}").format(value=repr(value))
            )
        if value and self.protocol != "kattis":
            # testlib reads a 4th argument as the file to write its result to.
            raise ConfigError(self.source, "checker.args", _("only passed with protocol: kattis"))
        return tuple(str(a) for a in value)

    @classmethod
    def needs_answer(cls, options: Mapping[str, object]) -> bool:
        # The program decides what the answer file is for: a validator of the output's
        # properties (or an interactor) may well have none.
        return False

    def check(self, case: CheckCase) -> CheckResult:
        command = self.runner.command()
        if isinstance(command, str):
            return CheckResult(Verdict.IE, command)
        if case.scratch_dir is not None:
            return self._check_in(command, case, case.scratch_dir)
        with tempfile.TemporaryDirectory(prefix="judge-checker-") as scratch:
            return self._check_in(command, case, Path(scratch))

    def _check_in(self, command: list[str], case: CheckCase, scratch: Path) -> CheckResult:
        files = [str(case.input_path.resolve()), str(case.answer_path.resolve())]
        if self.protocol == "kattis":
            feedback = Path(tempfile.mkdtemp(prefix="feedback-", dir=scratch))
            argv = [*command, *files, feedback_dir_arg(feedback), *self.args]
            return self._kattis(_run(argv, case.output, feedback, self.timeout), feedback)
        fd, output_name = tempfile.mkstemp(prefix="output-", suffix=".txt", dir=scratch)
        with os.fdopen(fd, "wb") as output_file:
            output_file.write(case.output)
        argv = [*command, files[0], output_name, files[1]]
        return self._testlib(_run(argv, None, scratch, self.timeout))

    def _failure(self, result: _Finished | str) -> CheckResult:
        """IE for a checker that did not give a verdict, with what the teacher needs to fix it."""
        if isinstance(result, str):
            return CheckResult(
                Verdict.IE, _("checker {name}: {problem}").format(name=self.program.name, problem=result)
            )
        if result.returncode < 0:
            how = _("checker {name} was killed by signal {number}").format(
                name=self.program.name, number=-result.returncode
            )
        else:
            how = _("checker {name} exited with code {code}").format(name=self.program.name, code=result.returncode)
        said = _tail(result.said)
        return CheckResult(Verdict.IE, how + (f":\n{said}" if said else ""))

    def _python_crashed(self, result: _Finished) -> bool:
        """An uncaught exception exits Python with 1, which is WA in testlib's protocol."""
        return self.program.suffix == ".py" and result.returncode == 1 and PYTHON_TRACEBACK in result.stderr

    def _kattis(self, result: _Finished | str, feedback: Path) -> CheckResult:
        if isinstance(result, str) or result.returncode not in (KATTIS_AC, KATTIS_WA):
            return self._failure(result)
        verdict = Verdict.AC if result.returncode == KATTIS_AC else Verdict.WA
        return CheckResult(verdict, kattis_message(feedback))

    def _testlib(self, result: _Finished | str) -> CheckResult:
        if isinstance(result, str) or self._python_crashed(result):
            return self._failure(result)
        if result.returncode == TESTLIB_FAIL:
            return CheckResult(
                Verdict.IE,
                _("checker {name} failed: {said}").format(name=self.program.name, said=_truncate(result.said)),
            )
        verdict = TESTLIB_VERDICTS.get(result.returncode)
        if verdict is None:
            return self._failure(result)
        # testlib writes its verdict line ("wrong answer expected 5, found 6") to stderr.
        return CheckResult(verdict, _truncate(result.said))
