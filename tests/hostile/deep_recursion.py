# The recursion limit lifted to 10**6, then a recursion that runs on the C stack (the repr of
# a list nested 100 000 deep): the C stack overflows -> SIGSEGV. (Plain Python recursion no
# longer uses the C stack since 3.11: at depth 10**6 it needs ~270 MiB and would be MLE.)
import sys

sys.setrecursionlimit(10**6)
nested = []
for _ in range(100_000):
    nested = [nested]
print(len(repr(nested)))
