"""Shared fixtures: the repository, a way to run the real `judge` command, scratch problems."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ROOT / "problems"
SUBMISSIONS = ROOT / "submissions"


_CACHES = tempfile.mkdtemp(prefix="judge-test-caches-")
atexit.register(shutil.rmtree, _CACHES, True)


@dataclass
class CLIResult:
    code: int
    out: str
    err: str


def run_judge(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 600
) -> CLIResult:
    full_env = dict(os.environ)
    full_env.pop("JUDGE_CONFIG", None)
    # Each call grades afresh unless a test passes its own cache: results cached by another
    # test (or by a developer's run in the checkout) must never decide a verdict here.
    full_env["JUDGE_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=_CACHES)
    # Likewise the history: never the checkout's judge-history.sqlite.
    full_env["JUDGE_HISTORY"] = os.path.join(full_env["JUDGE_CACHE_DIR"], "history.sqlite")
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH")]))
    # The judge speaks the user's language: the tests choose it (English unless `env` says
    # otherwise), never the developer's locale.
    for var in ("JUDGE_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        full_env.pop(var, None)
    full_env["LANG"] = "C.UTF-8"
    if env:
        full_env.update(env)
    proc = subprocess.run(
        [sys.executable, "-m", "judge", *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return CLIResult(proc.returncode, proc.stdout, proc.stderr)


def git(repo: Path, *args: str, when: datetime | None = None) -> str:
    """git in `repo` as a test user (no gpg, branch main, the user's GIT_* variables dropped,
    messages in English); `when`: the author and committer date of what it commits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["LC_ALL"] = "C"
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
    proc = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Judge Test",
            "-c",
            "user.email=judge@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@contextlib.contextmanager
def cpu_burner(limit: float = 900.0):
    """As many busy processes as cores while the block runs (each stops by itself after
    `limit` seconds whatever happens): a verdict must not depend on the machine's load.
    Plain subprocesses, not multiprocessing: a spawn context would leave its resource tracker
    running beside the test process, and the sandbox tests count what is left running."""
    code = f"import time\nend = time.time() + {limit}\nwhile time.time() < end:\n    pass\n"
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(os.cpu_count() or 1)]
    try:
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def sample_class(tmp_path_factory) -> tuple[Path, CLIResult]:
    """The bundled sample class graded once for the whole run, every report format a test
    reads: (the reports folder, what the command said). Grading it costs half a minute."""
    out = tmp_path_factory.mktemp("sample-class") / "reports"
    r = run_judge(
        "grade", str(SUBMISSIONS), "--out", str(out), "-j", "2", "--format", "json,csv,md,html,feedback,similarity"
    )
    assert r.code == 0, r.err
    return out, r


@pytest.fixture
def judge():
    return run_judge


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")  # problem files are UTF-8, on Windows too
    return path


def make_problem(
    root: Path, name: str = "echo", yaml_text: str | None = None, tests: dict[str, tuple[str, str]] | None = None
) -> Path:
    """A small problem folder: by default 'print the input line' with two tests."""
    prob = root / name
    write(
        prob / "problem.yaml",
        yaml_text
        if yaml_text is not None
        else """\
        title: {en: Echo, ru: Эхо}
        limits: {time: 1s, memory: 256MiB}
        """,
    )
    for test_name, (inp, ans) in (
        tests or {"sample/01": ("hello\n", "hello\n"), "secret/01": ("world\n", "world\n")}
    ).items():
        write(prob / "tests" / f"{test_name}.in", inp)
        write(prob / "tests" / f"{test_name}.ans", ans)
    return prob


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    return tmp_path


def strict_unavailable() -> str | None:
    """Why strict isolation cannot run here, or None when it can."""
    from judge.core.errors import JudgeError
    from judge.sandbox.layers import plan_isolation

    try:
        plan_isolation("strict")
        return None
    except JudgeError as exc:
        return str(exc)


# Sandbox tests run at both ends: the base layer, and every layer (skipped, with the reason,
# where strict isolation is unavailable).
LEVELS = [
    "basic",
    pytest.param(
        "strict",
        marks=pytest.mark.skipif(
            strict_unavailable() is not None, reason=f"strict isolation unavailable: {strict_unavailable()}"
        ),
    ),
]


# -- optional tools ---------------------------------------------------------------------

_TOOL_MARKS = ("bwrap", "chromium")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With JUDGE_TEST_TOOLS=1 (.ci/run, once it has installed the optional tools) a test
    that needs one of them must run: its skip is a failure, not a quiet pass."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and os.environ.get("JUDGE_TEST_TOOLS") == "1"
        and any(item.get_closest_marker(mark) for mark in _TOOL_MARKS)
        and not (hasattr(report, "wasxfail"))
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped although the optional tools are installed: {reason}"
