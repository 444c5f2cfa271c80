# A wrong answer that is one line of 1 000 000 characters: under the 1 MiB output limit, so it
# is judged, and a failing sample test shows a diff. The report must stay small.
import sys

sys.stdout.write("7" * 1_000_000 + "\n")
