# The recursion limit lifted to 10**6, then a recursion that runs on the C stack (the repr of
# a list nested 100 000 deep) in a thread with a 512 KiB stack: the C stack overflows ->
# SIGSEGV at once. (On the main thread's 8 MiB the overflow comes after over a second of CPU
# on a slow machine: a TLE there, not the crash this program is about. Plain Python recursion
# no longer uses the C stack since 3.11: at depth 10**6 it needs ~270 MiB and would be MLE.)
import sys
import threading

sys.setrecursionlimit(10**6)
threading.stack_size(512 * 1024)
nested = []
for _ in range(100_000):
    nested = [nested]
worker = threading.Thread(target=lambda: print(len(repr(nested))))
worker.start()
worker.join()
