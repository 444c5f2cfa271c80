"""Tests for problem 3504 "Leap year" (1 <= year <= 10**18).

Run: python3 problems/3504/generator.py (from any directory). Rewrites tests/sample and
tests/secret; the answers come from the reference implementation below.
"""

import random
from pathlib import Path

random.seed(3504)

HERE = Path(__file__).resolve().parent
LIMIT = 10 ** 18


def is_leap(year):
    return year % 4 == 0 and year % 100 != 0 or year % 400 == 0


def solve(text):
    return "YES\n" if is_leap(int(text)) else "NO\n"


def write(kind, years):
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("*.in")) + list(folder.glob("*.ans")):
        old.unlink()
    for index, year in enumerate(years, 1):
        assert 1 <= year <= LIMIT
        text = f"{year}\n"
        (folder / f"{index:02d}.in").write_text(text, encoding="utf-8", newline="\n")
        (folder / f"{index:02d}.ans").write_text(solve(text), encoding="utf-8", newline="\n")


def random_year(lo, hi, leap):
    """A random year in [lo, hi] that is not divisible by 100, leap or not as asked."""
    while True:
        year = random.randint(lo, hi)
        if year % 100 != 0 and is_leap(year) == leap:
            return year


def main():
    write("sample", [2008, 2009])
    secret = [
        # plain: secret/01-06, no year divisible by 100
        1, 4, 2023, 1996, random_year(1, 9999, True), random_year(1, 9999, False),
        # century: secret/07-11, divisible by 100 but not by 400 -> NO
        1900, 2100, 100, 1800, 3000,
        # div400: secret/12-15, divisible by 400 -> YES
        2000, 1600, 400, 2400,
        # large: secret/16-21
        10 ** 9, 999999900, 999999996, random_year(10 ** 17, LIMIT, False),
        LIMIT - 100, LIMIT,
    ]
    write("secret", secret)
    # the groups in problem.yaml rely on this layout
    assert [is_leap(y) for y in secret[6:11]] == [False] * 5
    assert [is_leap(y) for y in secret[11:15]] == [True] * 4
    assert all(y % 100 for y in secret[:6])


if __name__ == "__main__":
    main()
