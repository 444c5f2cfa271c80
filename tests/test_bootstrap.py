"""The Python bootstrap observes concurrency without changing what a program prints."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest

from judge.core.limits import Limits
from judge.grading.observe import observe
from judge.sandbox import RunSpec, Sandbox

BOOTSTRAP = str(Path(__file__).resolve().parents[1] / "judge" / "sandbox" / "bootstrap.py")

PROGRAMS = {
    "thread_pool": """
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=3) as pool:
            print(sorted(pool.map(lambda x: x * x, range(6))))
    """,
    "process_pool": """
        from concurrent.futures import ProcessPoolExecutor
        def sq(x):
            return x * x
        if __name__ == "__main__":
            with ProcessPoolExecutor(max_workers=2) as pool:
                print(list(pool.map(sq, range(5))))
    """,
    "queue_condition": """
        import queue, threading
        q = queue.Queue()
        cond = threading.Condition()
        done = []
        def consumer():
            while (item := q.get()) is not None:
                with cond:
                    done.append(item)
                    cond.notify_all()
        t = threading.Thread(target=consumer)
        t.start()
        for i in range(5):
            q.put(i)
        q.put(None)
        t.join()
        print(done)
    """,
    "rlock_event_semaphore": """
        import threading
        r = threading.RLock()
        with r:
            with r:
                print("reentrant")
        e = threading.Event(); e.set(); print(e.is_set())
        s = threading.Semaphore(2)
        with s:
            print("semaphore")
    """,
    "asyncio_gather": """
        import asyncio
        async def f(i):
            await asyncio.sleep(0.01 * i)
            return i
        async def main():
            return await asyncio.gather(*(f(i) for i in range(4)))
        print(asyncio.run(main()))
    """,
    "mp_value_lock": """
        import multiprocessing as mp
        def add(v, n):
            for _ in range(n):
                with v.get_lock():
                    v.value += 1
        if __name__ == "__main__":
            v = mp.Value("i", 0)
            ps = [mp.Process(target=add, args=(v, 200)) for _ in range(3)]
            for p in ps: p.start()
            for p in ps: p.join()
            print(v.value)
    """,
    "dunder_main_and_argv": """
        import sys
        print(__name__, len(sys.argv), sys.argv[0].endswith("sol.py"))
    """,
    "exit_code": """
        import sys
        print("bye")
        sys.exit(4)
    """,
}


@pytest.fixture(scope="module")
def box():
    with Sandbox(isolation="basic") as b:
        yield b


def _spec(code: str, observe: bool) -> RunSpec:
    argv = (sys.executable, BOOTSTRAP, "sol.py") if observe else (sys.executable, "sol.py")
    return RunSpec(
        argv=argv,
        limits=Limits(time=10, wall_time=30),
        observe=observe,
        files=(("sol.py", textwrap.dedent(code).encode()),),
    )


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_same_output_with_and_without_the_bootstrap(box, name):
    plain = box.run(_spec(PROGRAMS[name], observe=False))
    watched = box.run(_spec(PROGRAMS[name], observe=True))
    assert watched.stdout == plain.stdout
    assert watched.exit_code == plain.exit_code
    assert b"Error" not in watched.stderr, watched.stderr.decode()


def test_observes_threads_processes_tasks_and_locks(box):
    obs = observe(
        box.run(
            _spec(
                """
        import threading, asyncio, multiprocessing as mp
        lock = threading.Lock()
        class Worker(threading.Thread):
            def run(self):
                with lock:
                    pass
        ws = [Worker() for _ in range(3)] + [threading.Thread(target=print, args=("t",))]
        for w in ws: w.start()
        for w in ws: w.join()
        async def co():
            await asyncio.sleep(0)
        async def main():
            await asyncio.gather(co(), co())
        asyncio.run(main())
        if __name__ == "__main__":
            p = mp.Process(target=print, args=("p",))
            p.start(); p.join()
    """,
                observe=True,
            )
        )
    )
    assert obs.started
    assert obs.threads_started == 4 and obs.subclass_threads == 3 and obs.target_threads == 1
    assert obs.processes_started == 1
    assert obs.tasks >= 2
    assert "threading" in obs.locks_acquired


def test_library_internal_locks_do_not_count_as_the_students(box):
    obs = observe(
        box.run(
            _spec(
                """
        import multiprocessing as mp
        v = mp.Value("i", 0)   # synchronized: its property takes the lock internally
        v.value += 1
        import queue
        q = queue.Queue(); q.put(1); q.get()
        print(v.value)
    """,
                observe=True,
            )
        )
    )
    assert obs.locks_acquired == set()


def test_spawn_start_method_and_switch_interval(box):
    spec = _spec(
        """
        import multiprocessing as mp, sys
        print(mp.get_start_method(), sys.getswitchinterval())
    """,
        observe=True,
    )
    spec = RunSpec(
        argv=spec.argv,
        limits=spec.limits,
        files=spec.files,
        observe=True,
        env=(("JUDGE_START_METHOD", "spawn"), ("JUDGE_SWITCH_INTERVAL", "1e-06")),
    )
    r = box.run(spec)
    assert r.stdout == b"spawn 1e-06\n"


def test_stack_dump_on_idle_timeout_names_the_blocked_line(box):
    r = box.run(
        RunSpec(
            argv=(sys.executable, BOOTSTRAP, "sol.py"),
            observe=True,
            limits=Limits(time=5, wall_time=1),
            files=(
                (
                    "sol.py",
                    textwrap.dedent("""
                            import threading
                            a, b = threading.Lock(), threading.Lock()
                            def one():
                                with a:
                                    threading.Event().wait(0.1)
                                    with b:
                                        pass
                            def two():
                                with b:
                                    threading.Event().wait(0.1)
                                    with a:
                                        pass
                            ts = [threading.Thread(target=one), threading.Thread(target=two)]
                            for t in ts: t.start()
                            for t in ts: t.join()
                        """).encode(),
                ),
            ),
        )
    )
    assert r.stopped == "wall_limit"
    assert 'sol.py", line 7' in r.stack_dump and 'sol.py", line 12' in r.stack_dump


def test_nothing_in_the_bootstraps_folder_shadows_the_standard_library():
    """bootstrap.py runs with judge/sandbox/ as sys.path[0]. A judge/sandbox/types.py there
    was imported as the standard `types` wherever site had not imported the real one first
    (a system Python, a venv without .pth files): every observed run and the zygote crashed."""
    folder = Path(BOOTSTRAP).parent
    shadows = sorted(p.stem for p in folder.glob("*.py") if p.stem in sys.stdlib_module_names)
    assert not shadows, f"judge/sandbox/ shadows the standard library: {shadows}"


def test_the_bootstrap_and_the_zygote_work_without_site(box):
    """`python -S`: nothing of the standard library is imported before the bootstrap's own."""
    code = "import threading, enum\nt = threading.Thread(target=print, args=('ok',)); t.start(); t.join()\n"
    run = box.run(
        RunSpec(
            argv=(sys.executable, "-S", BOOTSTRAP, "sol.py"),
            limits=Limits(time=10, wall_time=30),
            observe=True,
            files=(("sol.py", code.encode()),),
        )
    )
    assert run.exit_code == 0 and run.stdout == b"ok\n", run.stderr.decode()
    import socket
    import subprocess

    parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    zygote = subprocess.Popen(
        [sys.executable, "-S", BOOTSTRAP, "--zygote", str(child.fileno())],
        pass_fds=(child.fileno(),),
        stderr=subprocess.PIPE,
        cwd="/",
    )
    child.close()
    try:
        parent.settimeout(5)
        parent.close()  # no work: a healthy zygote exits 0 at EOF
        _, err = zygote.communicate(timeout=10)
        assert zygote.returncode == 0, err.decode()
    finally:
        if zygote.poll() is None:
            zygote.kill()


