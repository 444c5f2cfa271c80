"""Issue 26's check of the Russian a student reads: `judge check` of every solution in
problems/*/solutions under LANG=ru_RU.UTF-8 prints no «блокировк…» outside «взаимная
блокировка» and no number with a decimal point (paths and Python versions aside).

    python bench/russian_output.py        # ~3 min on 2 cores; prints each finding
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = re.compile(r"блокировк", re.IGNORECASE)
DEADLOCK = re.compile(r"взаимн\w*\s+блокировк\w*", re.IGNORECASE)
NOT_NUMBERS = re.compile(r"\S*[/\\]\S*|[Pp]ython ?\d\.\d+")  # paths, interpreter versions


def check(solution: Path) -> tuple[Path, str]:
    env = {**os.environ, "LANG": "ru_RU.UTF-8", "LC_ALL": "ru_RU.UTF-8"}
    env.pop("JUDGE_LANG", None)
    problem = solution.parts[-4]
    run = subprocess.run(
        [sys.executable, "-m", "judge", "check", problem, str(solution)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    return solution, run.stdout + run.stderr


def findings(solution: Path, out: str) -> list[str]:
    found = [f"lock: {line}" for line in DEADLOCK.sub("", out).splitlines() if LOCK.search(line)]
    found += [f"dot: {line}" for line in NOT_NUMBERS.sub("", out).splitlines() if re.search(r"\d\.\d", line)]
    return [f"{solution.relative_to(ROOT)}: {line.strip()}" for line in found]


def main() -> int:
    solutions = sorted(ROOT.glob("problems/*/solutions/*/*.py"))
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        found = [line for solution, out in pool.map(check, solutions) for line in findings(solution, out)]
    print(f"{len(solutions)} solutions, {len(found)} findings")
    for line in found:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
