"""Hostile submissions against the whole judge: isolation that holds (issue item 7).

The programs are in tests/hostile/, one per file, and tests/hostile/expected.yaml says what
each must get. They are graded by the real `judge grade` in a few batches (module-scoped
fixtures, each batch runs once), next to three honest students:

  - every program with `--isolation basic` (except those that would harm the machine there),
  - every program with `--isolation strict` as root has it: the kernel's own namespaces and
    file-system view, no external tool (skipped when the judge refuses strict: not root),
  - the same again inside bubblewrap (JUDGE_NAMESPACES=bwrap), where bubblewrap is installed,
  - programs that may kill the judge's process group, each in a batch of its own,
  - 50 submissions (40 quick ones, 10 hostile), with basic: the batch machinery under load,
    deterministic on any machine (the strict batch covers the strong layers).

Per program: its verdict, no leak of the planted secrets in its report entry, a small entry.
Per batch: the judge finished with a parseable report, every other submission was graded
right, nothing is left running, no daemon marker, the problem's files are unchanged, no
secret in any report nor in the judge's output, and (strict) no network connection.

The judge always runs in a session of its own: a program that kills its process group
takes the judge down, never the test runner.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
import yaml

from judge.sandbox.uids import uid_range

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "hostile"
EXPECTED: dict[str, dict] = yaml.safe_load((HOSTILE / "expected.yaml").read_text())
PROGRAMS = sorted(EXPECTED)

PROBLEM = "hostile_sum"  # what everybody is graded against
PROBLEM_RW = "hostile_sum_rw"  # the copy the test-rewriting programs attack
SECRET_ENV = "JUDGE_HOSTILE_SECRET"
# One xdist worker runs them all: they share the problem's name, by which each test finds
# (and kills) the processes its batch left running — another test's live judge included.
pytestmark = pytest.mark.xdist_group("hostile")
SLOT_UIDS = uid_range()  # this worker's (tests/conftest.py gives each xdist worker its own)
DAEMON_DELAY = 1.5  # daemon_marker.py writes its marker this long after its start
ENTRY_MAX = 64 * 1024  # a submission's report.json entry must stay below this
STRICT_LAYERS = {"netns", "pidns", "fs-view", "cgroup", "uid"}
# The strong modes: `--isolation strict` as root has it (the kernel's own namespaces, no tool),
# and strict inside bubblewrap (JUDGE_NAMESPACES=bwrap; where bubblewrap is installed).
STRONG = ("strict", "bwrap")
LAYERS_OF = {"strict": STRICT_LAYERS, "bwrap": STRICT_LAYERS}
GRADED = {"AC", "WA", "PE", "TLE", "ILE", "MLE", "OLE", "RE", "CE", "SV", "RV"}

GOOD = {  # student -> (source, verdict it must get)
    "good_ac": ("a, b = map(int, input().split())\nprint(f'{a + b}-SECRET-ANSWER')\n", "AC"),
    "good_wa": ("a, b = map(int, input().split())\nprint(f'{a - b}-SECRET-ANSWER')\n", "WA"),
    "good_re": ("a, b = map(int, input().split())\nprint(a // 0)\n", "RE"),
}

# Asks the strict sandbox who the solution is: printed on the sample test, shown in its diff.
PROBE = """\
import os
pids = [p for p in os.listdir("/proc") if p.isdigit()]
print(f"probe uid={os.getuid()} pids={len(pids)}")
"""


def _allowed(name: str, mode: str) -> set[str] | None:
    """The verdicts a program may get in a mode; None: not run in that mode."""
    exp = EXPECTED[name]
    value = exp.get(mode, exp["verdict"])  # a mode's own entry (basic, bwrap), else the verdict
    if value == "skip":
        return None
    return set(value if isinstance(value, list) else [value])


# -- running the judge ------------------------------------------------------------------


@dataclass
class JudgeRun:
    code: int
    out: str
    err: str
    wall: float


def _run_judge(args: list[str], env: dict[str, str], timeout: float = 300) -> JudgeRun:
    """`python -m judge ARGS` in a new session (killpg of its group cannot reach us)."""
    full_env = dict(os.environ)
    full_env.pop("JUDGE_CONFIG", None)
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH")]))
    full_env.update(env)
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "judge", *args],
        cwd=ROOT,
        env=full_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the judge's own session, started just above
        out, err = proc.communicate()
        err += f"\n[test] the judge did not finish in {timeout} s and was killed".encode()
    return JudgeRun(
        proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.monotonic() - start
    )


def _mode_args(mode: str, root: Path) -> tuple[str, dict[str, str]]:
    """The judge's --isolation and environment for a test mode."""
    if mode != "bwrap":
        return mode, {"JUDGE_NAMESPACES": "native"} if mode == "strict" else {}
    return "strict", {"JUDGE_NAMESPACES": "bwrap"}


