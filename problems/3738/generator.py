"""Tests for problem 3738 "Swap two words" (exactly two words separated by one space).

Run: python3 problems/3738/generator.py (from any directory). Rewrites tests/sample and
tests/secret; the answers come from the reference implementation below.
"""

import random
import string
from pathlib import Path

random.seed(3738)

HERE = Path(__file__).resolve().parent
MAX_LEN = 1000

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
PRINTABLE = string.ascii_letters + string.digits + string.punctuation


def solve(text):
    first, second = text.rstrip("\n").split(" ")
    return f"{second} {first}\n"


def write(kind, lines):
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("*.in")) + list(folder.glob("*.ans")):
        old.unlink()
    for index, line in enumerate(lines, 1):
        words = line.split(" ")
        assert len(line) <= MAX_LEN and len(words) == 2 and all(words), line
        assert not any(ch.isspace() for word in words for ch in word), line
        text = line + "\n"
        (folder / f"{index:02d}.in").write_text(text, encoding="utf-8", newline="\n")
        (folder / f"{index:02d}.ans").write_text(solve(text), encoding="utf-8", newline="\n")


def word(length, alphabet):
    return "".join(random.choice(alphabet) for _ in range(length))


def main():
    write("sample", ["Hello, world!", "first second"])
    secret = [
        # latin: secret/01-05
        "Hello world", "ab cd", "Python Programming", "3.14 -2",
        f"{word(8, PRINTABLE)} {word(12, PRINTABLE)}",
        # short: secret/06-10 (one-letter words, very different lengths)
        "a b", "x yz", "abcdefghij k", "I am", f"{word(300, string.ascii_letters)} Z",
        # unicode: secret/11-14 (Cyrillic, long words)
        "Привет мир", "Да нет", "Москва Moscow",
        f"{word(499, CYRILLIC)} {word(500, CYRILLIC + string.ascii_letters)}",
    ]
    write("secret", secret)


if __name__ == "__main__":
    main()
