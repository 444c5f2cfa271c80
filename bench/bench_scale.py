#!/usr/bin/env python3
"""Scale benchmark: a generated class of N students x the six assigned problems.

Each student's file is one of the problem's own solutions (AC mostly, then WA, RE, CE, RV,
PE; never TLE/ILE, which would measure the time limit, not the judge), with the student's
name appended as a comment so every file is distinct. It measures, side by side:

  1. `judge grade -j 1`      (cold cache)
  2. `judge grade -j 2`      (cold cache)  -> speed-up = (1) / (2)
  3. `judge grade -j 2` again with nothing changed (warm cache) -> (3) / (2)
  4. the judge's peak RSS in (2) for N and for N/4 students: it should grow only by
     what the results themselves take, not with the work done.
  5. `judge grade -j 2 --no-zygote` (cold cache): a fresh interpreter per run -> (5) / (2)
Throughput is given in tests per second (every test of every submission that ran).

    python bench/bench_scale.py [--students 200] [--isolation auto]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ("3449", "3457", "3504", "3506", "3737", "3738")
WEIGHTS = {"ac": 6, "wa": 2, "re": 1, "ce": 1, "rv": 1, "pe": 1}


def make_class(dest: Path, students: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    pools: dict[str, list[Path]] = {}
    for pid in PROBLEMS:
        sols: list[Path] = []
        for verdict, weight in WEIGHTS.items():
            folder = ROOT / "problems" / pid / "solutions" / verdict
            if folder.is_dir():
                sols += sorted(folder.glob("*.py")) * weight
        pools[pid] = sols
    count = 0
    for i in range(students):
        for pid in PROBLEMS:
            src = rng.choice(pools[pid])
            target = dest / f"student{i:04d}" / f"{pid}.py"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(src.read_text() + f"\n# student{i:04d}\n")
            count += 1
    return count


def grade(
    subs: Path, out: Path, cache: Path, jobs: int, isolation: str, extra: tuple[str, ...] = ()
) -> tuple[float, int]:
    """Wall seconds and the judge's peak RSS in KiB (GNU time's %M, the judge process only)."""
    env = dict(os.environ, JUDGE_CACHE_DIR=str(cache))
    cmd = [
        sys.executable,
        "-m",
        "judge",
        "grade",
        str(subs),
        "--out",
        str(out),
        "-q",
        "-j",
        str(jobs),
        "--isolation",
        isolation,
        "--format",
        "json,csv",
        *extra,
    ]
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    proc = subprocess.run(timer + cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"grade failed ({proc.returncode}): {proc.stderr[-2000:]}")
    rss = int(proc.stderr.strip().splitlines()[-1]) if timer else 0
    return elapsed, rss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--students", type=int, default=200)
    ap.add_argument("--isolation", default="auto")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="judge-scale-"))
    try:
        subs = work / "class"
        n = make_class(subs, args.students)
        small = work / "small"
        make_class(small, max(1, args.students // 4))
        t1, _ = grade(subs, work / "out1", work / "cache1", 1, args.isolation)
        t2, rss_full = grade(subs, work / "out2", work / "cache2", 2, args.isolation)
        t3, _ = grade(subs, work / "out3", work / "cache2", 2, args.isolation)
        _, rss_small = grade(small, work / "out4", work / "cache4", 2, args.isolation)
        t5, _ = grade(subs, work / "out5", work / "cache5", 2, args.isolation, ("--no-zygote",))
        same = (
            _verdicts(work / "out1") == _verdicts(work / "out2") == _verdicts(work / "out3") == _verdicts(work / "out5")
        )
        tests = _tests_run(work / "out2")
        print(
            f"class:            {args.students} students x {len(PROBLEMS)} problems = {n} submissions "
            f"(isolation {args.isolation}, {os.cpu_count()} cores)"
        )
        print(f"-j 1 cold:        {t1:8.1f} s  ({t1 / n * 1000:.0f} ms per submission)")
        print(f"-j 2 cold:        {t2:8.1f} s  speed-up {t1 / t2:.2f}x")
        print(f"-j 2 warm cache:  {t3:8.1f} s  = {t3 / t2 * 100:.1f}% of the cold run")
        print(f"-j 2 --no-zygote: {t5:8.1f} s  = {t5 / t2:.2f}x the zygote run")
        print(f"throughput -j 2:  {tests / t2:8.0f} tests/s with the zygote, {tests / t5:.0f} without ({tests} tests)")
        print(
            f"judge peak RSS:   {rss_full / 1024:.0f} MiB for {n} submissions, {rss_small / 1024:.0f} MiB for {n // 4}"
        )
        print(f"same verdicts in all runs: {same}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _tests_run(out: Path) -> int:
    data = json.loads((out / "report.json").read_text())
    return sum(1 for r in data["results"] for t in r["tests"] if t["verdict"] != "SK")


def _verdicts(out: Path) -> dict[str, str]:
    data = json.loads((out / "report.json").read_text())
    return {f"{r['student']}/{r['problem']}": r["verdict"] for r in data["results"]}


if __name__ == "__main__":
    main()
