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
        a, b = rng.randint(-10**9, 10**9), rng.randint(-10**9, 10**9)
        extra = " ".join(str(rng.randint(0, 10**6)) for _ in range(3000)) if solution == "realistic" else ""
        (prob / "tests" / kind / f"{i:02d}.in").write_text(f"{a} {b}\n{extra}\n")
        (prob / "tests" / kind / f"{i:02d}.ans").write_text(f"{a + b}\n")
    sol = root / "sol.py"
    sol.write_text(SOLUTIONS[solution])
    return prob, sol


def time_cmd(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0,):
        raise SystemExit(f"{argv[:3]} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed


def alternate(commands: dict[str, list[str]], rounds: int, cwd: Path) -> dict[str, list[float]]:
    """Each command once to warm the page cache, then all of them in turn, `rounds` times."""
    for cmd in commands.values():
        time_cmd(cmd, cwd)
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(rounds):
        for key, cmd in commands.items():
            times[key].append(time_cmd(cmd, cwd))
    return times


def report(times: dict[str, list[float]], modes: list[str], n: int) -> None:
    """The bare loop's per-test time, then each mode's whole and marginal per-test cost
    (modes are timed with N tests under their name and with 4N under name + "@4N")."""
    bare = statistics.median(times["bare"]) / n
    print(f"bare loop:   {bare * 1000:6.2f} ms per test")
    for m in modes:
        whole = statistics.median(times[m]) / n
        marginal = statistics.median(b - a for a, b in zip(times[m], times[m + "@4N"])) / (3 * n)
        print(f"{m + ':':<12} whole {whole * 1000:6.2f} ms per test ({whole / bare:.2f} x bare), "
              f"marginal {marginal * 1000:6.2f} ms per test ({marginal / bare:.2f} x bare)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tests", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--solution", choices=sorted(SOLUTIONS), default="trivial")
    ap.add_argument("--modes", default="zygote,fresh", help="judge modes to time: zygote, fresh")
    ap.add_argument("--judge-args", default="", help="extra arguments for judge check")
    args = ap.parse_args()
    py = sys.executable
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    for m in modes:
        if m not in ("zygote", "fresh"):
            raise SystemExit(f"--modes: unknown mode {m!r}")
    root = Path(tempfile.mkdtemp(prefix="judge-bench-"))
    try:
        small = root / "small"
        large = root / "large"
        prob, sol = make_problem(small, args.tests, args.solution)
        prob4, _ = make_problem(large, 4 * args.tests, args.solution)
        ins = sorted(prob.glob("tests/*/*.in"))
        out = root / "out"
        out.mkdir()
        loop = "; ".join(f"{py} {sol} < {p} > {out / (p.parent.name + p.stem)}.out" for p in ins)
        commands: dict[str, list[str]] = {"bare": ["bash", "-c", loop]}
        for m in modes:
            extra = args.judge_args.split() + (["--no-zygote"] if m == "fresh" else [])
            commands[m] = [py, "-m", "judge", "check", str(prob), str(sol), *extra]
            commands[m + "@4N"] = [py, "-m", "judge", "check", str(prob4), str(sol), *extra]
        times = alternate(commands, args.rounds, root)
        n = args.tests
        print(f"python:      {py} ({sys.version.split()[0]}), {os.cpu_count()} cores")
        print(f"tests:       {n} and {4 * n} ({args.solution} solution), rounds: {args.rounds}"
              + (f", judge args: {args.judge_args}" if args.judge_args else ""))
        report(times, modes, n)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
