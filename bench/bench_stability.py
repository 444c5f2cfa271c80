#!/usr/bin/env python3
"""Verdict stability: `judge validate` K times on a quiet machine and K times beside a CPU burner.

A judge is only as good as its worst flake: a reference solution that is RV one run in twenty,
or a racy one that survives by luck, is a wrong grade. This runs the validation K times
(default 10) quietly and, with --burner, K times more beside as many busy processes as cores
(each bounded in time), and prints, per solution, how many runs gave the expected verdict in
each condition and how many flips (runs that did not). Exit 1 if any solution flipped.

    python bench/bench_stability.py --all --runs 10 --burner      # every solution of problems/
    python bench/bench_stability.py [--runs 20] [--isolation auto] [PROBLEM ...]
    python bench/bench_stability.py --burner-only --runs 10    # the concurrency exercises, loaded half
    python bench/bench_stability.py --burner --start-method spawn --no-zygote processes-lock threads-lock
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


BURN_LIMIT = 3600.0  # a burner stops by itself after this many seconds, whatever happens


class Burner:
    """As many busy processes as cores, for the duration of a `with` (and never past BURN_LIMIT)."""

    def __enter__(self) -> Burner:
        code = f"import time\nend = time.time() + {BURN_LIMIT}\nwhile time.time() < end:\n    pass\n"
        self.procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(os.cpu_count() or 1)]
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            proc.kill()
            proc.wait()


def _validate(
    problems: list[str], options: list[str], seen: collections.Counter[tuple[str, str]], expected: dict[str, str]
) -> int:
    proc = subprocess.run(
        [sys.executable, "-m", "judge", "validate", "-q", *options, *problems],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
    )
    for line in proc.stdout.splitlines():
        m = LINE.match(line)
        if m:
            status, sol, want, got = m.groups()
            expected[sol] = want
            # A FAIL with the expected verdict missed its expected hint or message: a flip too.
            seen[(sol, got if status == "ok  " else f"{got} (not as expected)")] += 1
            if status != "ok  ":
                print(f"  flip: {line}", file=sys.stderr)  # as it happens: a long run may be cut short
    return proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("problems", nargs="*")
    ap.add_argument("--runs", type=int, default=10, help="validations per condition (default 10)")
    ap.add_argument("--isolation", default="auto")
    ap.add_argument(
        "--start-method",
        choices=["fork", "spawn", "forkserver"],
        help="multiprocessing's start method for the solutions (as the test suite's spawn sweep)",
    )
    ap.add_argument(
        "--no-zygote", action="store_true", help="a fresh interpreter for every run (as the portable sweep)"
    )
    ap.add_argument("--all", action="store_true", help="every problem of problems/, not only the concurrency ones")
    ap.add_argument("--burner", action="store_true", help="also --runs validations beside a CPU burner")
    ap.add_argument("--burner-only", action="store_true", help="only the validations beside a CPU burner")
    args = ap.parse_args()
    every = sorted(p.name for p in (ROOT / "problems").iterdir() if (p / "problem.yaml").is_file())
    problems = args.problems or (every if args.all else [p for p in CONCURRENCY if (ROOT / "problems" / p).is_dir()])
    conditions = ["burner"] if args.burner_only else ["quiet", "burner"] if args.burner else ["quiet"]
    seen: dict[str, collections.Counter[tuple[str, str]]] = {c: collections.Counter() for c in conditions}
    expected: dict[str, str] = {}
    options = ["--isolation", args.isolation]
    options += ["--start-method", args.start_method] if args.start_method else []
    options += ["--no-zygote"] if args.no_zygote else []
    start = time.perf_counter()
    for condition in conditions:
        for i in range(args.runs):
            if condition == "burner":
                with Burner():
                    code = _validate(problems, options, seen[condition], expected)
            else:
                code = _validate(problems, options, seen[condition], expected)
            print(f"{condition} run {i + 1}/{args.runs}: exit {code}", file=sys.stderr)
    flipped = 0
    print("| solution | expected | " + " | ".join(conditions) + " | flips |")
    print("|---|---|" + "---|" * len(conditions) + "---|")
    for sol in sorted(expected):
        want = expected[sol]
        cells, flips = [], 0
        for condition in conditions:
            good = seen[condition][(sol, want)]
            flips += args.runs - good
            others = ", ".join(
                f"{got} x{n}" for (name, got), n in seen[condition].items() if name == sol and got != want
            )
            cells.append(f"{good}/{args.runs}" + (f" ({others})" if others else ""))
        flipped += flips > 0
        print(f"| {sol} | {want} | " + " | ".join(cells) + f" | {flips} |")
    total = time.perf_counter() - start
    print(
        f"{len(expected)} solutions x {args.runs} runs x {len(conditions)} conditions in {total:.0f} s; {flipped} flipped"
    )
    return 1 if flipped else 0


if __name__ == "__main__":
    sys.exit(main())
