"""Tests for problem 3737 "Two halves" (a string of 1..1000 characters, no leading or
trailing spaces, inner spaces allowed, UTF-8).

Run: python3 problems/3737/generator.py (from any directory). Rewrites tests/sample and
tests/secret; the answers come from the reference implementation below.
"""

import random
import string
from pathlib import Path

random.seed(3737)

HERE = Path(__file__).resolve().parent
MAX_LEN = 1000

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


def solve(text):
    s = text.rstrip("\n")
    k = (len(s) + 1) // 2
    return s[k:] + s[:k] + "\n"


def write(kind, lines):
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("*.in")) + list(folder.glob("*.ans")):
        old.unlink()
    for index, line in enumerate(lines, 1):
        assert 1 <= len(line) <= MAX_LEN, line
        assert line == line.strip(" ") and "\n" not in line and "\t" not in line, line
        text = line + "\n"
        (folder / f"{index:02d}.in").write_text(text, encoding="utf-8", newline="\n")
        (folder / f"{index:02d}.ans").write_text(solve(text), encoding="utf-8", newline="\n")


def random_word(length, alphabet):
    return "".join(random.choice(alphabet) for _ in range(length))


def random_text(length, alphabet):
    """`length` characters: words of `alphabet` separated by single spaces, no outer spaces."""
    chars = []
    while len(chars) < length:
        if chars and chars[-1] != " " and random.random() < 0.15:
            chars.append(" ")
        else:
            chars.append(random.choice(alphabet))
    if chars[-1] == " ":
        chars[-1] = random.choice(alphabet)
    return "".join(chars)


def main():
    write("sample", ["Qwerty", "Hello"])
    letters = string.ascii_letters
    secret = [
        # even: secret/01-04
        "ab", "abcd", "ABCDEFGHIJ", random_word(20, letters + string.digits),
        # odd: secret/05-10 (the first half is one character longer)
        "abc", "abcde", "a", "abcdefg", "xyz12345!", random_word(21, letters),
        # spaces: secret/11-14 (inner spaces; an answer may start or end with a space)
        "a b", "Hello world", "abc d", "to be  or not to be",
        # unicode_long: secret/15-18 (Cyrillic, long lines)
        "Привет", "Две половинки", random_text(997, CYRILLIC + letters),
        random_text(MAX_LEN, CYRILLIC + string.punctuation),
    ]
    write("secret", secret)
    # the groups in problem.yaml rely on this layout
    assert all(len(s) % 2 == 0 for s in secret[0:4])
    assert all(len(s) % 2 == 1 for s in secret[4:10])


if __name__ == "__main__":
    main()
