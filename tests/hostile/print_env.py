# Prints its whole environment on one line (what a sample test's diff would show).
import os

print(" ".join(f"{k}={v}" for k, v in sorted(os.environ.items())))
