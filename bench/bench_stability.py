#!/usr/bin/env python3
"""Verdict stability of the concurrency exercises: `judge validate` K times in a row.

A concurrency judge is only as good as its worst flake: a reference solution that is RV one
run in twenty, or a racy one that survives by luck, is a wrong grade. This runs the
validation K times (default 20) and prints, per solution, how many runs gave the expected
verdict. Exit 1 if any solution was not stable.

    python bench/bench_stability.py [--runs 20] [--isolation auto] [PROBLEM ...]
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = (
    "threads-counters",
    "threads-daemon",
    "thread-subclass",
    "threads-lock",
    "processes-primes",
    "processes-lock",
    "asyncio-gather",
    "queue-pipeline",
    "philosophers",
)
LINE = re.compile(r"^(ok  |FAIL) (\S+): expected (\w+), got (\w+)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("problems", nargs="*")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--isolation", default="auto")
    args = ap.parse_args()
    problems = args.problems or [p for p in CONCURRENCY if (ROOT / "problems" / p).is_dir()]
    seen: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    expected: dict[str, str] = {}
    start = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for i in range(args.runs):
        proc = subprocess.run(
            [sys.executable, "-m", "judge", "validate", "-q", "--isolation", args.isolation, *problems],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        for line in proc.stdout.splitlines():
            m = LINE.match(line)
            if m:
                _, sol, want, got = m.groups()
                expected[sol] = want
                seen[sol][got] += 1
        print(f"run {i + 1}/{args.runs}: exit {proc.returncode}", file=sys.stderr)
    unstable = 0
    for sol in sorted(seen):
        good = seen[sol][expected[sol]]
        mark = "stable  " if good == args.runs else "UNSTABLE"
        unstable += good != args.runs
        other = ", ".join(f"{v} x{n}" for v, n in seen[sol].items() if v != expected[sol])
        print(f"{mark} {sol}: {good}/{args.runs} {expected[sol]}" + (f" (also {other})" if other else ""))
    print(f"{len(seen)} solutions x {args.runs} runs in {time.perf_counter() - start:.0f} s; {unstable} unstable")
    return 1 if unstable else 0


if __name__ == "__main__":
    sys.exit(main())
