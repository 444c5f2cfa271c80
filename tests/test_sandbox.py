"""The sandbox against real child processes: limits, verdict causes, cleanup."""

from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from judge.core.limits import Limits
from judge.sandbox import STOP_CPU, STOP_MEMORY, STOP_OUTPUT, STOP_WALL, RunResult, RunSpec, Sandbox
from judge.sandbox.runspec import is_busy
from tests.conftest import LEVELS
from tests.conftest import strict_unavailable as _strict_available


@pytest.fixture(scope="module", params=LEVELS)
def level(request):
    return request.param


@pytest.fixture(scope="module")
def box(level):
    with Sandbox(isolation=level) as b:
        yield b


def spec(code: str, **limits) -> RunSpec:
    return RunSpec(
        argv=(sys.executable, "sol.py"), limits=Limits(**limits), files=(("sol.py", textwrap.dedent(code).encode()),)
    )


def test_normal_run_reports_output_and_measures(box, tmp_path):
    stdin = tmp_path / "in"
    stdin.write_text("20 22\n")
    r = box.run(spec("a, b = map(int, input().split())\nprint(a + b)"), stdin)
    assert r.exit_code == 0 and r.signal is None and r.stopped is None
    assert r.stdout == b"42\n"
    assert 0 < r.cpu_time < 1 and 0 < r.wall_time < 2
    assert r.memory > 1024 * 1024  # an interpreter is megabytes, never zero


def test_infinite_loop_is_stopped_shortly_after_the_cpu_limit(box):
    r = box.run(spec("while True: pass", time=0.5, wall_time=20))
    assert r.stopped == STOP_CPU
    assert 0.5 <= r.cpu_time < 0.5 + 0.4  # polled every 10 ms: caught well within the margin


def test_sleep_is_idle_not_busy(box):
    r = box.run(spec("import time\ntime.sleep(100)", time=1, wall_time=0.7))
    assert r.stopped == STOP_WALL
    assert not is_busy(r)
    assert 0.7 <= r.wall_time < 1.5


def test_big_allocation_fails_inside_memory_limit(box):
    r = box.run(spec("x = bytearray(4 * 1024**3)\nprint(len(x))", memory=256 * 1024**2))
    # RLIMIT_DATA refuses the allocation (MemoryError) or polling sees the tree over the limit.
    assert r.stopped == STOP_MEMORY or b"MemoryError" in r.stderr
    assert r.stdout == b""


def test_gradual_growth_over_the_limit_is_stopped_by_polling(box):
    r = box.run(
        spec(
            """
        chunks = []
        while True:
            chunks.append(bytearray(8 * 1024**2))
    """,
            memory=128 * 1024**2,
            time=5,
        )
    )
    assert r.stopped == STOP_MEMORY or b"MemoryError" in r.stderr
    assert r.memory > 100 * 1024**2


def test_output_flood_is_stopped_and_the_judge_stays_small(box):
    me = psutil.Process()
    before = me.memory_info().rss  # this process is the judge here: only its growth counts
    helper = me.children()[0] if me.children() else None
    r = box.run(
        spec(
            """
        import sys
        block = "x" * (1 << 20)
        for _ in range(1024):  # 1 GiB
            sys.stdout.write(block)
    """,
            output=8 * 1024**2,
            time=10,
            wall_time=20,
        )
    )
    assert r.stopped == STOP_OUTPUT
    assert len(r.stdout) <= 8 * 1024**2
    assert me.memory_info().rss - before < 50 * 1024**2
    if helper is not None and helper.is_running():
        assert helper.memory_info().rss < 100 * 1024**2


def test_stderr_flood_is_drained_and_capped(box):
    r = box.run(
        spec(
            """
        import sys
        for _ in range(200):
            sys.stderr.write("e" * 65536)
        print("done")
    """,
            time=5,
        )
    )
    assert r.exit_code == 0 and r.stdout == b"done\n"
    assert r.stderr_truncated and len(r.stderr) <= 64 * 1024


