#!/usr/bin/env python3
"""Start-up time of the command line: `judge --help` and `judge problems`.

Each command runs --runs times (after one warm-up run that fills the page cache and writes
the bytecode caches); prints the median and the spread, next to a bare `python -c pass` with
the same interpreter (the floor no Python command line can go under). With --importtime it
also prints the ten slowest imports of each command (python -X importtime).

    python bench/bench_cli.py [--runs 15] [--importtime]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 0.150  # seconds, median (the speed issue's target)


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()[-400:]}")
    return elapsed


def slowest_imports(argv: list[str], count: int = 10) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *argv[1:]],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    rows.sort(reverse=True)
    return [f"{us / 1000:7.1f} ms {name}" for us, name in rows[:count]]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--importtime", action="store_true")
    args = ap.parse_args()
    env_note = (
        "PYTHONDONTWRITEBYTECODE is set: imports compile every time"
        if os.environ.get("PYTHONDONTWRITEBYTECODE")
        else ""
    )
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "judge --help": [sys.executable, "-m", "judge", "--help"],
        "judge problems": [sys.executable, "-m", "judge", "problems"],
    }
    print(f"python: {sys.executable} ({sys.version.split()[0]}), runs: {args.runs}")
    if env_note:
        print(f"note: {env_note}")
    worst = 0.0
    for name, argv in commands.items():
        timed(argv)
        samples = sorted(timed(argv) for _ in range(args.runs))
        median = statistics.median(samples)
        if name.startswith("judge"):
            worst = max(worst, median)
        print(f"{name:<16} median {median * 1000:6.1f} ms  (min {samples[0] * 1000:.1f}, max {samples[-1] * 1000:.1f})")
        if args.importtime and name.startswith("judge"):
            for row in slowest_imports(argv):
                print("    " + row)
    print(f"target: at most {LIMIT * 1000:.0f} ms median: {'met' if worst <= LIMIT else 'NOT met'}")
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
