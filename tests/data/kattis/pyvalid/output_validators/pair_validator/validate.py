#!/usr/bin/env python3
"""Kattis output validator: the team prints two integers a b with a + b = n.

Flags: `positive` (both > 0), `distinct` (a != b). Exit 42 accepts, 43 rejects."""
import sys

input_file, answer_file, feedback_dir = sys.argv[1:4]
flags = set(sys.argv[4:])
n = int(open(input_file).read())


def reject(message):
    with open(feedback_dir + "judgemessage.txt", "w") as fh:
        fh.write(message + "\n")
    sys.exit(43)


tokens = sys.stdin.read().split()
if len(tokens) != 2:
    reject(f"expected two numbers, got {len(tokens)} tokens")
try:
    a, b = map(int, tokens)
except ValueError:
    reject("not integers")
if a + b != n:
    reject(f"{a} + {b} != {n}")
if "positive" in flags and (a <= 0 or b <= 0):
    reject("both numbers must be positive")
if "distinct" in flags and a == b:
    reject("the numbers must differ")
sys.exit(42)