def test_exit_code_is_reported(box):
    r = box.run(spec("import sys\nsys.exit(3)"))
    assert r.exit_code == 3 and r.signal is None and r.stopped is None


def test_killed_by_signal_is_reported(box):
    r = box.run(spec("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)"))
    assert r.signal == 11 and r.exit_code is None


def test_double_forked_daemon_leaves_nothing(box, tmp_path):
    marker = tmp_path / "marker"
    r = box.run(
        spec(f"""
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(1.5)
                open({str(marker)!r}, "w").write("escaped")
            os._exit(0)
        print("parent done")
    """)
    )
    assert r.stdout == b"parent done\n"
    assert r.leftover >= 1
    time.sleep(2)
    assert not marker.exists()
    _assert_no_strays()


def test_children_cpu_counts_toward_the_tree(box):
    r = box.run(
        spec(
            """
        import multiprocessing as mp
        def burn(_):
            x = 0
            for i in range(3_000_000):
                x += i
            return x
        if __name__ == "__main__":
            with mp.Pool(2) as p:
                p.map(burn, range(4))
            print("ok")
    """,
            time=20,
            wall_time=30,
        )
    )
    assert r.stdout == b"ok\n"
    main_only = 0.05
    assert r.cpu_time > 4 * main_only
    assert r.processes_seen >= 2


def test_environment_is_scrubbed(level, monkeypatch):
    monkeypatch.setenv("JUDGE_TEST_SECRET", "s3cr3t")
    with Sandbox(isolation=level) as fresh:  # a helper started with the secret in its environment
        r = fresh.run(spec("import os\nprint(sorted(os.environ.items()))"))
    assert b"s3cr3t" not in r.stdout
    assert r.exit_code == 0


def test_work_dir_holds_only_the_solution(box):
    r = box.run(spec("import os\nprint(sorted(os.listdir('.')))"))
    assert r.stdout == b"['sol.py']\n"


def test_killing_the_parent_does_not_kill_the_judge(level):
    with Sandbox(isolation=level) as fresh:
        r = fresh.run(spec("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nimport time\ntime.sleep(5)"))
        if level == "basic":
            assert r.stopped == "helper_lost"  # the helper took the blow, not the judge
        else:  # an unprivileged uid cannot signal the helper at all
            assert r.exit_code == 1 and b"PermissionError" in r.stderr
        again = fresh.run(spec("print('still here')"))  # a new helper takes over
        assert again.stdout == b"still here\n"
    _assert_no_strays()


def _assert_no_strays() -> None:
    """No process of any run survives: only helpers (and the bwrap processes that hold
    them in their namespaces) may be our descendants."""
    me = psutil.Process()
    deadline = time.time() + 2
    while time.time() < deadline:
        # Zombies are dead already (and may be orphans of other judges' runs that came to
        # this process, a subreaper, during the suite): only live processes count.
        procs = [p for p in me.children(recursive=True) if _status(p) != psutil.STATUS_ZOMBIE]
        allowed: set[int] = set()
        for p in procs:
            cmd = _cmdline(p)
            if cmd and "judge.sandbox.helper" in cmd and "bwrap" not in cmd[0]:
                allowed.add(p.pid)
                try:
                    allowed.update(a.pid for a in p.parents())
                except psutil.Error:
                    pass
        strays = [p for p in procs if p.pid not in allowed]
        if not strays:
            return
        time.sleep(0.05)
    raise AssertionError(
        f"processes left behind: {[(p.pid, p.name(), p.status(), p.ppid(), _cmdline(p)) for p in strays]}"
    )


def _status(p: psutil.Process) -> str:
    try:
        return p.status()
    except psutil.Error:
        return psutil.STATUS_ZOMBIE


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []


