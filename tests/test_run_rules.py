"""What the problem package format's packages are written for (issue 23): a work dir the
solution may only read (`runtime.allow_file_writing: false`, the format's default and
DOMjudge's rule), the main thread's stack as the package's judges give it
(`limits.stack: unlimited`, what DOMjudge's runguard and problemtools set), and a run pinned
to its own core (`limits.cores: 1`, as DOMjudge pins each judging).

Each sandbox says whether the work dir was read-only for the run: its isolation lists
`read-only-dir` exactly where the rule held against the run, and nowhere else (root without
an unprivileged uid of its own writes anyway: the layer is then missing, never faked).
"""

from __future__ import annotations

import os
import sys
import textwrap

import pytest

from judge.core.errors import ConfigError
from judge.core.limits import UNLIMITED, Limits
from judge.sandbox.factory import make_sandbox
from judge.sandbox.runspec import PINNED_LAYER, READ_ONLY_LAYER, RunSpec
from tests.conftest import LEVELS, make_problem

WRITER = """\
import os
mine = open(__file__).read()  # its own files stay readable
attempts = {}
for what, act in {
    "create": lambda: open("new.txt", "w").write("x"),
    "change": lambda: open(__file__, "a").write("# more"),
    "delete": lambda: os.remove(__file__),
    "folder": lambda: os.mkdir("sub"),
}.items():
    try:
        act()
        attempts[what] = "done"
    except OSError:
        attempts[what] = "refused"
print(sorted(attempts.items()), len(mine) > 0)
"""
STACK = "import resource\nprint(resource.getrlimit(resource.RLIMIT_STACK)[0])\n"


@pytest.fixture(scope="module", params=[*LEVELS, "portable"])
def box(request):
    with make_sandbox(isolation=request.param) as b:
        yield b


def _run(box, code: str, **spec) -> tuple[str, tuple[str, ...]]:
    r = box.run(
        RunSpec(
            argv=(sys.executable, "sol.py"),
            limits=spec.pop("limits", Limits()),
            files=(("sol.py", code.encode()),),
            **spec,
        )
    )
    assert r.exit_code == 0, r.stderr.decode(errors="replace")
    return r.stdout.decode().strip(), r.isolation


def _enforceable(layers: tuple[str, ...]) -> bool:
    """Where the read-only rule can hold: POSIX, and a run that is not root (its own uid)."""
    return os.name == "posix" and ("uid" in layers or os.geteuid() != 0)


def test_a_read_only_work_dir_refuses_every_write_and_says_so(box):
    out, layers = _run(box, WRITER, read_only_workdir=True)
    refused = "[('change', 'refused'), ('create', 'refused'), ('delete', 'refused'), ('folder', 'refused')] True"
    if _enforceable(layers):
        assert out == refused and READ_ONLY_LAYER in layers, (out, layers)
    else:  # said, never faked: the layer is missing where the writes went through
        assert READ_ONLY_LAYER not in layers and "done" in out, (out, layers)


def test_by_default_the_work_dir_is_the_runs_own(box):
    out, layers = _run(box, WRITER)
    assert out == "[('change', 'done'), ('create', 'done'), ('delete', 'done'), ('folder', 'done')] True"
    assert READ_ONLY_LAYER not in layers


def test_the_stack_limit_is_the_problems_where_rlimits_are_set(box):
    import resource

    own = resource.getrlimit(resource.RLIMIT_STACK)
    unlimited, layers = _run(box, STACK, limits=Limits(stack=UNLIMITED))
    sized, _ = _run(box, STACK, limits=Limits(stack=64 * 1024**2))
    default, _ = _run(box, STACK)
    if "rlimits" not in layers:  # the portable sandbox sets none: the machine's own, said in docs
        assert unlimited == sized == default, (unlimited, sized, default)
        return
    assert int(default) == own[0]
    assert int(sized) == min(64 * 1024**2, own[1] if own[1] != resource.RLIM_INFINITY else 1 << 62)
    assert int(unlimited) == (resource.RLIM_INFINITY if own[1] == resource.RLIM_INFINITY else own[1])