def test_events_go_to_the_file_named_by_judge_events_path(tmp_path):
    """The file channel (sandboxes that cannot pass fd 3): every process appends whole lines,
    the solution does not see the variable, and the SIGUSR1 stack dump goes there too."""
    import json
    import subprocess

    events = tmp_path / "events.jsonl"
    (tmp_path / "sol.py").write_text(
        textwrap.dedent("""
        import os, signal, threading
        print("JUDGE_EVENTS_PATH" in os.environ)
        ts = [threading.Thread(target=lambda: None) for _ in range(20)]
        for t in ts: t.start()
        for t in ts: t.join()
        pid = os.fork()
        if pid == 0:
            threading.Thread(target=lambda: None).start()
            os._exit(0)
        os.waitpid(pid, 0)
        os.kill(os.getpid(), signal.SIGUSR1)
    """)
    )
    env = {"PATH": "/usr/bin:/bin", "JUDGE_EVENTS_PATH": str(events)}
    run = subprocess.run([sys.executable, BOOTSTRAP, "sol.py"], cwd=tmp_path, env=env, capture_output=True, timeout=30)
    assert run.returncode == 0 and run.stdout == b"False\n", run.stderr.decode()
    lines = events.read_bytes().splitlines()
    parsed = [json.loads(line) for line in lines if line.startswith(b"{")]
    assert sum(e["e"] == "thread" for e in parsed) == 21
    assert len({e["pid"] for e in parsed if e["e"] == "thread"}) == 2
    assert any(e["e"] == "fork" for e in parsed)
    assert b'sol.py", line 12' in events.read_bytes()  # the stack dump


