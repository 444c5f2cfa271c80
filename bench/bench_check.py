#!/usr/bin/env python3
"""Per-test cost of `judge check` against a bare `python3 sol.py < in > out` loop.

Makes a problem with N tests (A+B), then times, side by side and alternating:
  bare:  bash -c 'for t in tests; do PY sol.py < t.in > t.out; done'
  judge: judge check PROBLEM sol.py   (startup, sandbox, checking and reporting included)
with the same interpreter (the one running this script). Prints medians and the ratio.

    python bench/bench_check.py [--tests 20] [--rounds 7] [--solution trivial|realistic]
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tests", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--solution", choices=sorted(SOLUTIONS), default="trivial")
    ap.add_argument("--judge-args", default="", help="extra arguments for judge check")
    args = ap.parse_args()
    py = sys.executable
    root = Path(tempfile.mkdtemp(prefix="judge-bench-"))
    try:
        prob, sol = make_problem(root, args.tests, args.solution)
        ins = sorted(prob.glob("tests/*/*.in"))
        out = root / "out"
        out.mkdir()
        loop = "; ".join(f"{py} {sol} < {p} > {out / (p.parent.name + p.stem)}.out" for p in ins)
        bare_cmd = ["bash", "-c", loop]
        judge_cmd = [py, "-m", "judge", "check", str(prob), str(sol), *args.judge_args.split()]
        time_cmd(judge_cmd, root)  # warm the page cache
        bare, judge = [], []
        for _ in range(args.rounds):
            bare.append(time_cmd(bare_cmd, root))
            judge.append(time_cmd(judge_cmd, root))
        b, j = statistics.median(bare), statistics.median(judge)
        print(f"python:      {py} ({sys.version.split()[0]})")
        print(f"tests:       {args.tests} ({args.solution} solution), rounds: {args.rounds}")
        print(f"bare loop:   {b * 1000:7.1f} ms total, {b / args.tests * 1000:6.2f} ms per test")
        print(f"judge check: {j * 1000:7.1f} ms total, {j / args.tests * 1000:6.2f} ms per test")
        print(f"ratio:       {j / b:.2f} (judge / bare)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