# -- the scene: problems, submissions, listener, marker, canary ------------------------


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection and what it was sent."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    self.connections.append(conn.recv(4096))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def _tree_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass
class Scene:
    root: Path
    mode: str
    secret_env: str
    token: str  # the secret test's answer: appears nowhere else
    problems: Path
    submissions: Path
    out: Path
    marker: Path
    canary: Path
    listener: Listener
    students: dict[str, str] = field(default_factory=dict)  # student -> program (or good_*)

    @classmethod
    def build(cls, root: Path, mode: str) -> Scene:
        rng = random.SystemRandom()
        a = rng.randrange(10**8, 10**9)
        scene = cls(
            root=root,
            mode=mode,
            secret_env=f"hostile-env-{rng.getrandbits(64):016x}",
            token=f"{a + 11}-SECRET-ANSWER",
            problems=root / "problems",
            submissions=root / "submissions",
            out=root / "out",
            marker=root / "marker" / "escaped",
            canary=root / "canary",
            listener=Listener(),
        )
        for name in (PROBLEM, PROBLEM_RW):
            dest = scene.problems / name
            shutil.copytree(HOSTILE / "problem", dest)
            (dest / "tests" / "secret" / "01.in").write_text(f"{a} 11\n")
            (dest / "tests" / "secret" / "01.ans").write_text(f"{scene.token}\n")
        scene.marker.parent.mkdir()
        scene.canary.mkdir()
        (scene.canary / "keep").write_text("the clean-up followed a symlink if this is gone\n")
        scene.submissions.mkdir()
        return scene

    def substitute(self, source: str) -> str:
        rw_tests = sorted(str(p) for p in (self.problems / PROBLEM_RW / "tests").rglob("*") if p.is_file())
        for key, value in {
            "@@MARKER_PATH@@": str(self.marker),
            "@@LISTEN_PORT@@": str(self.listener.port),
            "@@TEST_FILES@@": json.dumps(rw_tests),
            "@@PROBLEM_DIR@@": str(self.problems / PROBLEM),
            "@@CANARY_DIR@@": str(self.canary),
            "@@ARMED@@": "yes",
        }.items():
            source = source.replace(key, value)
        return source

    def add_program(self, name: str, student: str | None = None) -> None:
        student = student or Path(name).stem
        problem = PROBLEM_RW if EXPECTED[name].get("problem") == "rw" else PROBLEM
        path = self.submissions / student / f"{problem}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.substitute((HOSTILE / name).read_text()))
        self.students[student] = name

    def add_source(self, student: str, source: str) -> None:
        path = self.submissions / student / f"{PROBLEM}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
        self.students[student] = student


@dataclass
class Batch:
    scene: Scene
    run: JudgeRun
    report: dict | None
    files: dict[str, bytes]  # report files by name
    results: dict[str, dict]  # student -> report entry
    strays: list[str]  # processes left behind
    leftover_dirs: list[str]  # judge work dirs left in its TMPDIR
    marker: bool
    hashes_before: dict[str, dict[str, str]]
    hashes_after: dict[str, dict[str, str]]
    canary_intact: bool
    connections: list[bytes]

    @property
    def tokens(self) -> dict[str, str]:
        return {"the planted environment secret": self.scene.secret_env, "the secret test's answer": self.scene.token}

    def layers(self) -> set[str]:
        return set((self.report or {}).get("environment", {}).get("isolation") or [])


