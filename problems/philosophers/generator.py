#!/usr/bin/env python3
"""Regenerate tests/ for philosophers (deterministic, stdlib only, any cwd).

Input: `N M`. Philosopher i (1..N) eats M times holding forks i-1 and i mod N (0-based
threading.Lock objects), printing `i eats j` (j = 1..M); then the main thread prints DONE.
The .ans is one valid output (philosophers one after another). Per-test yaml: min_threads = N.

The naive left-then-right solution (with a short think between the two forks, as in
solutions/ile/) deadlocks on every test: all philosophers take their left fork within the
first millisecond, and each test has M >= 2 rounds (the secret ones 100-200) to get stuck in.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent

SAMPLES = [(2, 3), (3, 2)]
SECRET = [(5, 200), (8, 200), (6, 150), (2, 200), (7, 100)]


def write(kind, num, n, m):
    assert 2 <= n <= 8 and 1 <= m <= 200
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{num:02d}.in").write_text(f"{n} {m}\n")
    lines = [f"{i} eats {j}" for i in range(1, n + 1) for j in range(1, m + 1)]
    (folder / f"{num:02d}.ans").write_text("\n".join(lines + ["DONE"]) + "\n")
    (folder / f"{num:02d}.yaml").write_text(f"rules:\n  min_threads: {n}\n")


def main():
    for num, (n, m) in enumerate(SAMPLES, 1):
        write("sample", num, n, m)
    for num, (n, m) in enumerate(SECRET, 1):
        write("secret", num, n, m)


if __name__ == "__main__":
    main()
