"""Guess the number (1..100) in at most 10 guesses: the interactor (Kattis protocol).

Run as `interactor.py INPUT ANSWER FEEDBACK_DIR/`: it reads the secret number from INPUT,
answers each guess with "higher", "lower" or "correct", and exits with 42 (accepted) or 43
(wrong answer), saying why in FEEDBACK_DIR/judgemessage.txt. The end of the solution's output
and a line that is not a number are wrong answers, not crashes.
"""
import sys
from pathlib import Path

MAX_GUESSES = 10


def verdict(code, message):
    (Path(sys.argv[3]) / "judgemessage.txt").write_text(message + "\n")
    sys.exit(code)


secret = int(Path(sys.argv[1]).read_text())
for guesses in range(1, MAX_GUESSES + 1):
    line = sys.stdin.readline()
    if not line:
        verdict(43, f"the solution stopped after {guesses - 1} guesses")
    try:
        guess = int(line)
    except ValueError:
        verdict(43, f"guess {guesses} is not a number: {line.strip()[:40]!r}")
    if guess == secret:
        print("correct", flush=True)
        verdict(42, f"found in {guesses} guesses")
    print("higher" if guess < secret else "lower", flush=True)
verdict(43, f"not found in {MAX_GUESSES} guesses")