def _grade(scene: Scene, jobs: int = 2) -> Batch:
    judge_tmp = scene.root / "judge-tmp"
    judge_tmp.mkdir()
    before = {name: _tree_hashes(scene.problems / name) for name in (PROBLEM, PROBLEM_RW)}
    isolation, mode_env = _mode_args(scene.mode, scene.root)
    started = time.time()
    run = _run_judge(
        [
            "grade",
            str(scene.submissions),
            "--problems-dir",
            str(scene.problems),
            "--out",
            str(scene.out),
            "-j",
            str(jobs),
            "-q",
            "--format",
            "json,csv,md",
            "--isolation",
            isolation,
        ],
        env={SECRET_ENV: scene.secret_env, "TMPDIR": str(judge_tmp), **mode_env},
    )
    # A daemon that escaped would write its marker DAEMON_DELAY after its run started.
    time.sleep(max(0.0, started + DAEMON_DELAY + 0.5 - time.time()))
    strays = _strays_after(str(scene.root))
    files = {p.name: p.read_bytes() for p in scene.out.glob("*") if p.is_file()} if scene.out.exists() else {}
    report = None
    if "report.json" in files:
        try:
            report = json.loads(files["report.json"].decode("utf-8"))
        except ValueError:
            report = None
    results = {r["student"]: r for r in (report or {}).get("results", [])}
    scene.listener.close()
    return Batch(
        scene=scene,
        run=run,
        report=report,
        files=files,
        results=results,
        strays=strays,
        leftover_dirs=sorted(p.name for p in judge_tmp.glob("judge-run-*")),
        marker=scene.marker.exists(),
        hashes_before=before,
        hashes_after={name: _tree_hashes(scene.problems / name) for name in (PROBLEM, PROBLEM_RW)},
        canary_intact=(scene.canary / "keep").exists(),
        connections=list(scene.listener.connections),
    )


def _strays_after(root: str, grace: float = 2.0) -> list[str]:
    """Processes a hostile run left behind: running a submission of ours (the file names are
    unique to this test) or naming our temp folder, or owned by a slot uid for longer than any
    run may live. Those of our runs are recorded, then killed by pid so the next batch starts
    clean."""
    deadline = time.monotonic() + grace
    while True:
        found = []
        for proc in psutil.process_iter(["pid", "cmdline", "uids", "status", "create_time"]):
            info = proc.info
            if info["status"] == psutil.STATUS_ZOMBIE or info["pid"] == os.getpid():
                continue
            cmd = " ".join(info["cmdline"] or [])
            uid = info["uids"].real if info["uids"] else -1
            ours = re.search(rf"\b{PROBLEM}(_rw)?\.py\b", cmd) is not None or root in cmd
            old_slot_process = uid in SLOT_UIDS and info["create_time"] < time.time() - 10
            if ours or old_slot_process:
                found.append(proc)
        if not found or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    described = []
    for proc in found:
        try:
            described.append(f"pid {proc.pid} uid {proc.uids().real}: {' '.join(proc.cmdline())}")
            cmd = " ".join(proc.cmdline())
            if re.search(rf"\b{PROBLEM}(_rw)?\.py\b", cmd) or root in cmd:
                proc.kill()  # ours: a process of a hostile run this test started
        except psutil.Error:
            continue
    return described


# -- strict availability and safety -----------------------------------------------------


@dataclass
class StrictStatus:
    available: bool
    reason: str = ""
    kill_all_safe: bool = False
    probe: str = ""


@pytest.fixture(scope="module")
def strict_status(tmp_path_factory) -> StrictStatus:
    return _probe_strict(tmp_path_factory.mktemp("strict-probe"), "strict")


@pytest.fixture(scope="module")
def bwrap_status(tmp_path_factory) -> StrictStatus:
    if shutil.which("bwrap") is None:
        return StrictStatus(False, "bubblewrap is not installed (optional: apt-get install bubblewrap)")
    return _probe_strict(tmp_path_factory.mktemp("bwrap-probe"), "bwrap")


