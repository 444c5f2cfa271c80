"""Shared fixtures: the repository, a way to run the real `judge` command, scratch problems."""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from tests import xdist_groups

# pytest imports this file as `conftest` (tests/ is no package); the tests import it as
# `tests.conftest`. One module under both names, or each would have its own machine lock and
# ledger: the hooks would hold one lock while cpu_burner and one_sweep took the other.
sys.modules.setdefault("tests.conftest", sys.modules[__name__])

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ROOT / "problems"
# The course's problems (a folder with a problem.yaml), by id.
ALL_PROBLEMS = sorted(p.name for p in PROBLEMS.iterdir() if (p / "problem.yaml").is_file())
SUBMISSIONS = ROOT / "submissions"


_CACHES = tempfile.mkdtemp(prefix="judge-test-caches-")
atexit.register(shutil.rmtree, _CACHES, True)


def _bytecode_once() -> None:
    """With PYTHONDONTWRITEBYTECODE set (many container images set it), every `python -m judge`
    the tests start compiled the judge's modules from source again: ~0.1 s of CPU a process,
    over a thousand processes a run. The suite's processes keep their bytecode instead, in
    pytest's own cache folder (PYTHONPYCACHEPREFIX), never beside the sources the setting
    keeps clean. The sandboxed runs are untouched: their environment is the scrubbed one
    (judge/sandbox/supervise.py BASE_ENV), which writes no bytecode."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE") or os.environ.get("PYTHONPYCACHEPREFIX"):
        return
    prefix = ROOT / ".pytest_cache" / "pycache"
    with contextlib.suppress(OSError):
        prefix.mkdir(parents=True, exist_ok=True)
        del os.environ["PYTHONDONTWRITEBYTECODE"]
        os.environ["PYTHONPYCACHEPREFIX"] = str(prefix)  # the workers xdist starts inherit it


_bytecode_once()


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


def invoke_judge(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, input: str | None = None
) -> CLIResult:
    """`judge ARGS` in this process, through click's CliRunner: for what the process is not the
    point of (usage errors, messages, --help, show, problems, bad input, reports). Same
    environment rules as run_judge; half a second cheaper a call. Whatever runs solutions,
    sends signals or tests the entry point uses run_judge.

    judge.cli.main runs as the entry point would (its error handling is what is tested), in a
    copy of the context: the language it chooses is a context variable and stays in there."""
    import contextvars

    import click.formatting
    import click.testing

    from judge.cli import main

    scratch = tempfile.mkdtemp(prefix="cache-", dir=_CACHES)
    full_env: dict[str, str | None] = {
        var: None for var in ("JUDGE_CONFIG", "JUDGE_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")
    }
    full_env.update(
        JUDGE_CACHE_DIR=scratch,
        JUDGE_HISTORY=os.path.join(scratch, "history.sqlite"),
        LANG="C.UTF-8",
        COLUMNS="80",  # a subprocess's stdout is a pipe: 80 columns, whatever the developer's terminal
    )
    if env:
        full_env.update(env)
    runner = click.testing.CliRunner()

    def call() -> int:
        with runner.isolation(input=input, env=full_env) as streams, contextlib.chdir(cwd or ROOT):
            click.formatting.FORCED_WIDTH = None  # (the runner forces 80; a real run's help is 78 wide)
            try:
                main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            else:
                code = 0
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            out, err = streams[0].getvalue(), streams[1].getvalue()
        call.result = CLIResult(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))  # type: ignore[attr-defined]
        return code

    contextvars.copy_context().run(call)
    return call.result  # type: ignore[attr-defined]


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


# The xdist group of every test that takes one_sweep (or uses a fixture that does): the sweeps
# run one after another on one worker while the others run everything else, where two workers
# holding a sweep each would leave one of them waiting (363 s of a 986 s run, measured with
# the ledger below).
SWEEPS = "sweeps"


def one_sweep():
    """See _MachineLock.one_sweep: one judging of the concurrency exercises at a time."""
    item = _MACHINE.item
    if item is not None and SWEEPS not in [m.args[0] for m in item.iter_markers("xdist_group") if m.args]:
        raise AssertionError(f"{item.nodeid} takes one_sweep(): mark it pytest.mark.xdist_group(SWEEPS)")
    return _MACHINE.one_sweep()


@contextlib.contextmanager
def cpu_burner(limit: float = 900.0):
    """As many busy processes as cores while the block runs (each stops by itself after
    `limit` seconds whatever happens): a verdict must not depend on the machine's load.
    Plain subprocesses, not multiprocessing: a spawn context would leave its resource tracker
    running beside the test process, and the sandbox tests count what is left running.
    Under pytest-xdist the block belongs to a sweep (one_sweep): beside it run at most the
    other workers' ordinary tests, never another sweep and never a second burner."""
    code = f"import time\nend = time.time() + {limit}\nwhile time.time() < end:\n    pass\n"
    # Not alone: stopping the other workers for every burner would cost the run minutes, and a
    # teacher's server does not stop either. What the verdicts must survive is one more busy
    # job per core and the other workers' tests (one worker more than cores; the timing
    # problems' verdicts were checked beside two busy processes per core, and their margins
    # are measured at four, docs/PERFORMANCE.md); two sweeps at once, each with its judging
    # workers and its burner, is more than any margin is measured for, hence one_sweep.
    assert not _WORKER or _MACHINE.sweeping, "cpu_burner() belongs inside one_sweep()"
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(os.cpu_count() or 1)]
    try:
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


