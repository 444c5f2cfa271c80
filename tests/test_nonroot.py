"""The judge run by an unprivileged user: no cgroup, no uid of its own to drop to.

Issue: "Without root on Linux: bubblewrap with user namespaces where the system allows it;
otherwise the base layer." The judge, its dependencies and an interpreter of the same
version are made readable in a world-readable folder, and `judge check` runs there as
uid 65534 (nobody): it must grade right with the layers it can have, refuse `strict` in one
line, survive hostile programs and leave nothing running.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import ROOT, make_problem

NOBODY = 65534
pytestmark = [
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("setpriv") is None,
        reason="needs Linux, root (to become another user) and setpriv",
    ),
    # Runs without bubblewrap (the base layer) and, once .ci/run has installed it, again
    # with it (namespaces in a user namespace, where the system allows them).
    pytest.mark.bwrap,
]


def _as_nobody(argv: list[str], env: dict[str, str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--", *argv],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _interpreter_for_nobody(cwd: Path) -> str | None:
    """A Python of our version that uid 65534 can run (ours may live under /root)."""
    version = "%d.%d" % sys.version_info[:2]
    candidates = [
        os.path.realpath(sys.executable),
        getattr(sys, "_base_executable", ""),
        f"/usr/bin/python{version}",
        f"/usr/local/bin/python{version}",
    ]
    for python in dict.fromkeys(c for c in candidates if c and os.path.exists(c)):
        # Its folder must be reachable too (the sandbox binds it): a pyenv build under /root
        # still starts, on the system's libpython, with a folder uid 65534 cannot enter.
        probe = _as_nobody(
            [
                python,
                "-c",
                "import os, sys; print('%d.%d' % sys.version_info[:2], "
                "os.access(os.path.dirname(os.path.realpath(sys.executable)), 5) "
                "and os.access(sys.prefix, 5))",
            ],
            {"PATH": "/usr/bin:/bin"},
            cwd,
        )
        if probe.returncode == 0 and probe.stdout.split() == [version, "True"]:
            return python
    return None


@pytest.fixture(scope="module")
def scene():
    root = Path(tempfile.mkdtemp(prefix="judge-nonroot-"))  # not pytest's: its base is 0700
    try:
        root.chmod(0o755)
        python = _interpreter_for_nobody(root)
        if python is None:
            pytest.skip(f"no Python {sys.version_info[0]}.{sys.version_info[1]} that uid {NOBODY} may run")
        shutil.copytree(ROOT / "judge", root / "pkg" / "judge", ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("click", "yaml", "_yaml", "psutil"):
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.submodule_search_locations:
                shutil.copytree(
                    list(spec.submodule_search_locations)[0],
                    root / "deps" / name,
                    ignore=shutil.ignore_patterns("__pycache__"),
                )
        prob = make_problem(
            root, "echo", yaml_text="title: {en: Echo}\nlimits: {time: 1s, wall_time: 3s, memory: 128MiB}\n"
        )
        # A folder the run may only read: its own user owns it, and the mode holds anyway.
        make_problem(root, "sealed", yaml_text="title: {en: Sealed}\nruntime: {allow_file_writing: false}\n")
        for name, source in {
            "ok.py": "print(input())\n",
            "writer.py": "try:\n    open('x.txt', 'w').write('x')\nexcept OSError:\n    print(input())\n",
            "loop.py": "while True:\n    pass\n",
            "kill_parent.py": "import os, time\nos.kill(os.getppid(), 9)\ntime.sleep(5)\n",
            "memory.py": "x = bytearray(512 * 1024 * 1024)\nprint(len(x))\n",
            "daemon.py": textwrap.dedent("""\
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    os._exit(0)
                print(input())
                """),
        }.items():
            (root / name).write_text(source)
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(root),
            "JUDGE_CACHE_DIR": str(root / "cache"),
            "PYTHONPATH": f"{root / 'pkg'}{os.pathsep}{root / 'deps'}",
        }
        (root / "cache").mkdir(mode=0o777)
        (root / "cache").chmod(0o777)
        yield root, python, env, prob
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _check(scene, solution: str, *args: str) -> tuple[subprocess.CompletedProcess, dict | None]:
    root, python, env, prob = scene
    r = _as_nobody([python, "-m", "judge", "check", str(prob), solution, "--json", "-", *args], env, root)
    try:
        return r, json.loads(r.stdout)
    except ValueError:
        return r, None


def test_an_unprivileged_judge_grades_with_the_layers_it_can_have(scene):
    r, report = _check(scene, "ok.py")
    assert r.returncode == 0 and report is not None, r.stdout + r.stderr
    layers = set(report["environment"]["isolation"])
    assert not layers & {"cgroup", "uid"}, layers  # root's layers: not without root
    assert {"helper", "session", "rlimits", "subreaper"} <= layers
    # bubblewrap with a user namespace where the system allows it: all three, or none
    assert layers & {"netns", "pidns", "fs-view"} in (set(), {"netns", "pidns", "fs-view"}), layers


def test_strict_is_refused_in_one_line_naming_root(scene):
    r, _ = _check(scene, "ok.py", "--isolation", "strict")
    assert r.returncode == 2
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "root" in lines[0] and "Traceback" not in r.stderr, r.stderr


@pytest.mark.parametrize(
    "solution, verdicts",
    [("loop.py", {"TLE"}), ("kill_parent.py", {"SV", "RE"}), ("memory.py", {"MLE", "RE"}), ("daemon.py", {"AC"})],
)
def test_hostile_programs_get_their_verdict_and_leave_nothing(scene, solution, verdicts):
    r, report = _check(scene, solution)
    assert report is not None, r.stdout + r.stderr
    got = {t["verdict"] for t in report["results"][0]["tests"]}
    assert got <= verdicts, (got, report["results"][0].get("message"))
    deadline = time.monotonic() + 3
    while True:
        # Zombies are over, only not reaped: exited orphans that came to the test runner when
        # it is a subreaper itself (an earlier test used a sandbox in this process).
        left = [
            p.info
            for p in psutil.process_iter(["pid", "uids", "cmdline", "status"])
            if p.info["uids"] and p.info["uids"].real == NOBODY and p.info["status"] != psutil.STATUS_ZOMBIE
        ]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert not left, f"left running as uid {NOBODY}: {left}"


def test_a_read_only_folder_holds_for_a_run_of_the_judges_own_user(scene):
    """Without root the run's folder is its own user's: mode 0555 still stops its writes (and
    the report says so); the writer prints the answer only when its write was refused."""
    root, python, env, _ = scene
    r = _as_nobody([python, "-m", "judge", "check", str(root / "sealed"), "writer.py", "--json", "-"], env, root)
    report = json.loads(r.stdout)
    result = report["results"][0]
    assert result["verdict"] == "AC", (result["message"], r.stderr)
    assert "read-only-dir" in result["isolation"], result["isolation"]