def _probe_strict(root: Path, mode: str) -> StrictStatus:
    """Does `judge check --isolation strict` run here (in this mode)? And is the solution
    really a non-root uid in its own pid namespace (the condition to run kill_all.py)?"""
    problem = root / PROBLEM
    shutil.copytree(HOSTILE / "problem", problem)
    probe = root / "probe.py"
    probe.write_text(PROBE)
    isolation, env = _mode_args(mode, root)
    run = _run_judge(["check", str(problem), str(probe), "--isolation", isolation, "--json", "-"], env=env, timeout=120)
    if run.code == 2:
        lines = [line for line in run.err.splitlines() if line.strip()]
        return StrictStatus(False, lines[-1].strip() if lines else "exit code 2, no message")
    if run.code not in (0, 1):
        return StrictStatus(
            False, f"`judge check --isolation strict` failed with exit code {run.code}: {run.err.strip()[-300:]}"
        )
    match = re.search(r"probe uid=(\d+) pids=(\d+)", run.out)
    if match is None:
        return StrictStatus(True, probe="the probe's output was not found in the report")
    uid, pids = int(match.group(1)), int(match.group(2))
    return StrictStatus(True, kill_all_safe=uid != 0 and pids < 20, probe=match.group(0))


def _require_strict(status: StrictStatus) -> None:
    if not status.available:
        pytest.skip(f"strict isolation unavailable: {status.reason}")


# -- the batches ------------------------------------------------------------------------


def _main_batch(tmp_path_factory, mode: str, status: StrictStatus | None) -> Batch:
    scene = Scene.build(tmp_path_factory.mktemp(f"hostile-{mode}"), mode)
    for name in PROGRAMS:
        if _allowed(name, mode) is None or EXPECTED[name].get("alone"):
            continue
        if name == "kill_all.py" and not (status and status.kill_all_safe):
            continue  # see test_kill_all_only_runs_where_it_is_harmless
        scene.add_program(name)
    for student, (source, _) in GOOD.items():
        scene.add_source(student, source)
    return _grade(scene)


@pytest.fixture(scope="module")
def basic_batch(tmp_path_factory) -> Batch:
    return _main_batch(tmp_path_factory, "basic", None)


@pytest.fixture(scope="module")
def strict_batch(tmp_path_factory, strict_status) -> Batch:
    _require_strict(strict_status)
    return _main_batch(tmp_path_factory, "strict", strict_status)


@pytest.fixture(scope="module")
def bwrap_batch(tmp_path_factory, bwrap_status) -> Batch:
    _require_strict(bwrap_status)
    return _main_batch(tmp_path_factory, "bwrap", bwrap_status)


_alone_cache: dict[tuple[str, str], Batch] = {}


def _alone_batch(tmp_path_factory, name: str, mode: str) -> Batch:
    """A program that may kill the judge's process group, graded beside one honest student."""
    key = (name, mode)
    if key not in _alone_cache:
        scene = Scene.build(tmp_path_factory.mktemp(f"alone-{mode}-{Path(name).stem}"), mode)
        scene.add_program(name)
        scene.add_source("good_ac", GOOD["good_ac"][0])
        _alone_cache[key] = _grade(scene)
    return _alone_cache[key]


@pytest.fixture
def batch_for(request, tmp_path_factory):
    """batch_for(mode, program) -> the batch that graded it."""

    def get(mode: str, name: str) -> Batch:
        if mode in STRONG:
            _require_strict(request.getfixturevalue(f"{mode}_status"))
        if EXPECTED[name].get("alone"):
            return _alone_batch(tmp_path_factory, name, mode)
        return request.getfixturevalue(f"{mode}_batch")

    return get


# -- per program ------------------------------------------------------------------------


def _cases():
    for mode in ("basic", *STRONG):
        for name in PROGRAMS:
            marks = []
            reason = (EXPECTED[name].get("bug") or {}).get(mode)
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=f"judge bug: {reason}"))
            marks += _tool_marks(mode)
            yield pytest.param(mode, name, marks=marks, id=f"{mode}-{Path(name).stem}")


def _tool_marks(mode: str) -> list:
    """The bwrap mode needs an optional tool: marked, so .ci/run can run it once installed."""
    return [pytest.mark.bwrap] if mode == "bwrap" else []


def _mode_params(modes) -> list:
    return [pytest.param(mode, marks=_tool_marks(mode), id=mode) for mode in modes]


