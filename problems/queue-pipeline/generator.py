#!/usr/bin/env python3
"""Regenerate tests/ for queue-pipeline (deterministic, stdlib only, any cwd).

Input: `P C N`. P producer threads put `p-i` (i = 1..N) into a queue.Queue; C consumer
threads take items and print `c got p-i`; at the end the main thread prints `TOTAL <P*N>`.
The .ans is one valid output (consumer 1 takes everything, in producer order).
Per-test yaml: rules {min_threads: P + C}, checker {last: ["TOTAL <P*N>"]}; tests of 6000 items
or more run one controlled schedule (schedules: 1): a schedule costs what a real run costs, and
the smaller tests' schedules find the same races.
Every test has P >= 2 and N * (P - 1) >= C, so a program that stops after N items in total
prints too few lines (and every consumer still gets an item to see that it must stop).
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent

SAMPLES = [(2, 2, 5), (3, 1, 4)]
SECRET = [(8, 8, 1000), (2, 5, 500), (8, 1, 1000), (6, 3, 1000), (3, 8, 100)]


def write(kind, num, p, c, n):
    assert 2 <= p <= 8 and 1 <= c <= 8 and 1 <= n <= 1000 and n * (p - 1) >= c
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{num:02d}.in").write_text(f"{p} {c} {n}\n")
    lines = [f"1 got {q}-{i}" for q in range(1, p + 1) for i in range(1, n + 1)]
    (folder / f"{num:02d}.ans").write_text("\n".join(lines + [f"TOTAL {p * n}"]) + "\n")
    schedules = "schedules: 1\n" if p * n >= 6000 else ""
    (folder / f"{num:02d}.yaml").write_text(
        f"rules:\n  min_threads: {p + c}\nchecker:\n  last: [\"TOTAL {p * n}\"]\n{schedules}")


def main():
    for num, (p, c, n) in enumerate(SAMPLES, 1):
        write("sample", num, p, c, n)
    for num, (p, c, n) in enumerate(SECRET, 1):
        write("secret", num, p, c, n)


if __name__ == "__main__":
    main()
