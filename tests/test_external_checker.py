"""The external checker with real checker programs: Python and C++, Kattis and testlib."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from judge.checkers import CheckCase, CheckResult, make_checker
from judge.checkers.external import ExternalChecker
from judge.core.errors import ConfigError
from judge.core.verdicts import Verdict

AC, WA, PE, IE = Verdict.AC, Verdict.WA, Verdict.PE, Verdict.IE

KATTIS_VALIDATOR = """
import sys
from pathlib import Path

input_file, answer_file, feedback = sys.argv[1:4]
flags = sys.argv[4:]
output = sys.stdin.buffer.read()
answer = Path(answer_file).read_bytes()
if b"case_insensitive" in " ".join(flags).encode():
    output, answer = output.lower(), answer.lower()
same = output.split() == answer.split()
message = "flags: %s; input: %s" % (" ".join(flags), Path(input_file).read_text().strip())
if not same:
    message += "; expected %r, got %r" % (answer.strip(), output.strip())
(Path(feedback) / "judgemessage.txt").write_text(message)
sys.exit(42 if same else 43)
"""

# testlib-style: the output's first word says which exit code to use.
TESTLIB_CHECKER = """
import sys
from pathlib import Path

input_file, output_file, answer_file = sys.argv[1:4]
word = (Path(output_file).read_text().split() or ["empty"])[0]
codes = {"ok": 0, "wa": 1, "pe": 2, "fail": 3, "dirt": 4, "points": 7, "eof": 8, "weird": 5}
if word == "ok":
    print("ok 1 number", file=sys.stderr)
elif word == "fail":
    print("FAIL answer file is broken", file=sys.stderr)
else:
    print("wrong answer expected %s, found %s"
          % (Path(answer_file).read_text().strip(), word), file=sys.stderr)
sys.exit(codes.get(word, 1))
"""

CPP_HEADER = """
#pragma once
#include <fstream>
#include <string>
// A stand-in for testlib.h: enough to read words and quit with testlib's exit codes.
inline std::string first_word(const char *path) {
    std::ifstream in(path);
    std::string word;
    in >> word;
    return word;
}
"""

CPP_CHECKER = """
#include <cstdio>
#include "testlib.h"

