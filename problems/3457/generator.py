"""Tests for problem 3457 "The next and the previous number" (|n| <= 10000).

Run: python3 problems/3457/generator.py (from any directory). Rewrites tests/sample and
tests/secret; the answers come from the reference implementation below.
"""

import random
from pathlib import Path

random.seed(3457)

HERE = Path(__file__).resolve().parent
LIMIT = 10000


def solve(text):
    n = int(text)
    return (f"The next number for the number {n} is {n + 1}.\n"
            f"The previous number for the number {n} is {n - 1}.\n")


def write(kind, numbers):
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("*.in")) + list(folder.glob("*.ans")):
        old.unlink()
    for index, n in enumerate(numbers, 1):
        assert -LIMIT <= n <= LIMIT
        text = f"{n}\n"
        (folder / f"{index:02d}.in").write_text(text, encoding="utf-8", newline="\n")
        (folder / f"{index:02d}.ans").write_text(solve(text), encoding="utf-8", newline="\n")


def main():
    write("sample", [179, -5])
    secret = [
        # positive: secret/01-04
        2, 10, 9999, random.randint(100, 9998),
        # zero and its neighbours: secret/05-07 (the answers cross zero)
        0, -1, 1,
        # negative: secret/08-11
        -2, -9999, -100, random.randint(-9998, -101),
        # bounds: secret/12-13
        10000, -10000,
    ]
    write("secret", secret)


if __name__ == "__main__":
    main()
