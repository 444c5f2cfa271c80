# Wrong: the forks are taken in a safe order, but a philosopher prints holding only its forks:
# two philosophers who share no fork eat, and print, at the same time, and their lines can glue.
# Ordered acquisition: every philosopher takes the lower-numbered fork first, so a cycle of
# philosophers each waiting for the next one's fork cannot form.
import sys
import threading

# Printing from several threads at once is not safe (lines get glued together or, in
# Python 3.11, even garbled): all output goes through one lock.
print_lock = threading.Lock()


def philosopher(i, n, m, forks):
    left, right = i - 1, i % n
    first, second = min(left, right), max(left, right)
    for j in range(1, m + 1):
        with forks[first]:
            with forks[second]:
                print(f"{i} eats {j}")


def main():
    n, m = map(int, sys.stdin.read().split())
    forks = [threading.Lock() for _ in range(n)]
    threads = [threading.Thread(target=philosopher, args=(i, n, m, forks)) for i in range(1, n + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("DONE")


main()
