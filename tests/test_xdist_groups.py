"""The suite's xdist groups hold on the pytest installed here (tests/xdist_groups.py).

A group that is split runs tests built to run one after the other at the same time: the
failures that follow look like a flaky judge. pytest 9.2 silently broke pytest-xdist's own
grouping; these run a small suite in a real `pytest -n 2` to show ours holds, and that a split
fails the run by name.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("xdist", reason="pytest-xdist is one of the test extras: pip install -e '.[test]'")

SUITE = """
import os, time
import pytest

pytestmark = pytest.mark.xdist_group("together")

@pytest.mark.parametrize("n", range(6))
def test_in_the_group(n):
    time.sleep(0.2)  # long enough that both workers are asking for work
    with open(os.environ["WHERE"], "a") as out:
        out.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")
"""

CONFTEST = """
from tests.xdist_groups import (
    choose_path, pytest_collection_finish, pytest_sessionfinish, pytest_xdist_make_scheduler,
    pytest_xdist_setupnodes,
)
import tempfile

def pytest_cmdline_main(config):
    choose_path(config, tempfile.gettempdir())
"""


def _suite(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess, set[str]]:
    (tmp_path / "test_grouped.py").write_text(textwrap.dedent(SUITE))
    (tmp_path / "conftest.py").write_text(textwrap.dedent(CONFTEST))
    where = tmp_path / "where.txt"
    full_env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WHERE": str(where),
        "PYTEST_ADDOPTS": "",
    }
    full_env.pop("PYTEST_XDIST_WORKER", None)  # this may itself run in a worker
    full_env.pop("JUDGE_TEST_GROUPS", None)
    full_env.update(env or {})
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "-n", "2", *args],
        cwd=tmp_path,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    workers = set(where.read_text().split()) if where.exists() else set()
    return run, workers


def test_a_group_runs_on_one_worker(tmp_path):
    run, workers = _suite(tmp_path, "--dist", "loadgroup")
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert len(workers) == 1, f"the group ran on {sorted(workers)}"


def test_a_split_group_fails_the_run_by_name(tmp_path):
    # `--dist load` ignores groups: the witness must notice and fail the run.
    run, workers = _suite(tmp_path, "--dist", "load", env={"JUDGE_TEST_GROUPS": str(tmp_path / "groups.json")})
    assert len(workers) == 2, f"load scheduling kept the group on one worker: {sorted(workers)}"
    assert run.returncode == 1, run.stdout[-2000:]
    assert "xdist group 'together' ran on several workers" in run.stdout, run.stdout[-2000:]
