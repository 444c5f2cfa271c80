#!/usr/bin/env python3
"""Regenerate tests/ for threads-lock (deterministic, stdlib only, any cwd).

Input: `N M`; N threads deposit 1 into a shared balance M times each (read, time.sleep(0),
write). Output: N * M. Per-test yaml: min_threads = N.

Sizes: a correct (locked) deposit costs ~0.1 ms under switch_interval 1e-6 (the sleep(0) with
the lock held makes every other thread block), so N * M <= 3000 keeps a run near 0.3 s. The
unlocked starter loses almost all updates (it ends near M instead of N * M) even at N = 2.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent

SAMPLES = [(2, 1000), (3, 500)]
SECRET = [(4, 750), (8, 300), (16, 150), (2, 1500), (6, 500)]


def write(kind, num, n, m):
    assert 2 <= n <= 16 and 1 <= m <= 10 ** 4 and n * m <= 3000
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{num:02d}.in").write_text(f"{n} {m}\n")
    (folder / f"{num:02d}.ans").write_text(f"{n * m}\n")
    (folder / f"{num:02d}.yaml").write_text(f"rules:\n  min_threads: {n}\n")


def main():
    for num, (n, m) in enumerate(SAMPLES, 1):
        write("sample", num, n, m)
    for num, (n, m) in enumerate(SECRET, 1):
        write("secret", num, n, m)


if __name__ == "__main__":
    main()
