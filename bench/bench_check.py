#!/usr/bin/env python3
"""Per-test cost of `judge check` against a bare `python3 sol.py < in > out` loop.

Makes an A+B problem with N tests and another with 4N, then times, side by side and
alternating, round after round:
  bare:    bash -c 'for t in tests; do PY sol.py < t.in > t.out; done'   (N tests)
  zygote:  judge check PROBLEM sol.py               (runs forked from a warm interpreter)
  fresh:   judge check PROBLEM sol.py --no-zygote   (a fresh interpreter per run)
with the same interpreter (the one running this script). For each judge mode it prints
  whole:    the whole command (start-up, problem loading, sandbox, checking, report) / N
  marginal: (time with 4N tests - time with N tests) / 3N, the cost of one more test
and both as a ratio to the bare loop's per-test time. Medians over the rounds.

    python bench/bench_check.py [--tests 20] [--rounds 7] [--solution trivial|realistic]
                                [--modes zygote,fresh] [--judge-args "--isolation basic"]
    python bench/bench_check.py --setups all     # every isolation setup side by side:
        strict (root, the kernel's namespaces), strict-bwrap (root in bubblewrap), rootless
        (uid 65534: bubblewrap in a user namespace or the base layer), basic, portable
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SOLUTIONS = {
    "trivial": "a, b = map(int, input().split())\nprint(a + b)\n",
    # A realistic one: reads a few thousand numbers, sorts, prints a summary.
    "realistic": (
        "import sys\n"
        "data = sys.stdin.read().split()\n"
        "a, b = int(data[0]), int(data[1])\n"
        "xs = sorted(int(x) for x in data[2:])\n"
        "print(a + b)\n"
    ),
}


def make_problem(root: Path, tests: int, solution: str) -> tuple[Path, Path]:
    rng = random.Random(1)
    prob = root / "aplusb"
    for kind in ("sample", "secret"):
        (prob / "tests" / kind).mkdir(parents=True)
    (prob / "problem.yaml").write_text("title: {en: A+B}\nlimits: {time: 1s, memory: 256MiB}\n")
    for i in range(1, tests + 1):
        kind = "sample" if i <= 2 else "secret"
        a, b = rng.randint(-(10**9), 10**9), rng.randint(-(10**9), 10**9)
        extra = " ".join(str(rng.randint(0, 10**6)) for _ in range(3000)) if solution == "realistic" else ""
        (prob / "tests" / kind / f"{i:02d}.in").write_text(f"{a} {b}\n{extra}\n")
        (prob / "tests" / kind / f"{i:02d}.ans").write_text(f"{a + b}\n")
    sol = root / "sol.py"
    sol.write_text(SOLUTIONS[solution])
    return prob, sol


def time_cmd(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0,):
        raise SystemExit(f"{argv[:3]} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed


def alternate(
    commands: dict[str, tuple[list[str], dict[str, str] | None]], rounds: int, cwd: Path
) -> dict[str, list[float]]:
    """Each command once to warm the page cache, then all of them in turn, `rounds` times."""
    for cmd, env in commands.values():
        time_cmd(cmd, cwd, env)
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(rounds):
        for key, (cmd, env) in commands.items():
            times[key].append(time_cmd(cmd, cwd, env))
    return times


def report(times: dict[str, list[float]], modes: list[str], n: int, bare_key: str = "bare") -> None:
    """The bare loop's per-test time, then each mode's whole and marginal per-test cost
    (modes are timed with N tests under their name and with 4N under name + "@4N")."""
    bare = statistics.median(times[bare_key]) / n
    print(f"{bare_key + ' loop:':<12} {bare * 1000:6.2f} ms per test")
    for m in modes:
        whole = statistics.median(times[m]) / n
        marginal = statistics.median(b - a for a, b in zip(times[m], times[m + "@4N"])) / (3 * n)
        print(
            f"{m + ':':<20} whole {whole * 1000:6.2f} ms per test ({whole / bare:.2f} x bare), "
            f"marginal {marginal * 1000:6.2f} ms per test ({marginal / bare:.2f} x bare)"
        )


@dataclass(frozen=True)
class Setup:
    """One way the judge may run here: its arguments, environment and user."""

    name: str
    args: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    nobody: bool = False  # run as uid 65534 (rootless), with the system's Python
    modes: tuple[str, ...] = ("zygote", "fresh")
    needs: str = ""  # a command that must be on PATH


SETUPS = {
    # root: the kernel's own namespaces and view, no tool (the default as root)
    "strict": Setup("strict", ("--isolation", "strict"), (("JUDGE_NAMESPACES", "native"),)),
    # root inside bubblewrap (JUDGE_NAMESPACES=bwrap)
    "strict-bwrap": Setup("strict-bwrap", ("--isolation", "strict"), (("JUDGE_NAMESPACES", "bwrap"),), needs="bwrap"),
    # an ordinary user: bubblewrap in a user namespace where allowed, else the base layer
    "rootless": Setup("rootless", (), nobody=True, needs="setpriv"),
    "basic": Setup("basic", ("--isolation", "basic")),
    # subprocess + psutil, as on Windows and macOS (no fork: no warm interpreter)
    "portable": Setup("portable", ("--isolation", "portable"), modes=("zygote",)),
}
NOBODY = 65534


def nobody_python() -> str | None:
    """A Python of our version that uid 65534 can run (ours may live under /root)."""
    version = "%d.%d" % sys.version_info[:2]
    for python in (f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"):
        if os.path.exists(python):
            return python
    return None


def runner(setup: Setup, root: Path) -> tuple[list[str], dict[str, str]] | None:
    """The argv prefix and environment that run Python for a setup, or None if it cannot
    run here."""
    if setup.needs and shutil.which(setup.needs) is None:
        return None
    env = dict(os.environ, **dict(setup.env))
    if not setup.nobody:
        return [sys.executable], env
    python = nobody_python()
    if python is None or os.geteuid() != 0:
        return None
    # The judge from this checkout, its dependencies from this interpreter's site-packages
    # (both must be readable by others), a cache folder it may write.
    site = [p for p in sys.path if p.endswith("site-packages")]
    env.update(
        PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parents[1]), *site]),
        HOME=str(root),
        JUDGE_CACHE_DIR=str(root / "cache-nobody"),
    )
    (root / "cache-nobody").mkdir(exist_ok=True)
    os.chmod(root / "cache-nobody", 0o777)
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--", python], env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tests", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--solution", choices=sorted(SOLUTIONS), default="trivial")
    ap.add_argument("--modes", default="zygote,fresh", help="judge modes to time: zygote, fresh")
    ap.add_argument("--judge-args", default="", help="extra arguments for judge check")
    ap.add_argument(
        "--setups",
        default="",
        help=f"time these isolation setups side by side instead: {', '.join(SETUPS)} "
        "or `all` (those that cannot run here are said and left out)",
    )
    args = ap.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    for m in modes:
        if m not in ("zygote", "fresh"):
            raise SystemExit(f"--modes: unknown mode {m!r}")
    if args.setups:
        names = list(SETUPS) if args.setups == "all" else [s.strip() for s in args.setups.split(",")]
        unknown = [n for n in names if n not in SETUPS]
        if unknown:
            raise SystemExit(f"--setups: unknown {', '.join(unknown)}")
        setups = [SETUPS[n] for n in names]
    else:
        setups = [Setup("", tuple(args.judge_args.split()), modes=tuple(modes))]
    root = Path(tempfile.mkdtemp(prefix="judge-bench-"))
    os.chmod(root, 0o755)  # the rootless setup reads it as uid 65534
    try:
        small = root / "small"
        large = root / "large"
        prob, sol = make_problem(small, args.tests, args.solution)
        prob4, _ = make_problem(large, 4 * args.tests, args.solution)
        for path in [root, *root.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        ins = sorted(prob.glob("tests/*/*.in"))
        out = root / "out"
        out.mkdir(mode=0o777)
        os.chmod(out, 0o777)
        commands: dict[str, tuple[list[str], dict[str, str]]] = {}
        bare_of: dict[str, str] = {}
        for setup in setups:
            found = runner(setup, root)
            if found is None:
                print(f"{setup.name}: cannot run here (needs {setup.needs or 'root and a system Python'})")
                continue
            prefix, env = found
            bare = "bare" + ("-nobody" if setup.nobody else "")
            if bare not in commands:
                py = " ".join(prefix)
                loop = "; ".join(f"{py} {sol} < {p} > {out / (p.parent.name + p.stem)}.out" for p in ins)
                commands[bare] = (["bash", "-c", loop], env)
            bare_of[setup.name] = bare
            for m in setup.modes:
                extra = [*setup.args] + (["--no-zygote"] if m == "fresh" else [])
                key = f"{setup.name}:{m}" if setup.name else m
                commands[key] = ([*prefix, "-m", "judge", "check", str(prob), str(sol), *extra], env)
                commands[key + "@4N"] = ([*prefix, "-m", "judge", "check", str(prob4), str(sol), *extra], env)
        times = alternate(commands, args.rounds, root)
        n = args.tests
        print(f"python:      {sys.executable} ({sys.version.split()[0]}), {os.cpu_count()} cores")
        print(
            f"tests:       {n} and {4 * n} ({args.solution} solution), rounds: {args.rounds}"
            + (f", judge args: {args.judge_args}" if args.judge_args else "")
        )
        for setup in setups:
            if setup.name not in bare_of:
                continue
            keys = [f"{setup.name}:{m}" if setup.name else m for m in setup.modes]
            report(times, keys, n, bare_key=bare_of[setup.name])
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