@pytest.mark.parametrize("mode,name", list(_cases()))
def test_hostile_program(mode, name, batch_for, request):
    allowed = _allowed(name, mode)
    exp = EXPECTED[name]
    if allowed is None:
        pytest.skip(f"never run with --isolation {mode}: {' '.join(exp['note'].split())[:160]}")
    if name == "kill_all.py" and mode in STRONG:
        status = request.getfixturevalue(f"{mode}_status")
        _require_strict(status)
        if not status.kill_all_safe:
            pytest.fail(
                f"kill_all.py not run: the {mode} probe did not show a non-root uid in a pid "
                f"namespace ({status.probe or 'no probe output'})"
            )
    batch = batch_for(mode, name)
    student = Path(name).stem
    if exp.get("alone"):  # the batch was this program and one honest student
        assert batch.run.code == 0, f"the judge died (exit code {batch.run.code}): {batch.run.err[-500:]}"
        assert batch.report is not None, "no report.json"
        assert batch.results.get("good_ac", {}).get("verdict") == "AC", "the honest student beside it was not graded AC"
        assert not batch.strays, f"left running: {batch.strays}"
    assert batch.report is not None, f"no report (judge exit code {batch.run.code}): {batch.run.err[-500:]}"
    result = batch.results.get(student)
    assert result is not None, f"{student} is missing from the report"
    verdicts = [t["verdict"] for t in result["tests"]]
    assert result["verdict"] in GRADED and all(v in GRADED for v in verdicts), (
        f"not graded: {result['verdict']} {verdicts}: {result.get('message')}"
    )

    recorded_only = mode == "basic" and exp["strict_only"]
    failing = {v for v in verdicts if v != "AC"}
    if not recorded_only:
        assert result["verdict"] in allowed and failing <= allowed, (
            f"{name} with --isolation {mode}: got {result['verdict']} (tests: {verdicts}), expected "
            f"{sorted(allowed)}; {result.get('message', '')[:300]}"
        )

    entry = json.dumps(result, ensure_ascii=False)
    if not recorded_only:
        for what, token in batch.tokens.items():
            assert token not in entry, f"{what} leaked into {student}'s report entry"
    assert len(entry.encode()) < ENTRY_MAX, f"{student}'s report entry is {len(entry.encode())} bytes"

    layers = set(result.get("isolation") or [])
    if mode in STRONG:
        assert LAYERS_OF[mode] <= layers, f"{mode} run without {sorted(LAYERS_OF[mode] - layers)}"
    else:
        assert not layers & {"cgroup", "uid"}, f"basic run claims {sorted(layers)}"

    if name == "daemon_marker.py":
        assert not batch.marker, "the daemon outlived its run and wrote its marker"
    if name == "symlink_trap.py":
        assert batch.canary_intact, "cleaning the work dir followed a symlink into the canary folder"
        assert batch.hashes_after[PROBLEM] == batch.hashes_before[PROBLEM]
    if name == "tcp_connect.py" and mode in STRONG:
        assert not batch.connections, f"the solution reached 127.0.0.1: {batch.connections[:3]}"
    if name in ("rewrite_tests.py", "stdin_write.py") and mode in STRONG:
        assert batch.hashes_after[PROBLEM_RW] == batch.hashes_before[PROBLEM_RW], "the test files were rewritten"


# -- per batch --------------------------------------------------------------------------

MODES = ["basic", *STRONG]


@pytest.fixture(params=_mode_params(MODES))
def batch(request) -> Batch:
    if request.param in STRONG:
        _require_strict(request.getfixturevalue(f"{request.param}_status"))
    return request.getfixturevalue(f"{request.param}_batch")


def test_the_judge_finished_with_a_report(batch):
    assert batch.run.code == 0, f"judge grade exit code {batch.run.code}: {batch.run.err[-1000:]}"
    assert batch.report is not None, "report.json missing or not JSON"
    assert batch.report["schema"] == "judge-report/1"
    assert "internal error" not in batch.run.err and "Traceback" not in batch.run.err, batch.run.err[-1000:]
    for name in ("report.json", "report.md", "grades.csv"):
        assert name in batch.files, f"{name} missing"
        batch.files[name].decode("utf-8")  # valid UTF-8 whatever the programs printed