# .ci/run's two phases judge the same checkout: the second (the optional tools installed, the
# tests that need them) takes the gradings the first made (JUDGE_TEST_FIXTURES: a folder both
# phases name) instead of making them again, which took 70 s of its 85 (the sample class, the
# timeline class). A digest of every file they depend on keys them: a different checkout, an
# edit, another Python or another JUDGE_ setting finds nothing and grades afresh.
STORED = os.environ.get("JUDGE_TEST_FIXTURES", "")


# What a worker sets for itself (its uids), as the suite's own settings: no verdict depends on them.
_NOT_INPUTS = ("JUDGE_TEST_", "JUDGE_UID_BASE")


def _inputs_digest() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for key in sorted(k for k in os.environ if k.startswith("JUDGE_") and not k.startswith(_NOT_INPUTS)):
        digest.update(f"{key}={os.environ[key]}".encode() + b"\0")
    for top in ("judge", "problems", "submissions", "tests", "config.yaml", "pyproject.toml"):
        files = [ROOT / top] if (ROOT / top).is_file() else sorted((ROOT / top).rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def graded_once(name: str, out: Path, grade: Callable[[Path], CLIResult]) -> CLIResult:
    """`grade(out)`, or where .ci/run's first phase stored this grading of the same files
    (STORED), a copy of its folder and what it said."""
    if not STORED:
        return grade(out)
    import json

    store = Path(STORED) / f"{name}-{_inputs_digest()}"
    said = store / "said.json"
    if said.is_file():
        shutil.copytree(store / "out", out)
        return CLIResult(**json.loads(said.read_text(encoding="utf-8")))
    r = grade(out)
    if r.code == 0 and out.is_dir():
        Path(STORED).mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=STORED))
        shutil.copytree(out, staging / "out")
        (staging / "said.json").write_text(json.dumps(r.__dict__), encoding="utf-8")
        with contextlib.suppress(OSError):  # another worker stored it first: theirs stays
            staging.rename(store)
        shutil.rmtree(staging, ignore_errors=True)
    return r


@pytest.fixture(scope="session")
def sample_class(tmp_path_factory) -> tuple[Path, CLIResult]:
    """The bundled sample class graded once for the whole run, every report format a test
    reads: (the reports folder, what the command said). Grading it costs half a minute."""
    out = tmp_path_factory.mktemp("sample-class") / "reports"

    def grade(out: Path) -> CLIResult:
        with one_sweep():
            return run_judge(
                "grade",
                str(SUBMISSIONS),
                "--out",
                str(out),
                "-j",
                "2",
                "--format",
                "json,csv,md,html,feedback,similarity",
            )

    r = graded_once("sample-class", out, grade)
    assert r.code == 0, r.err
    return out, r


# The Windows stand-in (tests/test_portable.py): before the judge is imported, `resource` and
# `fcntl` cannot be imported and `os.fork`, `os.wait4`, `os.setsid`, `os.killpg` and
# `socket.AF_UNIX` are gone, by a sitecustomize on PYTHONPATH (the sandbox helper inherits it).
# psutil is imported first: its Linux backend needs `resource`, its Windows one does not.
WINDOWS_STANDIN = """\
import psutil  # noqa: F401 - its Linux backend imports resource; the Windows one does not
import os, socket, sys
for _name in ("resource", "fcntl"):
    sys.modules[_name] = None
for _name in ("fork", "wait4", "setsid", "killpg"):
    if hasattr(os, _name):
        delattr(os, _name)
if hasattr(socket, "AF_UNIX"):
    del socket.AF_UNIX
"""


