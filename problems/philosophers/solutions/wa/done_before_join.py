# Wrong: prints DONE right after starting the threads, before joining them, so DONE comes
# before (most of) the meals instead of last.
import sys
import threading

print_lock = threading.Lock()


def philosopher(i, n, m, forks):
    left, right = i - 1, i % n
    first, second = min(left, right), max(left, right)
    for j in range(1, m + 1):
        with forks[first]:
            with forks[second]:
                with print_lock:
                    print(f"{i} eats {j}")


def main():
    n, m = map(int, sys.stdin.read().split())
    forks = [threading.Lock() for _ in range(n)]
    threads = [threading.Thread(target=philosopher, args=(i, n, m, forks)) for i in range(1, n + 1)]
    for t in threads:
        t.start()
    with print_lock:
        print("DONE")
    for t in threads:
        t.join()


main()
