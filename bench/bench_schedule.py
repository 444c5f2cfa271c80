#!/usr/bin/env python3
"""What the controlled schedules cost (issue 20): per schedule, and per `judge check`.

1. Every test of each thread exercise, its reference solution run under schedules 1..N in the
   sandbox (zygote, default isolation): the wall time of one schedule (median, max).
2. `judge check` of the reference solution with the problem's schedules, against the same
   problem with `schedules: 0` (the real runs only), best of --repeat runs each.

    python bench/bench_schedule.py [--repeat 3] [PROBLEM ...]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

THREADS = ("threads-counters", "threads-daemon", "thread-subclass", "threads-lock", "queue-pipeline", "philosophers")


def schedule_times(problem_id: str) -> list[float]:
    from dataclasses import replace

    from judge.core.config import load_config
    from judge.grading.grader import Grader
    from judge.grading.sources import Source
    from judge.problem import load_problem
    from judge.sandbox.factory import make_sandbox

    config = load_config(ROOT / "config.yaml")
    problem = load_problem(ROOT / "problems" / problem_id, config.limits)
    data = (ROOT / "problems" / problem_id / "solutions" / "ac" / "ref.py").read_bytes()
    source = Source(data, data.decode(), "", "ref.py")
    python = config.languages[0]
    box = make_sandbox("auto", slot=0, zygote=True)
    box.start()
    times = []
    try:
        grader = Grader(config, box)
        for case in problem.tests:
            count = case.schedules if case.schedules is not None else problem.runtime.schedules
            for seed in range(1, count + 1):
                spec = grader._spec(problem, case, source, python, trace=False, schedule=seed)
                run = box.run(replace(spec), case.input_path)
                assert run.exit_code == 0, (problem_id, case.name, seed, run.stderr[-500:])
                times.append(run.wall_time)
    finally:
        box.close()
    return times


def check_time(problems_dir: Path, problem_id: str, repeat: int) -> float:
    solution = ROOT / "problems" / problem_id / "solutions" / "ac" / "ref.py"
    env = dict(os.environ, PYTHONPATH=str(ROOT), JUDGE_CACHE_DIR=tempfile.mkdtemp())
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "judge", "check", problem_id, str(solution), "--problems-dir", str(problems_dir)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        best = min(best, time.perf_counter() - start)
        assert proc.returncode == 0, proc.stdout[-2000:]
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("problems", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    problems = args.problems or list(THREADS)
    with tempfile.TemporaryDirectory() as tmp:
        unscheduled = Path(tmp)
        for pid in problems:
            shutil.copytree(ROOT / "problems" / pid, unscheduled / pid)
            yaml = unscheduled / pid / "problem.yaml"
            yaml.write_text(re.sub(r"(?m)^  schedules: .*$", "  schedules: 0", yaml.read_text()))
        print("| problem | schedules run | one schedule: median | max | check with schedules | without | ratio |")
        print("|---|---|---|---|---|---|---|")
        for pid in problems:
            times = schedule_times(pid)
            with_s = check_time(ROOT / "problems", pid, args.repeat)
            without = check_time(unscheduled, pid, args.repeat)
            print(
                f"| {pid} | {len(times)} | {statistics.median(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms "
                f"| {with_s:.2f} s | {without:.2f} s | {with_s / without:.2f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