def test_strict_hides_the_file_system_and_drops_privileges(tmp_path):
    if _strict_available() is not None:
        pytest.skip(f"strict isolation unavailable: {_strict_available()}")
    secret = tmp_path / "answers.ans"
    secret.write_text("42\n")
    with Sandbox(isolation="strict") as b:
        r = b.run(
            spec(f"""
            import os, socket
            print(os.getuid() != 0, os.path.exists({str(secret)!r}),
                  os.path.exists({str(Path(__file__).resolve().parents[1] / "problems")!r}))
            try:
                socket.create_connection(("1.1.1.1", 53), timeout=1)
                print("network")
            except OSError:
                print("no network")
            open("/tmp/left-behind", "w").write("x")
        """)
        )
        assert r.stdout == b"True False False\nno network\n", r.stderr
        again = b.run(spec("import os\nprint(os.path.exists('/tmp/left-behind'))"))
        assert again.stdout == b"False\n"  # nothing passes from one run to the next
    assert {"cgroup", "uid", "netns", "pidns", "fs-view"} <= set(r.isolation)


def test_strict_memory_of_the_tree_is_the_cgroups(tmp_path):
    if _strict_available() is not None:
        pytest.skip(f"strict isolation unavailable: {_strict_available()}")
    with Sandbox(isolation="strict") as b:
        r = b.run(
            spec(
                """
            import multiprocessing as mp, time
            def hog(_):
                block = bytearray(60 * 1024 * 1024)
                for i in range(0, len(block), 4096):
                    block[i] = 1
                time.sleep(1)
            if __name__ == "__main__":
                ps = [mp.Process(target=hog, args=(i,)) for i in range(4)]
                for p in ps: p.start()
                for p in ps: p.join()
                print("survived")
        """,
                memory=160 * 1024**2,
                time=5,
                wall_time=10,
            )
        )
    # Each worker is under the limit; together they are over it: the cgroup OOM-kills.
    assert r.stopped == STOP_MEMORY, (r.stopped, r.stdout, r.stderr[-300:])


# -- interactive runs: the child's stdin and stdout are fds the judge hands over -------------

DOUBLER = """
    import sys
    for line in sys.stdin:
        print(int(line) * 2, flush=True)
    print("stdin closed", file=sys.stderr)
"""


def _converse(box: Sandbox, code: str, lines: int, **limits) -> tuple[list[bytes], bytes, RunResult]:
    """Run `code` with pipes as its stdin and stdout; a thread plays its peer: writes numbers,
    reads a reply to each, then closes its end. The run itself stays in this thread (the
    helper's parent-death signal belongs to the thread that started it)."""
    import os
    import threading

    to_child_r, to_child_w = os.pipe()
    from_child_r, from_child_w = os.pipe()
    replies: list[bytes] = []

    def peer() -> None:
        with os.fdopen(to_child_w, "wb", buffering=0) as out, os.fdopen(from_child_r, "rb") as back:
            for i in range(lines):
                out.write(b"%d\n" % i)
                replies.append(back.readline())
            out.close()
            replies.append(back.read())  # what it wrote after its stdin closed

    talker = threading.Thread(target=peer)
    talker.start()
    run_spec = RunSpec(
        argv=(sys.executable, "sol.py"),
        limits=Limits(**limits),
        files=(("sol.py", textwrap.dedent(code).encode()),),
        interactive=True,
        zygote=box.zygote,
    )
    r = box.run(run_spec, stdio=(to_child_r, from_child_w))
    talker.join(10)
    assert not talker.is_alive()
    return replies[:-1], replies[-1], r


@pytest.mark.parametrize("zygote", [False, True], ids=["fresh", "zygote"])
def test_interactive_run_talks_through_the_given_fds(level, zygote):
    with Sandbox(isolation=level, zygote=zygote) as b:
        b.start()
        for _ in range(2):  # and again: nothing of the first conversation is left in the helper
            replies, rest, r = _converse(b, DOUBLER, 3)
            assert replies == [b"0\n", b"2\n", b"4\n"] and rest == b""
            assert r.exit_code == 0 and r.stopped is None
            assert r.stdout == b"" and r.stderr == b"stdin closed\n"  # stdout is not captured
            assert r.warm == zygote


