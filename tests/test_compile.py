"""Compiled submissions: the compiler runs in the sandbox, with the run's layers and limits.

A student's C/C++ source decides what the compiler reads: `#include` of an answer file by
its absolute path printed the answer in the CE message while the compiler ran outside the
sandbox, and `#include "/dev/zero"` made it eat memory until its 60 s timeout.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from judge.core.limits import Limits
from judge.grading.compile import BINARY_NAME
from judge.sandbox import RunSpec, Sandbox
from tests.conftest import LEVELS, make_problem, run_judge, strict_unavailable, write

pytestmark = pytest.mark.skipif(
    shutil.which("g++") is None or not sys.platform.startswith("linux"), reason="needs g++ on Linux"
)

CONFIG = """\
languages:
  python: {extensions: [".py"], run: ["{python}", "{source}"]}
  cpp:
    extensions: [".cpp"]
    compile: [g++, -O2, -std=c++17, -o, "{binary}", "{source}"]
    run: ["{binary}"]
"""
SECRET = "SECRET-ANSWER-7f3a"


@pytest.fixture
def scene(tmp_path: Path) -> tuple[Path, Path]:
    prob = make_problem(tmp_path, tests={"sample/01": ("hello\n", "hello\n"), "secret/01": ("world\n", f"{SECRET}\n")})
    config = write(tmp_path / "config.yaml", CONFIG)
    return prob, config


def check(scene: tuple[Path, Path], source: str, level: str, tmp_path: Path) -> tuple[int, str]:
    prob, config = scene
    sol = write(tmp_path / "sol.cpp", source)
    r = run_judge("--config", str(config), "check", str(prob), str(sol), "--isolation", level)
    return r.code, r.out + r.err


@pytest.mark.parametrize("level", LEVELS)
def test_a_cpp_solution_compiles_and_runs_in_the_sandbox(scene, level, tmp_path):
    code, out = check(
        scene,
        """\
        #include <iostream>
        #include <string>
        int main() { std::string s; std::getline(std::cin, s); std::cout << s << "\\n"; }
        """,
        level,
        tmp_path,
    )
    assert "verdict: WA" in out and code == 1, out  # the secret test wants the secret, not "world"
    assert "sample/01    AC" in out


def test_an_answer_file_included_by_path_stays_unread(scene, tmp_path):
    if strict_unavailable() is not None:
        pytest.skip(f"strict isolation unavailable: {strict_unavailable()}")
    answer = scene[0] / "tests" / "secret" / "01.ans"
    code, out = check(scene, f'#include "{answer}"\nint main() {{}}\n', "strict", tmp_path)
    assert code == 1 and "verdict: CE" in out, out
    assert "No such file or directory" in out
    assert SECRET not in out, "the compiler read the secret answer and printed it"


@pytest.mark.parametrize("level", LEVELS)
def test_a_compiler_fed_dev_zero_is_stopped_at_its_memory_limit(scene, level, tmp_path):
    started = time.monotonic()
    code, out = check(scene, '#include "/dev/zero"\n', level, tmp_path)
    assert code == 1 and "verdict: CE" in out, out
    assert "the compiler ran out of memory" in out
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("level", LEVELS)
def test_the_sandbox_hands_back_only_regular_files_it_was_asked_for(level):
    source = b"""\
import os
open("solution", "wb").write(b"\\x7fELF binary")
open("other", "wb").write(b"not asked for")
os.symlink("/etc/hostname", "link")
os.mkfifo("fifo")
"""
    with Sandbox(isolation=level) as box:
        r = box.run(
            RunSpec(
                argv=(sys.executable, "sol.py"),
                limits=Limits(time=5, wall_time=10),
                files=(("sol.py", source),),
                collect=(BINARY_NAME, "link", "fifo", "missing", "../sol.py", "/etc/hostname"),
            )
        )
    assert r.exit_code == 0, r.stderr
    assert dict(r.collected) == {BINARY_NAME: b"\x7fELF binary"}


@pytest.mark.parametrize("level", LEVELS)
def test_a_compiler_found_through_a_folder_of_links_runs_in_the_sandbox(scene, level, tmp_path):
    """A PATH entry the sandbox does not show (a folder of links, as .ci/run builds, or a
    ~/bin) still finds the compiler: the link is followed to where g++ really is."""
    links = tmp_path / "bin"
    links.mkdir()
    (links / "g++").symlink_to(shutil.which("g++"))
    prob, config = scene
    sol = write(tmp_path / "sol.cpp", "int main() { return 0; }\n")
    r = run_judge(
        "--config",
        str(config),
        "check",
        str(prob),
        str(sol),
        "--isolation",
        level,
        env={"PATH": f"{links}:{Path(sys.executable).parent}:/usr/bin:/bin"},
    )
    assert "sample/01    WA" in r.out and r.code == 1, r.out + r.err
