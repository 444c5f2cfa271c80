"""Tests for problem 3506 "Does the triangle exist?" (1 <= a, b, c <= 10**18).

Run: python3 problems/3506/generator.py (from any directory). Rewrites tests/sample and
tests/secret; the answers come from the reference implementation below.
"""

import random
from pathlib import Path

random.seed(3506)

HERE = Path(__file__).resolve().parent
LIMIT = 10 ** 18


def exists(a, b, c):
    return a + b > c and a + c > b and b + c > a


def solve(text):
    a, b, c = map(int, text.split())
    return "YES\n" if exists(a, b, c) else "NO\n"


def write(kind, triples):
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("*.in")) + list(folder.glob("*.ans")):
        old.unlink()
    for index, sides in enumerate(triples, 1):
        assert len(sides) == 3 and all(1 <= x <= LIMIT for x in sides)
        text = "".join(f"{x}\n" for x in sides)
        (folder / f"{index:02d}.in").write_text(text, encoding="utf-8", newline="\n")
        (folder / f"{index:02d}.ans").write_text(solve(text), encoding="utf-8", newline="\n")


def random_triangle(hi):
    while True:
        sides = [random.randint(1, hi) for _ in range(3)]
        if exists(*sides) and len(set(sides)) == 3:
            return sides


def main():
    write("sample", [(3, 4, 5), (2, 2, 5)])
    big = 10 ** 18
    x = random.randint(10 ** 17, 4 * 10 ** 17)
    y = random.randint(10 ** 17, 4 * 10 ** 17)
    secret = [
        # yes: secret/01-05, real triangles
        (5, 3, 4), (1, 1, 1), (2, 2, 3), (7, 10, 5), random_triangle(1000),
        # too_long: secret/06-09, one side longer than the sum of the other two (each position)
        (1, 2, 10), (10, 1, 2), (2, 10, 1), (300, 100, 150),
        # degenerate: secret/10-15, a side equal to the sum of the other two (each position)
        (1, 1, 2), (2, 1, 1), (1, 2, 1), (3, 5, 8), (8, 3, 5), (5, 8, 3),
        # large: secret/16-22, up to 10**18 (float() loses precision here)
        (big, big, big), (big, 1, big), (big // 2, big // 2, big), (big, 1, 1),
        (big - 1, big - 2, 1), random_triangle(big), (x, y, x + y),
    ]
    write("secret", secret)
    # the groups in problem.yaml rely on this layout
    assert all(exists(*t) for t in secret[0:5])
    assert not any(exists(*t) for t in secret[5:15])
    assert all(max(t) * 2 == sum(t) for t in secret[9:15])


if __name__ == "__main__":
    main()