def test_every_submission_was_graded_and_the_honest_ones_right(batch):
    assert set(batch.results) == set(batch.scene.students), (
        f"missing: {sorted(set(batch.scene.students) - set(batch.results))}"
    )
    for student, result in batch.results.items():
        assert result["verdict"] in GRADED, f"{student}: {result['verdict']}: {result.get('message')}"
    for student, (_, verdict) in GOOD.items():
        result = batch.results[student]
        assert result["verdict"] == verdict, f"{student}: {result['verdict']} ({result.get('message')})"
        assert all(t["verdict"] == verdict for t in result["tests"]), result["tests"]
        assert result["score"] == (result["max_score"] if verdict == "AC" else 0)


def test_nothing_is_left_running(batch):
    assert not batch.strays, f"left running after the batch: {batch.strays}"


def test_no_work_dir_is_left_behind(batch):
    assert not batch.leftover_dirs, f"work dirs left in the judge's TMPDIR: {batch.leftover_dirs}"


def test_no_daemon_outlived_its_run(batch):
    assert not batch.marker, "daemon_marker.py's daemon wrote its marker after its run"


def test_the_problem_files_are_unchanged(batch):
    assert batch.hashes_after[PROBLEM] == batch.hashes_before[PROBLEM], "the shared problem's files changed"
    assert batch.canary_intact
    if batch.scene.mode in STRONG:
        assert batch.hashes_after[PROBLEM_RW] == batch.hashes_before[PROBLEM_RW], "test files were rewritten"
    elif batch.hashes_after[PROBLEM_RW] != batch.hashes_before[PROBLEM_RW]:
        warnings.warn(
            "basic: rewrite_tests.py/stdin_write.py rewrote their problem's test files "
            "(expected without the strong layers)",
            stacklevel=2,
        )


def test_no_secret_in_any_report_nor_in_the_judge_output(batch):
    """A strict batch leaks nothing anywhere. A basic batch may leak only through the
    programs marked strict_only (their entries show it); nothing else may carry a secret."""
    excused = {
        s
        for s, prog in batch.scene.students.items()
        if batch.scene.mode == "basic" and EXPECTED.get(prog, {}).get("strict_only")
    }
    leaking = {
        what: sorted(s for s, r in batch.results.items() if token in json.dumps(r, ensure_ascii=False))
        for what, token in batch.tokens.items()
    }
    for what, students in leaking.items():
        assert set(students) <= excused, f"{what} leaked through {sorted(set(students) - excused)}"
    places = {
        "judge stdout": batch.run.out,
        "judge stderr": batch.run.err,
        **{name: data.decode("utf-8", "replace") for name, data in batch.files.items()},
    }
    for what, token in batch.tokens.items():
        for place, text in places.items():
            if token in text:
                assert leaking[what], f"{what} appears in {place} but in no report entry"
    if batch.scene.mode == "basic" and any(leaking.values()):
        warnings.warn(
            f"basic: leaks through strict_only programs: { {w: s for w, s in leaking.items() if s} }", stacklevel=2
        )


def test_no_network_from_the_sandbox(batch):
    if batch.scene.mode in STRONG:
        assert not batch.connections, f"{len(batch.connections)} connection(s) reached the listener"
    elif batch.connections:
        warnings.warn(
            f"basic: {len(batch.connections)} connection(s) reached 127.0.0.1 (expected without a network namespace)",
            stacklevel=2,
        )


def test_the_report_names_the_layers_in_force(batch):
    layers = batch.layers()
    if batch.scene.mode in STRONG:
        want = LAYERS_OF[batch.scene.mode]
        assert want <= layers, f"environment.isolation lacks {sorted(want - layers)}"
    else:
        assert "rlimits" in layers and not layers & {"cgroup", "uid", "netns", "pidns", "fs-view"}, layers


@pytest.mark.parametrize("mode", _mode_params(STRONG))
def test_kill_all_only_runs_where_it_is_harmless(mode, request):
    status = request.getfixturevalue(f"{mode}_status")
    _require_strict(status)
    assert status.kill_all_safe, (
        f"{mode} mode does not run solutions as a non-root uid in their own pid namespace "
        f"({status.probe}): kill_all.py was not run"
    )
    assert "kill_all" in request.getfixturevalue(f"{mode}_batch").results