def test_interactive_output_is_not_limited_and_stdio_goes_with_interactive_only(box):
    flood = """
        import sys
        sys.stdin.readline()
        sys.stdout.write("x" * (2 * 1024 * 1024) + "\\n")
    """
    replies, rest, r = _converse(box, flood, 1, output=1024)  # the peer reads it all
    assert len(replies[0]) == 2 * 1024 * 1024 + 1
    assert r.exit_code == 0 and r.stopped is None
    import os

    fds = os.pipe()
    with pytest.raises(ValueError):
        box.run(spec("print(1)"), stdio=fds)  # not an interactive spec: refused, fds closed
    for fd in fds:
        with pytest.raises(OSError):
            os.fstat(fd)


def test_a_helper_started_by_a_thread_outlives_the_thread():
    """The parent-death signal follows the thread that forked the helper: when that thread
    ends, the helper must stay (the judge is alive) and serve the next run."""
    import threading

    box = Sandbox(isolation="basic")
    spec = RunSpec(argv=(sys.executable, "-c", "print('alive')"), limits=Limits(time=2))
    first: list = []
    starter = threading.Thread(target=lambda: first.append(box.run(spec)))  # up and serving
    starter.start()
    starter.join()
    time.sleep(0.2)  # the death signal, if it were obeyed, arrives now
    try:
        assert first[0].stdout == b"alive\n"
        helper = box._proc
        assert helper is not None and helper.poll() is None, "the helper died with its thread"
        result = box.run(spec)
        assert result.stopped is None and result.stdout == b"alive\n", result
        assert box._proc is helper  # the same helper served it, not a replacement
    finally:
        box.close()


def test_the_helper_is_given_the_judges_plan_word_for_word():
    """The helper rebuilds the plan from one argv word instead of probing the machine again."""
    from judge.core.errors import JudgeError
    from judge.sandbox.layers import LEVELS as ALL_LEVELS
    from judge.sandbox.layers import Plan, plan_isolation

    plans = [
        Plan("basic", None, None, False, ("helper", "session")),
        Plan("strict", "bwrap", "v2", True, ("helper", "netns", "cgroup", "uid")),
        Plan("standard", "unshare", None, False, ()),
    ]
    for level in ALL_LEVELS:
        try:
            plans.append(plan_isolation(level))
        except JudgeError:
            pass  # strict where the root layers are missing
    for plan in plans:
        assert Plan.from_arg(plan.to_arg()) == plan


def test_wait_or_kill_returns_when_the_process_ends_and_kills_one_that_does_not():
    import subprocess

    from judge.sandbox import linux

    quick = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    start = time.monotonic()
    linux.wait_or_kill(quick, timeout=10)
    assert quick.returncode == 0 and time.monotonic() - start < 5
    stuck = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    start = time.monotonic()
    linux.wait_or_kill(stuck, timeout=0.5)
    assert stuck.returncode == -9 and 0.4 < time.monotonic() - start < 10


def test_a_helper_that_cannot_start_is_an_internal_error_not_the_students_fault(tmp_path):
    """Before, a helper that died while booting was reported as a run that killed it (SV)."""
    from judge.sandbox import STOP_SANDBOX_FAILED

    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\necho 'boom: this interpreter cannot start the helper' >&2\nexit 1\n")
    broken.chmod(0o755)
    with Sandbox(python=str(broken), isolation="basic") as b:
        r = b.run(spec("print(1)"))
        assert r.stopped == STOP_SANDBOX_FAILED
        assert b"did not start" in r.stderr and b"boom: this interpreter" in r.stderr
        again = b.run(spec("print(1)"))  # and it tries again, cleanly, on the next run
        assert again.stopped == STOP_SANDBOX_FAILED


