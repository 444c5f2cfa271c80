"""Tests for problem 3449: print the word Python 100 times (no input).

Run: python3 problems/3449/generator.py (from any directory). Rewrites tests/sample and
tests/secret. The checker is a regex, so the .ans only holds one valid output.
"""

import random
from pathlib import Path

random.seed(3449)  # nothing random here; kept for uniformity with the other generators

HERE = Path(__file__).resolve().parent


def solve(_text):
    return "Python\n" * 100


def write(kind, tests):
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("*.in")) + list(folder.glob("*.ans")):
        old.unlink()
    for number, text in enumerate(tests, 1):
        answer = solve(text)
        assert text == "" or text.endswith("\n")
        assert answer.endswith("\n")
        (folder / f"{number:02d}.in").write_text(text, encoding="utf-8", newline="\n")
        (folder / f"{number:02d}.ans").write_text(answer, encoding="utf-8", newline="\n")


def main():
    write("sample", [""])
    write("secret", [""])


if __name__ == "__main__":
    main()
