#!/usr/bin/env python3
"""Regenerate tests/ for processes-lock (deterministic, stdlib only, any cwd).

Input: `P M`; P processes add 1 to a shared multiprocessing.Value M times each.
Output: P * M. Per-test yaml: min_processes = P.

Sizes: without a lock the processes must overlap in time to lose updates. With M = 10^4 a
process runs only ~10-20 ms, and on a loaded machine the next one is often not started yet:
`v.value += 1` then came out right in up to 7 of 10 runs of a test. So the secret tests use
N * M = 10^5 .. 2 * 10^5 (M up to 5 * 10^4): every run measured lost thousands of updates,
and the locked reference still takes only ~0.1-0.3 s. The samples are large enough too
(4 * 10^4 and 6 * 10^4 additions): a sample that passed by luck would make an unlocked
solution RV (no lock) instead of WA.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent

SAMPLES = [(2, 20000), (3, 20000)]
SECRET = [(4, 50000), (8, 20000), (2, 50000), (5, 30000), (3, 40000)]


def write(kind, num, p, m):
    assert 1 <= p <= 8 and 1 <= m <= 5 * 10 ** 4
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{num:02d}.in").write_text(f"{p} {m}\n")
    (folder / f"{num:02d}.ans").write_text(f"{p * m}\n")
    (folder / f"{num:02d}.yaml").write_text(f"rules:\n  min_processes: {p}\n")


def main():
    for num, (p, m) in enumerate(SAMPLES, 1):
        write("sample", num, p, m)
    for num, (p, m) in enumerate(SECRET, 1):
        write("secret", num, p, m)


if __name__ == "__main__":
    main()
