"""The lecture's classic mistakes, recognised from what this very interpreter does with them.

The hints name Python versions and start methods; each test runs the mistake for real (a
subprocess of the interpreter running the tests, 3.11 to 3.14) and checks that the hint is
recognised and still tells the truth there."""

from __future__ import annotations

import ast
import multiprocessing
import subprocess
import sys

import pytest

from judge.core.verdicts import Verdict
from judge.grading.hints import HINTS, Clues, recognise
from tests.conftest import PROBLEMS, write

pytestmark = pytest.mark.portable

HINT = {h.id: h for h in HINTS}


def run(path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(path)], input=stdin, capture_output=True, text=True, timeout=120, cwd=path.parent
    )


def clues_for(path, proc: subprocess.CompletedProcess[str]) -> Clues:
    source = path.read_text(encoding="utf-8")
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    return Clues(source=source, tree=ast.parse(source), verdict=Verdict.RE, exceptions=[last], stderr=proc.stderr)


def test_asyncio_coroutine_is_gone_as_the_hint_says():
    sol = PROBLEMS / "asyncio-gather" / "solutions" / "re" / "lecture_coroutine.py"
    proc = run(sol, "1\n0 2 1\n")
    assert proc.returncode == 1
    assert "has no attribute 'coroutine'" in proc.stderr, proc.stderr
    assert [h.id for h in recognise(clues_for(sol, proc))][:1] == ["asyncio-coroutine"]
    assert "removed in Python 3.11" in HINT["asyncio-coroutine"].text and sys.version_info >= (3, 11)


def test_a_generator_driven_by_yield_from_is_not_awaitable(tmp_path):
    """Without the decorator: asyncio refuses the generator itself (TypeError)."""
    sol = write(
        tmp_path / "gen.py",
        """\
        import asyncio

        def tick():
            yield from asyncio.sleep(0)

        async def main():
            await asyncio.gather(tick())

        asyncio.run(main())
        """,
    )
    proc = run(sol)
    assert proc.returncode == 1 and "TypeError" in proc.stderr, proc.stderr
    assert "asyncio-coroutine" in [h.id for h in recognise(clues_for(sol, proc))]


METHODS = [m for m in ("spawn", "forkserver") if m in multiprocessing.get_all_start_methods()]


@pytest.mark.parametrize("method", METHODS)
def test_no_main_guard_under_the_methods_that_import_the_file_again(tmp_path, method):
    """spawn (Windows, macOS) and forkserver (Linux's default since 3.14) both run the
    solution's top level again in a child: the hint must come up under either."""
    original = (PROBLEMS / "processes-primes" / "solutions" / "re" / "no_main_guard.py").read_text()
    sol = write(
        tmp_path / "sol.py",
        f"import multiprocessing\nmultiprocessing.set_start_method({method!r}, force=True)\n" + original,
    )
    proc = run(sol, "2\n1 10\n11 20\n")
    assert proc.returncode != 0, proc.stdout
    ids = [h.id for h in recognise(clues_for(sol, proc))]
    assert "no-main-guard" in ids, proc.stderr
    assert method in HINT["no-main-guard"].text


def test_unbound_local_is_the_missing_global_hint_in_either_wording(tmp_path):
    """3.11 says "referenced before assignment", 3.12+ "cannot access local variable": the
    hint goes by the exception's name, not its wording."""
    sol = write(
        tmp_path / "sol.py",
        """\
        counter = 0

        def add():
            counter += 1

        add()
        """,
    )
    proc = run(sol)
    assert "UnboundLocalError" in proc.stderr
    assert "missing-global" in [h.id for h in recognise(clues_for(sol, proc))]
