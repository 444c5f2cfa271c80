# Wrong: no threads at all. The philosophers eat one after another in the main thread, so
# the output is a valid order and nothing can deadlock, but the exercise is about threads
# and locks: RV (min_threads).
import sys


def main():
    n, m = map(int, sys.stdin.read().split())
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            print(f"{i} eats {j}")
    print("DONE")


main()
