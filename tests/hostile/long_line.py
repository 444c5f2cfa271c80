# One 200 MB line on stdout, written in 1 MB pieces (no newline until the very end).
import sys

piece = "7" * 1000**2
for _ in range(200):
    sys.stdout.write(piece)
sys.stdout.write("\n")