int main(int argc, char **argv) {
    if (argc < 4) return 3;
    std::string output = first_word(argv[2]), answer = first_word(argv[3]);
    if (output == answer) { std::fprintf(stderr, "ok answer is %s\\n", answer.c_str()); return 0; }
    if (output == "(" + answer + ")") { std::fprintf(stderr, "wrong output format\\n"); return 2; }
    std::fprintf(stderr, "wrong answer expected %s, found %s\\n", answer.c_str(), output.c_str());
    return 1;
}
"""


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Compiled checkers go to a fresh folder, not the user's ~/.cache."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("JUDGE_CACHE_DIR", str(cache))
    return cache


@pytest.fixture
def problem(tmp_path: Path) -> Path:
    folder = tmp_path / "problem"
    (folder / "checker").mkdir(parents=True)
    (folder / "t.in").write_text("3\n")
    return folder


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def check(
    problem: Path, options: dict[str, Any], output: bytes | str, answer: str = "42\n", scratch: Path | None = None
) -> CheckResult:
    (problem / "t.ans").write_text(answer)
    checker = make_checker("external", options, problem_dir=problem, source="problem.yaml")
    data = output.encode() if isinstance(output, str) else output
    return checker.check(CheckCase(problem / "t.in", problem / "t.ans", data, scratch))


# --- Kattis protocol -------------------------------------------------------------------------


def test_kattis_validator_accepts_and_rejects(problem: Path) -> None:
    write(problem / "checker" / "validate.py", KATTIS_VALIDATOR)
    options = {"program": "checker/validate.py"}
    accepted = check(problem, options, "42\n")
    assert accepted.verdict == AC
    assert accepted.message == "flags: ; input: 3"
    rejected = check(problem, options, "41\n")
    assert rejected.verdict == WA
    assert "expected b'42', got b'41'" in rejected.message


def test_kattis_args_are_passed_as_flags(problem: Path) -> None:
    write(problem / "checker" / "validate.py", KATTIS_VALIDATOR)
    options = {"program": "checker/validate.py", "args": ["case_insensitive", 7]}
    result = check(problem, options, "YES\n", answer="yes\n")
    assert result.verdict == AC
    assert result.message.startswith("flags: case_insensitive 7;")


def test_kattis_gets_binary_output_intact_and_a_fresh_feedback_dir(problem: Path, tmp_path: Path) -> None:
    write(
        problem / "checker" / "echo.py",
        """
        import hashlib, os, sys
        from pathlib import Path
        data = sys.stdin.buffer.read()
        feedback = Path(sys.argv[3])
        assert sys.argv[3].endswith(os.sep) and not any(feedback.iterdir())
        (feedback / "judgemessage.txt").write_text(hashlib.sha256(data).hexdigest())
        sys.exit(42)
    """,
    )
    junk = bytes(range(256)) * 4000
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    result = check(problem, {"program": "checker/echo.py"}, junk, scratch=scratch)
    assert result.verdict == AC, result.message
    assert result.message == hashlib.sha256(junk).hexdigest()
    assert any(scratch.iterdir())  # the feedback folder was made in the scratch dir given


def test_kattis_validator_that_stops_reading_early(problem: Path) -> None:
    write(problem / "checker" / "early.py", "import sys\nsys.exit(43)\n")
    result = check(problem, {"program": "checker/early.py"}, b"x" * 5_000_000)
    assert result.verdict == WA
    assert result.message == ""  # no judgemessage.txt: allowed


def test_kattis_long_message_is_truncated(problem: Path) -> None:
    write(
        problem / "checker" / "chatty.py",
        """
        import sys
        open(sys.argv[3] + "judgemessage.txt", "w").write("x" * 100000)
        sys.exit(43)
    """,
    )
    result = check(problem, {"program": "checker/chatty.py"}, "1")
    assert result.verdict == WA
    assert 2048 <= len(result.message) < 2200


def test_executable_program_runs_directly(problem: Path) -> None:
    script = write(
        problem / "checker" / "validate.sh",
        """
        #!/bin/sh
        echo "shell says hi" > "$3/judgemessage.txt"
        exit 42
    """,
    )
    script.chmod(0o755)
    result = check(problem, {"program": "checker/validate.sh"}, "1")
    assert (result.verdict, result.message) == (AC, "shell says hi")


# --- testlib protocol ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, verdict, message",
    [
        ("ok", AC, "ok 1 number"),
        ("wa", WA, "wrong answer expected 42, found wa"),
        ("pe", PE, "wrong answer expected 42, found pe"),
        ("dirt", PE, "wrong answer expected 42, found dirt"),
        ("eof", PE, "wrong answer expected 42, found eof"),
        ("fail", IE, "failed: FAIL answer file is broken"),
        ("points", IE, "exited with code 7"),
        ("weird", IE, "exited with code 5"),
    ],
)
def test_testlib_exit_codes(problem: Path, word: str, verdict: Verdict, message: str) -> None:
    write(problem / "checker" / "check.py", TESTLIB_CHECKER)
    result = check(problem, {"program": "checker/check.py", "protocol": "testlib"}, word + "\n")
    assert result.verdict == verdict
    assert message in result.message


def test_testlib_without_scratch_dir_cleans_up(problem: Path) -> None:
    write(
        problem / "checker" / "where.py",
        """
        import sys
        print(sys.argv[2], file=sys.stderr)
        sys.exit(0)
    """,
    )
    result = check(problem, {"program": "checker/where.py", "protocol": "testlib"}, "1")
    assert result.verdict == AC
    assert not Path(result.message).exists()  # the temporary output file is gone


# --- broken checkers are IE, never WA --------------------------------------------------------


def test_crashing_checker_is_internal_error(problem: Path) -> None:
    write(problem / "checker" / "crash.py", "raise RuntimeError('teacher bug')\n")
    for protocol in ("kattis", "testlib"):
        result = check(problem, {"program": "checker/crash.py", "protocol": protocol}, "1")
        assert result.verdict == IE
        assert "exited with code 1" in result.message
        assert "teacher bug" in result.message


def test_checker_killed_by_a_signal_is_internal_error(problem: Path) -> None:
    write(problem / "checker" / "segv.py", "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    result = check(problem, {"program": "checker/segv.py", "protocol": "testlib"}, "1")
    assert result.verdict == IE
    assert "killed by signal 11" in result.message


def test_hanging_checker_times_out(problem: Path) -> None:
    # The grandchild keeps the pipes open: killing only the checker would hang the judge.
    write(
        problem / "checker" / "hang.py",
        """
        import subprocess, sys, time
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        time.sleep(60)
    """,
    )
    started = time.monotonic()
    result = check(problem, {"program": "checker/hang.py", "timeout": 1}, "1")
    assert result.verdict == IE
    assert "timed out after 1 s" in result.message
    assert time.monotonic() - started < 20


def test_timeout_accepts_duration_text(problem: Path) -> None:
    write(problem / "checker" / "validate.py", KATTIS_VALIDATOR)
    checker = make_checker("external", {"program": "checker/validate.py", "timeout": "500ms"}, problem_dir=problem)
    assert isinstance(checker, ExternalChecker)
    assert checker.timeout == 0.5


# --- options ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options, key",
    [
        ({}, "checker.program"),
        ({"program": "checker/missing.py"}, "checker.program"),
        ({"program": "checker/data.txt"}, "checker.program"),  # not executable
        ({"program": "checker/ok.py", "protocol": "polygon"}, "checker.protocol"),
        ({"program": "checker/ok.py", "args": "case_sensitive"}, "checker.args"),
        ({"program": "checker/ok.py", "protocol": "testlib", "args": ["x"]}, "checker.args"),
        ({"program": "checker/ok.py", "timeout": "soon"}, "checker.timeout"),
        ({"program": "checker/ok.py", "timeout": 0}, "checker.timeout"),
        ({"program": "checker/ok.py", "colour": "red"}, "checker.colour"),
    ],
)
def test_bad_options(problem: Path, options: dict[str, Any], key: str) -> None:
    (problem / "checker" / "ok.py").write_text("import sys\nsys.exit(42)\n")
    (problem / "checker" / "data.txt").write_text("not a program\n")
    with pytest.raises(ConfigError) as caught:
        make_checker("external", options, problem_dir=problem, source="problem.yaml")
    assert caught.value.key == key
    assert str(caught.value).startswith("problem.yaml: " + key)


def test_no_canonical_form(problem: Path) -> None:
    (problem / "checker" / "ok.py").write_text("import sys\nsys.exit(42)\n")
    checker = make_checker("external", {"program": "checker/ok.py"}, problem_dir=problem)
    assert checker.canonical(b"1\n") is None


# --- C++ checkers ----------------------------------------------------------------------------

needs_gxx = pytest.mark.skipif(
    shutil.which("g++") is None, reason="g++ is not installed: C++ checkers cannot be compiled"
)


@needs_gxx
def test_cpp_testlib_checker_is_compiled_once_and_cached(problem: Path, private_cache: Path) -> None:
    write(problem / "checker" / "testlib.h", CPP_HEADER)
    write(problem / "checker" / "check.cpp", CPP_CHECKER)
    options = {"program": "checker/check.cpp", "protocol": "testlib"}
    ok = check(problem, options, "42\n")
    assert (ok.verdict, ok.message) == (AC, "ok answer is 42")
    assert check(problem, options, "41\n").message == "wrong answer expected 42, found 41"
    assert check(problem, options, "(42)\n").verdict == PE
    binaries = sorted((private_cache / "checkers").iterdir())
    assert len(binaries) == 1
    built = binaries[0].stat().st_mtime_ns

    # A new checker object (as for the next problem load) reuses the cached binary.
    assert check(problem, options, "42\n").verdict == AC
    assert sorted((private_cache / "checkers").iterdir()) == binaries
    assert binaries[0].stat().st_mtime_ns == built

    # Changing the header next to the source is a different checker.
    (problem / "checker" / "testlib.h").write_text(CPP_HEADER + "\n// changed\n")
    assert check(problem, options, "42\n").verdict == AC
    assert len(list((private_cache / "checkers").iterdir())) == 2


@needs_gxx
def test_cpp_checker_that_does_not_compile_is_internal_error(problem: Path) -> None:
    write(problem / "checker" / "broken.cc", "int main() { return nope; }\n")
    result = check(problem, {"program": "checker/broken.cc", "protocol": "testlib"}, "1")
    assert result.verdict == IE
    assert "cannot compile broken.cc" in result.message
    assert "nope" in result.message


def test_missing_compiler_is_internal_error(problem: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(problem / "checker" / "check.cpp", CPP_CHECKER)
    monkeypatch.setenv("PATH", str(problem / "no-such-folder"))
    result = check(problem, {"program": "checker/check.cpp", "protocol": "testlib"}, "1")
    assert result.verdict == IE
    assert "g++ is not installed" in result.message