def _slot_cgroups() -> set[Path]:
    from judge.sandbox.cgroups import GROUP, V1_ROOT, V2_ROOT
    from judge.sandbox.layers import capabilities

    kind = capabilities().cgroup
    parents = [V2_ROOT / GROUP] if kind == "v2" else [V1_ROOT / c / GROUP for c in ("memory", "pids")]
    return {d for p in parents if p.exists() for d in p.iterdir() if d.is_dir() and d.name.startswith("slot")}


def test_no_cgroup_outlives_its_judge_and_dead_judges_leftovers_are_swept(tmp_path):
    """Every `judge check` left the cgroup of the helper it started ahead and never used
    (killed at close, before it could remove it): 1,700 empty cgroups after a day of tests."""
    import os
    import subprocess

    from tests.conftest import ROOT, make_problem

    if _strict_available() is not None:
        pytest.skip(f"strict isolation unavailable: {_strict_available()}")
    from judge.sandbox.cgroups import GROUP, V1_ROOT, V2_ROOT, slot_name
    from judge.sandbox.layers import capabilities

    kind = capabilities().cgroup
    parents = [V2_ROOT / GROUP] if kind == "v2" else [V1_ROOT / c / GROUP for c in ("memory", "pids")]
    dead = subprocess.Popen(["true"])
    dead.wait()  # a pid that no longer runs: a judge killed with its helpers
    stale = [p / slot_name(0, dead.pid, "0badc0ffee00") for p in parents]
    live = [p / slot_name(0, os.getpid(), "0badc0ffee01") for p in parents]  # a judge that still runs
    for d in stale + live:
        d.mkdir(parents=True)
    try:
        prob = make_problem(tmp_path)
        sol = tmp_path / "sol.py"
        sol.write_text("print(input())\n")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen(
            [sys.executable, "-m", "judge", "check", str(prob), str(sol), "--isolation", "strict"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        mine = [d for d in _slot_cgroups() if f"-{proc.pid}-" in d.name]
        assert not mine, f"left behind by the judge: {mine}"
        assert not any(d.exists() for d in stale), "a dead judge's empty cgroup was not swept"
        assert all(d.exists() for d in live), "a running judge's cgroup was swept"
    finally:
        for d in stale + live:
            if d.exists():
                d.rmdir()


def test_the_helpers_dependencies_are_in_its_view_wherever_they_are_installed(tmp_path):
    """psutil outside the interpreter's prefix (`pip install --user`, PYTHONPATH): the helper,
    inside bubblewrap's file-system view, could not import it and every run was IE."""
    import importlib.util
    import os
    import shutil
    import subprocess

    from tests.conftest import ROOT, make_problem

    if _strict_available() is not None:
        pytest.skip(f"strict isolation unavailable: {_strict_available()}")
    venv = tmp_path / "bare-venv"  # an interpreter with no site-packages of its own
    subprocess.run(
        [getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(venv)],
        check=True,
        capture_output=True,
    )
    deps = tmp_path / "deps"
    deps.mkdir()
    for name in ("click", "yaml", "_yaml", "psutil"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            shutil.copytree(list(spec.submodule_search_locations)[0], deps / name)
    prob = make_problem(tmp_path)
    sol = tmp_path / "sol.py"
    sol.write_text("print(input())\n")
    env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{deps}")
    r = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "judge", "check", str(prob), str(sol), "--isolation", "strict"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_helper_that_crashes_on_a_run_is_an_internal_error_with_its_traceback():
    """A bug of the judge's (here a spec with text where bytes belong) crashes the helper:
    IE with the traceback, not SV as if the solution had killed it."""
    from judge.sandbox import STOP_SANDBOX_FAILED

    bad = RunSpec(argv=(sys.executable, "sol.py"), limits=Limits(), files=(("sol.py", "print(1)"),))  # type: ignore[arg-type]
    with Sandbox(isolation="basic") as b:
        r = b.run(bad)
        assert r.stopped == STOP_SANDBOX_FAILED, r
        assert b"the sandbox helper crashed" in r.stderr and b"TypeError" in r.stderr
        assert b.run(spec("print(2)")).stdout == b"2\n"  # a new helper serves the next run


def test_a_canceller_stops_its_own_run_and_never_a_later_one(box):
    import threading

    from judge.sandbox import STOP_CANCELLED

    sleeper = spec("import time; time.sleep(30)", time=5, wall_time=20)
    cancel = box.canceller()
    threading.Timer(0.3, cancel).start()
    started = time.monotonic()
    r = box.run(sleeper)
    assert r.stopped == STOP_CANCELLED and time.monotonic() - started < 10, r
    cancel()  # its run is over: this must not reach the next one
    assert box.run(spec("print(1)")).stdout == b"1\n"
    early = box.canceller()
    early()  # before its run began: the run is stopped as soon as it starts
    assert box.run(sleeper).stopped == STOP_CANCELLED
    assert box.run(spec("print(2)")).stdout == b"2\n"


def test_a_canceller_whose_run_never_reached_the_helper_reaches_no_other(tmp_path):
    """run() that returns before sending (its helper could not start) still ends its
    canceller's claim: a late cancel must not stop the next, unrelated run."""
    from judge.sandbox import STOP_SANDBOX_FAILED

    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    with Sandbox(python=str(broken), isolation="basic") as b:
        cancel = b.canceller()
        assert b.run(spec("print(1)")).stopped == STOP_SANDBOX_FAILED
        b.python = sys.executable  # the next helper can start
        cancel()
        assert b.run(spec("import time; time.sleep(0.5); print(2)")).stdout == b"2\n"


def test_the_wipe_after_a_run_keeps_the_views_skeleton_and_removes_the_rest(tmp_path):
    """The view's own folders in /tmp (those leading to a read-only bind, e.g. a venv under
    /tmp) stay; whatever a run left, in them or beside them, goes."""
    from judge.sandbox.helper import _wipe_private_dirs

    (tmp_path / "venv" / "lib").mkdir(parents=True)
    keep = frozenset({str(tmp_path / "venv"), str(tmp_path / "venv" / "lib")})
    (tmp_path / "venv" / "planted.py").write_text("x")
    (tmp_path / "venv" / "lib" / "planted").mkdir()
    (tmp_path / "left.txt").write_text("x")
    (tmp_path / "dir" / "sub").mkdir(parents=True)
    os.symlink("/etc", tmp_path / "link")
    _wipe_private_dirs(keep, (str(tmp_path),))
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["venv", "venv/lib"]
    assert os.path.exists("/etc/passwd")


def test_two_judges_on_one_machine_never_share_a_uid():
    """Every judge numbers its slots from 0: two judges at once (two terminals, a CI runner's
    parallel jobs, this suite's workers) ran their solutions under one uid, free to signal each
    other's runs and sharing one process count. Each helper now leases its uid."""
    if _strict_available() is not None:
        pytest.skip(f"strict isolation unavailable: {_strict_available()}")
    from judge.sandbox.uids import uid_range

    probe = spec("import os\nprint(os.getuid())")
    with Sandbox(isolation="strict", slot=0) as first, Sandbox(isolation="strict", slot=0) as second:
        uids = [int(box.run(probe).stdout) for box in (first, second)]
        assert uids[0] != uids[1] and set(uids) <= set(uid_range()), uids
        again = int(first.run(probe).stdout)  # a helper keeps its uid for as long as it lives
        assert again == uids[0]
    with Sandbox(isolation="strict", slot=0) as third:  # and gives it back when closed
        assert int(third.run(probe).stdout) == uids[0]


def test_a_bad_uid_base_is_one_clear_line(monkeypatch):
    from judge.core.errors import JudgeError
    from judge.sandbox.uids import uid_range

    for bad in ("6100O", "0", "-5"):
        monkeypatch.setenv("JUDGE_UID_BASE", bad)
        with pytest.raises(JudgeError, match="JUDGE_UID_BASE"):
            uid_range()