@pytest.fixture(scope="session")
def windows_standin(tmp_path_factory) -> dict[str, str]:
    """The environment that makes `python -m judge` a Windows stand-in."""
    folder = tmp_path_factory.mktemp("standin")
    (folder / "sitecustomize.py").write_text(WINDOWS_STANDIN)
    return {"PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)])}


@dataclass
class Sweep:
    """One `judge validate` of every problem: what it printed and its JSON report."""

    run: CLIResult
    report: dict
    traces: Path | None = None  # validate --trace's folder: PROBLEM/KIND-NAME/TEST.trace.json

    def results_of(self, problem: str) -> dict[str, dict]:
        """Submission -> its report entry, for one problem's solutions."""
        return {res["submission"]: res for res in self.report["results"] if res["problem"] == problem}

    def lines_of(self, problem: str) -> list[str]:
        """What validate printed for one problem's solutions, a line each."""
        return [x for x in self.run.out.splitlines() if f" {problem}/solutions/" in x]

    @staticmethod
    def joined(parts: list[Sweep]) -> Sweep:
        """Several validates read as one: the worst exit code, the printouts one after another,
        every result (the environment is the first's: the parts ran with the same options)."""
        run = CLIResult(
            max(p.run.code for p in parts), "".join(p.run.out for p in parts), "".join(p.run.err for p in parts)
        )
        report = {"environment": parts[0].report.get("environment", {}), "results": []}
        for part in parts:
            report["results"] += part.report["results"]
        return Sweep(run, report)

    @staticmethod
    def name(solution: Path) -> str:
        """validate's name for a solution of problems/."""
        return solution.resolve().relative_to(PROBLEMS).as_posix()

    def result(self, solution: Path) -> dict:
        """The report's entry of a solution of problems/ (its path)."""
        wanted = self.name(solution)
        for res in self.report["results"]:
            if res["submission"] == wanted:
                return res
        raise KeyError(f"{wanted}: not in the sweep's report")

    def line(self, solution: Path) -> str:
        """What validate printed for it ("ok   …" or "FAIL …")."""
        wanted = self.name(solution)
        return next((x for x in self.run.out.splitlines() if f" {wanted}:" in x), "")


class FreshSweep:
    """The fresh sweep: each problem validated on its own from a fresh interpreter (--no-zygote)
    at the base layer (--isolation basic, Linux without namespaces), in English, its
    multiprocessing children started by a forkserver (Linux's default from Python 3.14), once
    for the run, when a test first asks for it: tests/test_acceptance.py compares it with the
    warm sweep for the problems without a timing rule, tests/test_start_methods.py takes its
    forkserver runs from it (a validate of their own repeated it run for run). No burner here:
    the problems with a timing rule are judged fresh beside one by the portable sweep (below),
    whose sandbox is the heavier of the two fresh ones (a helper that polls the run)."""

    METHOD = "forkserver"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.done: dict[str, Sweep] = {}

    def of(self, pid: str) -> Sweep:
        if pid not in self.done:
            import json

            from judge.problem import load_problem

            problem = load_problem(PROBLEMS / pid)
            out = self.root / f"{pid}.json"
            args = ("--no-zygote", "--isolation", "basic", "--lang", "en", "--start-method", self.METHOD)
            with one_sweep() if problem.runtime.observe else contextlib.nullcontext():
                r = run_judge("validate", pid, "-q", "--json", str(out), *args, timeout=900)
            self.done[pid] = Sweep(r, json.loads(out.read_text()) if out.exists() else {"results": []})
        return self.done[pid]


@pytest.fixture(scope="session")
def fresh_sweep(tmp_path_factory) -> FreshSweep:
    return FreshSweep(tmp_path_factory.mktemp("fresh-sweep"))


def timing_problems() -> list[str]:
    """The problems with a timing rule (Problem.timing_sensitive): their verdicts rest on a
    timing bound, so a sweep judges them fresh beside a CPU burner (the portable sweep)."""
    from judge.problem import load_problem

    return [pid for pid in ALL_PROBLEMS if load_problem(PROBLEMS / pid).timing_sensitive]


@pytest.fixture(scope="session")
def portable_sweep(windows_standin, tmp_path_factory) -> Sweep:
    """Every solution of every problem with the portable sandbox, in the Windows stand-in,
    under spawn (Windows has no other start method; tests/test_start_methods.py takes its
    spawn runs from here), once for the run: tests/test_acceptance.py checks the verdicts of
    all of them at this level, and compares the problems with a timing rule, judged here
    beside a CPU burner, with the warm sweep (their fresh runs: a verdict that rests on a
    timing bound must not depend on the machine's load); tests/test_portable.py what each
    assigned problem's and concurrency exercise's solutions show of it (formerly a `judge
    check` each: three minutes more). Two validates: the problems with a timing rule beside
    the burner, then the others."""
    import json

    folder = tmp_path_factory.mktemp("portable-sweep")
    timing = timing_problems()
    others = [pid for pid in ALL_PROBLEMS if pid not in timing]
    args = ("-q", "--isolation", "portable", "--start-method", "spawn")
    parts = []
    # Its turn first, then the burner: a burner must never load another worker's sweep.
    with one_sweep():
        for name, problems, load in (("timing", timing, cpu_burner), ("others", others, contextlib.nullcontext)):
            out = folder / f"{name}.json"
            with load():
                r = run_judge("validate", *problems, *args, "--json", str(out), env=windows_standin, timeout=1800)
            parts.append(Sweep(r, json.loads(out.read_text()) if out.exists() else {"results": []}))
    return Sweep.joined(parts)


@pytest.fixture(scope="session")
def warm_sweep(tmp_path_factory) -> Sweep:
    """Every solution of every problem at the default isolation, forked from the zygote, in
    Russian, every run traced (`--trace`), once for the run: tests/test_acceptance.py checks
    the verdicts and what `judge check` would print of them, tests/test_trace_viewers.py every
    trace (formerly a `judge check --trace` each: two minutes more). A verdict must hold
    while its run is traced, as `judge check --trace` runs it."""
    import json

    root = tmp_path_factory.mktemp("warm-sweep")
    with one_sweep():
        r = run_judge(
            "validate", "-q", "--lang", "ru", "--json", str(root / "report.json"), "--trace", str(root / "traces"),
            timeout=1800,
        )  # fmt: skip
    report = json.loads((root / "report.json").read_text()) if (root / "report.json").exists() else {"results": []}
    return Sweep(r, report, root / "traces")


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


# -- parallel runs (pytest-xdist) ---------------------------------------------------------
#
# `pytest` spreads the tests over the cores (one worker more than cores, `--dist loadgroup`,
# unless the command line says -n; `-p no:xdist` or `-n 0` runs them in this one process).
# Four rules keep that honest:
#  * each worker's sandboxes lease their uids from a range of its own (JUDGE_UID_BASE), so a
#    test that looks for processes left running under a slot uid sees only its own worker's;
#  * tests that share an expensive fixture (the sample class graded once, a module's validate
#    reports) are one xdist group, run by one worker, so the fixture is built once;
#  * a sweep (one_sweep: a judging of the concurrency exercises, whose verdicts rest on margins
#    measured beside one burner) never runs beside another sweep;
#  * tests marked `alone` run while no other test runs: a readers-writer lock over the whole
#    run (below).

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", …; "" outside a worker
if _WORKER:
    from judge.sandbox.uids import UID_BASE, UID_COUNT

    os.environ["JUDGE_UID_BASE"] = str(UID_BASE + UID_COUNT * (1 + int(_WORKER.removeprefix("gw"))))


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """The README's `pytest` runs in parallel: one worker more than cores unless the command
    line chose. The one more fills the time the others' tests wait (wall limits, programs
    that sleep by design: about a third of a worker's time on two cores); the sweeps' worker
    is the longest whatever the count (2 cores: 517 s with two workers, 459–469 s with three,
    docs/PERFORMANCE.md)."""
    import importlib.util

    parallel_safe = importlib.util.find_spec("fcntl") is not None  # the machine lock below (POSIX)
    # (Not in a worker: a worker that chose -n would start workers of its own.)
    if _WORKER or not parallel_safe or not config.pluginmanager.hasplugin("xdist"):
        return
    if config.option.markexpr == "quick":  # ~10 s in this process: less than starting workers
        return
    if config.option.numprocesses is None:
        from judge.core.limits import usable_cores

        config.option.numprocesses = usable_cores() + 1
    if config.option.numprocesses not in (0, "0") and config.option.dist in ("no", "load"):
        # `pytest -n 2` too: spread plainly, the sweeps' group would be split over the workers
        # and each would wait for the other's machine-wide turn until its timeout.
        config.option.dist = "loadgroup"
    xdist_groups.choose_path(config, _CACHES)  # where the workers write the groups


# Groups reach the scheduler through a file (pytest-xdist's own way is lost on pytest 9.2):
# tests/xdist_groups.py's hooks, registered by being this conftest's.
pytest_collection_finish = xdist_groups.pytest_collection_finish
pytest_xdist_make_scheduler = xdist_groups.pytest_xdist_make_scheduler
pytest_xdist_setupnodes = xdist_groups.pytest_xdist_setupnodes

# a session fixture -> the group of its users
_GROUPS = {"sample_class": SWEEPS, "portable_sweep": SWEEPS, "warm_sweep": SWEEPS, "fresh_sweep": SWEEPS}  # all sweeps

# The quick tier (`pytest -m quick`, the edit-test loop): the tests of these modules run in this
# process and start none (checkers, schemas, timelines, semester rules, catalogs, importers'
# parsing), except those marked `process`. A quick test that starts a process fails (below):
# the tier cannot grow slow without anybody noticing.
QUICK_MODULES = frozenset(
    {
        "test_catalog",
        "test_checkers",
        "test_help_ru",
        "test_i18n_grading",
        "test_importers",
        "test_import_today",
        "test_i18n",
        "test_i18n_reports",
        "test_similarity",
        "test_stored_fixtures",
        "test_kattis_conformance",
        "test_layers",
        "test_languages",
        "test_lms",
        "test_numbers",
        "test_plurals",
        "test_registries",
        "test_semester_policy",
        "test_trace",
    }
)


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which reads the groups into the node ids
def pytest_collection_modifyitems(config, items):
    for item in items:
        if not item.get_closest_marker("xdist_group"):
            group = _shared_fixture_group(item)
            if group:
                item.add_marker(pytest.mark.xdist_group(group))
        module = item.module.__name__.rsplit(".", 1)[-1] if getattr(item, "module", None) else ""
        if module in QUICK_MODULES and not item.get_closest_marker("process"):
            item.add_marker(pytest.mark.quick)


def _shared_fixture_group(item) -> str | None:
    """The xdist group of a test that uses a fixture built once for many tests: a listed
    session fixture's group, or its module when it uses a module- or class-scoped fixture
    (each worker would build its own copy otherwise)."""
    names = getattr(item, "fixturenames", ())
    for fixture, group in _GROUPS.items():
        if fixture in names:
            return group
    info = getattr(item, "_fixtureinfo", None)
    for name in names:
        defs = info.name2fixturedefs.get(name) if info is not None else None
        if defs and defs[-1].scope in ("module", "class", "package"):
            return item.nodeid.split("::", 1)[0]
    return None


@contextlib.contextmanager
def _no_process(item):
    """A test of the quick tier that starts a process (itself or in a fixture it needs) is a
    mistake: it fails, saying so."""
    if item.get_closest_marker("quick") is None:
        yield
        return

    def refuse(*args, **kwargs):
        raise AssertionError(
            f"{item.nodeid} is in the quick tier (tests/conftest.py QUICK_MODULES) and starts a "
            "process: mark it @pytest.mark.process"
        )

    from unittest import mock

    with mock.patch.object(subprocess.Popen, "__init__", refuse):
        yield


class _MachineLock:
    """Shared while an ordinary test runs, exclusive for an `alone` one (and for a CPU
    burner), across every worker of the run: flock on a file named after the checkout, so
    two runs of one checkout at once also keep their `alone` tests apart. A turnstile taken
    first keeps a waiting exclusive holder from being starved by the shared holders that
    keep arriving (flock has no writer preference)."""

    def __init__(self) -> None:
        digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
        self.base = Path(tempfile.gettempdir()) / f"judge-tests-{digest}"  # two empty files, kept
        self.files: tuple | None = None
        self.mode: bool | None = None  # None: not held; else exclusive or not
        self.sweeping = False  # holds the sweep lock (one_sweep)
        self.waited = 0.0  # seconds this worker spent waiting for the locks (the ledger below)
        self.item: pytest.Item | None = None  # the test under way (workers only)

    def acquire(self, exclusive: bool) -> None:
        import fcntl

        if self.files is None:
            self.files = (open(f"{self.base}.turnstile", "a"), open(f"{self.base}.machine", "a"))  # noqa: SIM115
        turnstile, machine = self.files
        start = time.monotonic()
        fcntl.flock(turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(machine, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        finally:
            if not exclusive:
                fcntl.flock(turnstile, fcntl.LOCK_UN)
        self.waited += time.monotonic() - start
        self.mode = exclusive

    def release(self) -> None:
        import fcntl

        assert self.files is not None and self.mode is not None
        turnstile, machine = self.files
        fcntl.flock(machine, fcntl.LOCK_UN)
        if self.mode:
            fcntl.flock(turnstile, fcntl.LOCK_UN)
        self.mode = None

    @contextlib.contextmanager
    def held(self, exclusive: bool):
        self.acquire(exclusive)
        try:
            yield
        finally:
            self.release()

    @contextlib.contextmanager
    def alone(self):
        """Exclusive for a block of a test that holds it shared: let go, then wait for the
        others (letting go first: two workers upgrading at once would wait for each other)."""
        if not _WORKER or self.mode is None or self.mode:
            yield
            return
        self.release()
        try:
            with self.held(exclusive=True):
                yield
        finally:
            self.acquire(exclusive=False)

    @contextlib.contextmanager
    def one_sweep(self):
        """One judging of the concurrency exercises at a time across the workers (a validate
        or a grading whose verdicts rest on timing margins measured beside one burner): beside
        the other workers' ordinary tests, never beside another sweep and its busy processes. While waiting
        for its turn a test lets go of its shared hold, so an `alone` block of the sweep under
        way (its burner) is never kept waiting by it."""
        if not _WORKER or self.sweeping:  # (reentrant: a second flock of ours would wait for the first)
            yield
            return
        import fcntl

        held = self.mode
        self.sweeping = True
        with open(f"{self.base}.sweep", "a") as sweep:
            if held is not None:
                self.release()
            start = time.monotonic()
            try:
                fcntl.flock(sweep, fcntl.LOCK_EX)
            finally:
                self.waited += time.monotonic() - start
                if held is not None:
                    self.acquire(held)
            try:
                yield
            finally:
                fcntl.flock(sweep, fcntl.LOCK_UN)
                self.sweeping = False


_MACHINE = _MachineLock()  # this process's hold on the run's machine lock (one test at a time)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Setup, call and teardown of a test under the run's machine lock (workers only: in one
    process the tests run one at a time anyway), and of a quick one without processes."""
    with _no_process(item):
        if not _WORKER:
            yield
            return
        start, waited, cpu = time.monotonic(), _MACHINE.waited, _cpu_used()
        _MACHINE.item = item
        with _MACHINE.held(exclusive=item.get_closest_marker("alone") is not None):
            yield
        _MACHINE.item = None
        _LEDGER.append((item.nodeid, time.monotonic() - start, _MACHINE.waited - waited, _cpu_used() - cpu))


def _cpu_used() -> float:
    """CPU seconds of this worker and of the processes it has waited for (the judges it
    started, their helpers and runs): what a test cost the machine, not the clock."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# -- where the time goes -------------------------------------------------------------------
#
# Each worker keeps a ledger of its tests: (node id, seconds, of which waiting for another
# worker's burner or sweep, CPU seconds). The controller prints what the workers spent waiting, and with
# JUDGE_TEST_LEDGER=FILE writes every row there (CONTRIBUTING.md: the per-file time table).
_LEDGER: list[tuple[str, float, float, float]] = []


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    xdist_groups.pytest_sessionfinish(session, exitstatus)
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["judge_ledger"] = _LEDGER


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown with -p no:xdist
def pytest_testnodedown(node, error):
    rows = getattr(node, "workeroutput", {}).get("judge_ledger", [])
    worker = node.gateway.id
    node.config.stash.setdefault(_LEDGERS, {})[worker] = rows


_LEDGERS = pytest.StashKey[dict]()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    ledgers = config.stash.get(_LEDGERS, {})
    if not ledgers:
        return
    for worker, rows in sorted(ledgers.items()):
        busy = sum(r[1] for r in rows)
        waited = sum(r[2] for r in rows)
        terminalreporter.write_line(
            f"{worker}: {len(rows)} tests in {busy:.0f} s, of which {waited:.0f} s waiting for another worker's burner or sweep"
        )
    path = os.environ.get("JUDGE_TEST_LEDGER")
    if path:
        import csv

        with open(path, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["worker", "test", "seconds", "waited", "cpu"])
            for worker, rows in sorted(ledgers.items()):
                out.writerows(
                    [worker, nodeid, f"{secs:.2f}", f"{wait:.2f}", f"{cpu:.2f}"] for nodeid, secs, wait, cpu in rows
                )