def test_a_c_program_gets_glibcs_thread_stack_under_an_unlimited_stack(box, tmp_path):
    """DOMjudge's multithread example: with RLIMIT_STACK unlimited glibc gives each thread
    2 MiB; under the usual 8 MiB limit, 8 MiB."""
    import shutil
    import subprocess

    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    if "rlimits" not in _run(box, STACK)[1]:
        pytest.skip("the portable sandbox sets no rlimits (docs/PROBLEM_FORMAT.md)")
    src = tmp_path / "t.c"
    src.write_text(
        textwrap.dedent("""\
        #include <pthread.h>
        #include <stdio.h>
        int main(void) {
            pthread_attr_t attr; size_t size;
            pthread_getattr_default_np(&attr);
            pthread_attr_getstacksize(&attr, &size);
            printf("%zu\\n", size);
            return 0;
        }
        """)
    )
    subprocess.run(["gcc", "-O1", "-o", str(tmp_path / "t"), str(src), "-pthread"], check=True)
    binary = (tmp_path / "t").read_bytes()

    def thread_stack(limits: Limits) -> int:
        r = box.run(RunSpec(argv=("./solution",), limits=limits, files=(("solution", binary),)))
        assert r.exit_code == 0, r.stderr
        return int(r.stdout)

    assert thread_stack(Limits(stack=UNLIMITED)) == 2 * 1024**2
    assert thread_stack(Limits(stack=8 * 1024**2)) == 8 * 1024**2


AFFINITY = """\
import os, sys
mine = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
if hasattr(os, "fork"):
    r, w = os.pipe()
    if os.fork() == 0:
        os.write(w, repr(sorted(os.sched_getaffinity(0))).encode())
        os._exit(0)
    os.close(w)
    os.wait()
    child = os.read(r, 100).decode()
else:
    child = repr(mine)
print(mine, child)
"""


def test_a_run_is_pinned_to_its_slots_cores_where_the_system_lets_it(box):
    usable = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    out, layers = _run(box, AFFINITY, limits=Limits(cores=1))
    if "rlimits" not in layers or not usable:  # the portable sandbox: not pinned, and says so
        assert PINNED_LAYER not in layers, layers
        return
    mine, child = out.split("] [")
    # slot 0's core, for the run and the processes it starts
    assert (mine + "]", "[" + child) == (f"[{usable[0]}]", f"[{usable[0]}]"), out
    assert PINNED_LAYER in layers
    free, layers = _run(box, AFFINITY)
    assert free == f"{usable} {usable}" and PINNED_LAYER not in layers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the zygote is Linux-only")
def test_a_run_forked_from_the_zygote_is_pinned_and_read_only_too():
    with make_sandbox(isolation="auto", zygote=True, slot=1) as warm:
        spec = RunSpec(
            argv=(sys.executable, "sol.py"),
            limits=Limits(cores=1, stack=UNLIMITED),
            files=(("sol.py", (AFFINITY + STACK).encode()),),
            zygote=True,
            read_only_workdir=True,
        )
        r = warm.run(spec)
    assert r.exit_code == 0 and r.warm, r.stderr
    usable = sorted(os.sched_getaffinity(0))
    core = usable[1 % len(usable)]
    assert r.stdout.decode().splitlines()[0] == f"[{core}] [{core}]"
    assert PINNED_LAYER in r.isolation
    assert int(r.stdout.decode().splitlines()[1]) == -1  # RLIM_INFINITY: the stack too
    assert (READ_ONLY_LAYER in r.isolation) == _enforceable(r.isolation)


def test_two_slots_get_cores_of_their_own():
    if not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs two cores this process may use")
    from judge.sandbox.runspec import pinned

    spec = RunSpec(argv=("x",), limits=Limits(cores=1))
    sets = {pinned(spec, slot).cpu_set for slot in range(len(os.sched_getaffinity(0)))}
    assert len(sets) == len(os.sched_getaffinity(0)) and all(len(s) == 1 for s in sets)
    assert pinned(RunSpec(argv=("x",), limits=Limits()), 3).cpu_set == ()


def test_problem_yaml_names_a_bad_stack_or_flag_by_its_key(tmp_path):
    from judge.problem import load_problem

    bad = make_problem(tmp_path, "a", "title: {en: A}\nlimits: {stack: lots}\n")
    with pytest.raises(ConfigError, match=r"limits\.stack"):
        load_problem(bad)
    with pytest.raises(ConfigError, match=r"limits\.cores"):
        load_problem(make_problem(tmp_path, "z", "title: {en: Z}\nlimits: {cores: 0}\n"))
    flag = make_problem(tmp_path, "b", "title: {en: B}\nruntime: {allow_file_writing: maybe}\n")
    with pytest.raises(ConfigError, match=r"runtime\.allow_file_writing"):
        load_problem(flag)
    good = load_problem(
        make_problem(
            tmp_path, "c", "title: {en: C}\nlimits: {stack: unlimited}\nruntime: {allow_file_writing: false}\n"
        )
    )
    assert good.limits.stack == UNLIMITED and not good.runtime.allow_file_writing
    assert (
        load_problem(make_problem(tmp_path, "d", "title: {en: D}\nlimits: {stack: 64MiB}\n")).limits.stack
        == 64 * 1024**2
    )
    plain = load_problem(make_problem(tmp_path, "e"))
    assert plain.limits.stack is None and plain.runtime.allow_file_writing
