"""bootstrap.py's bytecode (judge/sandbox/bootfiles.py): written once, hash-checked against the
source, used only when fresh and readable by the run's user; an observed run from it behaves as
one from the source (the acceptance suite judges every solution that way)."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from judge.sandbox import bootfiles
from tests.conftest import PROBLEMS, ROOT, run_judge

SOURCE = 'VALUE = "one"\n'


def _copy(tmp_path: Path, text: str = SOURCE) -> Path:
    source = tmp_path / "pkg" / "mod.py"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    return source


def test_bytecode_is_written_once_beside_the_source_and_hash_checked(tmp_path):
    source = _copy(tmp_path)
    cfile = bootfiles.ensure_bytecode(source)
    assert cfile == source.parent / "__pycache__" / f"mod.{sys.implementation.cache_tag}.pyc"
    flags = int.from_bytes(cfile.read_bytes()[4:8], "little")
    assert flags == 0b11, "not a checked hash-based pyc"
    written = cfile.stat().st_mtime_ns
    assert bootfiles.ensure_bytecode(source) == cfile and cfile.stat().st_mtime_ns == written  # not rewritten
    # The import system's loader (a spawned child's) accepts it and names the source.
    code = importlib.machinery.SourceFileLoader("mod", str(source)).get_code("mod")
    assert code.co_filename == str(source)


def test_an_edit_in_the_same_second_at_the_same_size_is_never_run_stale(tmp_path):
    source = _copy(tmp_path)
    cfile = bootfiles.ensure_bytecode(source)
    stamp = source.stat()
    source.write_text(SOURCE.replace("one", "two"), encoding="utf-8")  # same size
    os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # same time: a dated pyc would pass
    assert not bootfiles._fresh(source, cfile)
    assert bootfiles.ensure_bytecode(source) == cfile
    done = subprocess.run([sys.executable, str(cfile)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    namespace: dict = {}
    exec(importlib.machinery.SourceFileLoader("mod", str(source)).get_code("mod"), namespace)
    assert namespace["VALUE"] == "two"


def test_bytecode_the_runs_user_could_not_read_is_not_used(tmp_path):
    source = _copy(tmp_path)
    cfile = bootfiles.ensure_bytecode(source)
    source.chmod(0o644)
    cfile.chmod(0o600)  # e.g. written under umask 077: a dropped uid could not open it
    assert not bootfiles._fresh(source, cfile)


def test_without_a_writable_folder_the_source_is_run(tmp_path):
    source = _copy(tmp_path)
    (source.parent / "__pycache__").write_text("a file where the folder would be", encoding="utf-8")
    assert bootfiles.ensure_bytecode(source) is None


def test_the_runs_use_the_bootstrap_bytecode_and_it_runs_a_solution(tmp_path):
    """In a checkout (writable) the observed runs start from the bytecode (the zygote tests and
    the acceptance suite then judge through it: the zygote imports its siblings, a spawned
    child loads bootstrap.py by its source path); run by hand it runs a solution as the
    source does."""
    program = bootfiles.bootstrap_program()
    assert program.endswith(".pyc") and Path(program).parent.name == "__pycache__", program
    solution = tmp_path / "sol.py"
    solution.write_text("import sys\nprint('ran', sys.argv[0], __name__)\n", encoding="utf-8")
    for file in (program, bootfiles.BOOTSTRAP):
        done = subprocess.run([sys.executable, file, str(solution)], capture_output=True, text=True, cwd=tmp_path)
        assert (done.returncode, done.stdout) == (0, f"ran {solution} __main__\n"), done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the zygote is Linux-only")
def test_a_judge_without_bytecode_yet_still_forks_observed_runs_from_the_zygote(tmp_path):
    """A fresh install has no bytecode until its first observed run. The helper (and the
    zygote it boots at once) may see the judge's folder read-only (root's fs-view layer), so
    the judge writes the bytecode before a helper starts, and a run naming the bytecode is a
    zygote fork whichever file the helper's zygote runs. (CI once found every observed run of
    a fresh clone started cold: the helper had found no bytecode, the judge had written it.)"""
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "judge", pkg / "judge", ignore=shutil.ignore_patterns("__pycache__"))
    solution = PROBLEMS / "asyncio-gather" / "solutions" / "ac" / "ref.py"
    report = tmp_path / "report.json"
    args = ("check", "asyncio-gather", str(solution), "--problems-dir", str(PROBLEMS), "--json", str(report))
    done = run_judge(*args, cwd=pkg, env={"PYTHONPATH": str(pkg)})  # cwd: `python -m` imports the copy
    assert done.code == 0, done.out + done.err
    assert (pkg / "judge" / "sandbox" / "__pycache__" / f"bootstrap.{sys.implementation.cache_tag}.pyc").is_file()
    tests = [t for r in json.loads(report.read_text())["results"] for t in r["tests"]]
    assert any(t.get("zygote") for t in tests), tests