CHILD_WORK = """
    import multiprocessing as mp, threading
    def work(lock, q):
        with lock:
            pass
        t = threading.Thread(target=print, args=("thread",)); t.start(); t.join()
        q.put(1)
        q.get()
        p = mp.Process(target=print, args=("grandchild",)); p.start(); p.join()
    if __name__ == "__main__":
        lock, q = mp.Lock(), mp.Queue()
        p = mp.Process(target=work, args=(lock, q)); p.start(); p.join()
        print(mp.get_start_method(), p.exitcode)
"""


@pytest.fixture(scope="module")
def warm_box():
    with Sandbox(isolation="basic", zygote=True) as b:
        yield b


@pytest.mark.parametrize("zygote", [True, False], ids=["warm", "fresh"])
@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_a_childs_lock_process_thread_and_queue_arrive_as_events(warm_box, method, zygote):
    """Under spawn and forkserver the child is a new interpreter: it loads the bootstrap's
    hooks from its command line and writes to the same channel, with its own pid."""
    import json

    spec = _spec(CHILD_WORK, observe=True)
    run = warm_box.run(
        RunSpec(
            argv=spec.argv,
            limits=spec.limits,
            files=spec.files,
            observe=True,
            zygote=zygote,
            env=(("JUDGE_START_METHOD", method),),
        )
    )
    assert run.exit_code == 0, run.stderr.decode()
    assert run.warm == zygote
    assert sorted(run.stdout.split(b"\n")) == sorted([b"thread", b"grandchild", f"{method} 0".encode(), b""])
    events = [json.loads(line) for line in run.observations.splitlines() if line.startswith(b"{")]
    start = next(e for e in events if e["e"] == "start")
    main = start["pid"]
    child = {e["e"] for e in events if e["pid"] != main and e["e"] != "lock_created"}
    assert {"lock_acquired", "thread", "queue", "process"} <= child, events
    obs = observe(run)
    # What the main process waited for a CPU before the solution's first line (schedstat):
    # no excuse for a "not concurrent" verdict (judge/grading/remeasure.py).
    if os.path.exists("/proc/self/schedstat"):
        assert isinstance(start["waited"], int) and start["waited"] >= 0, start
        assert obs.startup_wait == start["waited"] / 1e9
    assert obs.processes_started == 2 and obs.threads_started >= 2
    assert obs.locks_acquired == {"multiprocessing"}
    assert {"multiprocessing.put", "multiprocessing.get"} <= obs.queue_ops


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_the_file_channel_reaches_the_interpreters_multiprocessing_starts(tmp_path, method):
    """No fd to pass (Windows, macOS): the child gets the file's path on its command line."""
    import json
    import subprocess

    events = tmp_path / "events.jsonl"
    (tmp_path / "sol.py").write_text(textwrap.dedent(CHILD_WORK))
    env = {"PATH": "/usr/bin:/bin", "JUDGE_EVENTS_PATH": str(events), "JUDGE_START_METHOD": method}
    run = subprocess.run(
        [sys.executable, BOOTSTRAP, "sol.py"], cwd=tmp_path, env=env, capture_output=True, timeout=30, pass_fds=()
    )
    assert run.returncode == 0, run.stderr.decode()
    parsed = [json.loads(line) for line in events.read_bytes().splitlines() if line.startswith(b"{")]
    main = next(e["pid"] for e in parsed if e["e"] == "start")
    assert {"lock_acquired", "thread", "queue", "process"} <= {e["e"] for e in parsed if e["pid"] != main}
