# DOMjudge runs a submission in a folder it may only read (so does the 2025-09 format unless
# the package allows file writing): the write fails and this prints the wrong greeting. Were
# it allowed, it would exit with 1, a run-time error, as DOMjudge's own test-write-file.c does.
# @EXPECTED_RESULTS@: WRONG-ANSWER
import sys

try:
    with open("scratch.txt", "w") as f:
        f.write("x")
except OSError:
    print("Goodbye!")
    sys.exit(0)
sys.exit(1)