# -- concurrent judges ------------------------------------------------------------------


def test_concurrent_strict_judges_do_not_disturb_each_other(tmp_path, strict_status):
    """Two `judge check --isolation strict` at once: one sleeps into ILE, the other's run is
    OOM-killed meanwhile. Each must get its own verdicts. (Regression: the slot cgroups were
    named slot<N>-<pid> with the pid inside bwrap's pid namespace, always 2, so concurrent
    judges shared them: limits, peak memory, OOM and pids counters.)"""
    _require_strict(strict_status)
    _concurrent_judges(tmp_path)


def _concurrent_judges(tmp_path: Path) -> None:
    problem = tmp_path / PROBLEM
    shutil.copytree(HOSTILE / "problem", problem)
    sleeper = tmp_path / "sleeper" / f"{PROBLEM}.py"
    grower = tmp_path / "grower" / f"{PROBLEM}.py"
    for path, name in ((sleeper, "sleep_forever.py"), (grower, "memory_growth.py")):
        path.parent.mkdir()
        path.write_text((HOSTILE / name).read_text())
    results: dict[str, JudgeRun] = {}

    def check(key: str, path: Path) -> None:
        results[key] = _run_judge(
            ["check", str(problem), str(path), "--isolation", "strict", "--json", "-"], env={}, timeout=120
        )

    first = threading.Thread(target=check, args=("sleeper", sleeper))
    first.start()
    time.sleep(1.0)  # the sleeper's runs are under way
    check("grower", grower)
    first.join()
    verdicts = {}
    for key, run in results.items():
        assert run.code in (0, 1), f"{key}: exit code {run.code}: {run.err[-300:]}"
        verdicts[key] = [t["verdict"] for t in json.loads(run.out)["results"][0]["tests"]]
    assert verdicts["grower"] == ["MLE", "MLE"], verdicts
    assert verdicts["sleeper"] == ["ILE", "ILE"], (
        f"a concurrent judge's OOM kill changed this judge's verdicts: {verdicts}"
    )
    _strays_after(str(tmp_path), grace=1.0)


# -- 50 submissions ---------------------------------------------------------------------

FIFTY_HOSTILE = [
    "infinite_loop.py",
    "sleep_forever.py",
    "memory_bomb.py",
    "memory_split.py",
    "fork_bomb.py",
    "stdout_flood.py",
    "daemon_marker.py",
    "kill_parent.py",
    "zombies.py",
    "segfault.py",
]


@pytest.fixture(scope="module")
def fifty(tmp_path_factory) -> Batch:
    scene = Scene.build(tmp_path_factory.mktemp("fifty"), "basic")
    for i in range(40):
        op = "+" if i % 2 == 0 else "-"
        scene.add_source(
            f"quick_{i:02d}_{'ac' if op == '+' else 'wa'}",
            f"# quick student {i}\na, b = map(int, input().split())\nprint(f'{{a {op} b}}-SECRET-ANSWER')\n",
        )
    for name in FIFTY_HOSTILE:
        scene.add_program(name)
    return _grade(scene)


def test_fifty_submissions_ten_hostile_all_graded_nothing_left(fifty):
    assert fifty.run.code == 0, f"exit code {fifty.run.code}: {fifty.run.err[-1000:]}"
    assert fifty.report is not None
    assert len(fifty.report["results"]) == 50
    assert set(fifty.results) == set(fifty.scene.students)
    for student, result in fifty.results.items():
        prog = fifty.scene.students[student]
        if student.startswith("quick_"):
            want = "AC" if student.endswith("_ac") else "WA"
            assert result["verdict"] == want, f"{student}: {result['verdict']} ({result.get('message')})"
        else:
            allowed = _allowed(prog, "basic")
            assert result["verdict"] in allowed, f"{student}: {result['verdict']} not in {sorted(allowed)}"
    assert not fifty.strays, f"left running: {fifty.strays}"
    assert not fifty.marker
    assert fifty.hashes_after[PROBLEM] == fifty.hashes_before[PROBLEM]
