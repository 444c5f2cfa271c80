#!/usr/bin/env python3
"""Regenerate tests/ for processes-primes (deterministic, stdlib only, any cwd).

Input: P, then P lines `a b`. Output: `a b count` per range in input order, then END.
Counts use the statement's is_prime (trial division by odd numbers up to sqrt(n)).

secret/01: a heavy first range and two tiny ones: the tiny ones finish first, so printing
           results in completion order fails reliably.
secret/02, 03: CPU-heavy, split into ranges of similar weight (~0.4 s + 0.4 s and
           4 x ~0.2 s of trial division on one core here): parallelism {min_ratio: 1.4}.
           The rule measures the cores the tree kept busy *or waited for* ((CPU + run-queue
           wait) / wall), so other work on the machine does not lower it. Measured on this
           2-core machine (2026-12-07): correct solutions 1.71-2.12 when idle (secret/03
           with 4 processes up to 3.8) and 1.96-4.0 beside one busy process per core;
           processes started and joined one by one 1.03-1.05 when idle and up to 1.16 beside
           the burner (their waits are counted per process and overlap a little). 1.4 sits
           between the two with a margin of ~0.25 on either side. (With CPU / wall alone, as
           before the wait was counted, correct solutions fell to 1.2-1.3 under load, hence
           the 1.15 of that time, which a sequential solution passed beside a burner in 2
           runs of 6.)
secret/04: eight medium/small ranges (8 processes), secret/05: edge cases (a = b, even a).
The answers are computed here with the same trial division (takes a few seconds).
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count(a, b):
    return sum(1 for n in range(a, b + 1) if is_prime(n))


SAMPLES = [
    [(2, 10), (10, 30)],
    [(2, 2), (4, 4), (100, 200)],
]
SECRET = [
    ([(20000000, 20040000), (2, 100), (1000, 1100)], None),
    ([(10000000, 10070000), (40000000, 40040000)], 1.4),
    ([(15000000, 15032000), (25000000, 25026000), (35000000, 35021000), (45000000, 45019000)],
     1.4),
    ([(2, 1000), (1000000, 1010000), (5000000, 5005000), (99999000, 100000000), (7, 7),
      (123456, 200000), (3000000, 3004000), (20, 22)], None),
    ([(3, 3), (4, 4), (2, 3), (99999989, 99999989), (1000000, 1000000)], None),
]


def write(kind, num, ranges, min_ratio=None):
    assert 1 <= len(ranges) <= 8 and all(2 <= a <= b <= 10 ** 8 and b - a <= 10 ** 5 for a, b in ranges)
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{num:02d}.in").write_text(f"{len(ranges)}\n" + "".join(f"{a} {b}\n" for a, b in ranges))
    (folder / f"{num:02d}.ans").write_text("".join(f"{a} {b} {count(a, b)}\n" for a, b in ranges) + "END\n")
    if min_ratio is not None:
        (folder / f"{num:02d}.yaml").write_text(f"rules:\n  parallelism: {{min_ratio: {min_ratio}}}\n")


def main():
    for num, ranges in enumerate(SAMPLES, 1):
        write("sample", num, ranges)
    for num, (ranges, min_ratio) in enumerate(SECRET, 1):
        write("secret", num, ranges, min_ratio)


if __name__ == "__main__":
    main()
