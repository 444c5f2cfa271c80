# Wrong: every philosopher takes the left fork, then the right one, with no pause between:
# the deadlock needs every philosopher to be switched out right after its left fork, which a
# real run rarely does (accepted by luck); the controlled schedules find it on every run.
from threading import Lock, Thread

print_lock = Lock()


def philosopher(i, n, m, forks):
    left, right = forks[i - 1], forks[i % n]
    for j in range(1, m + 1):
        left.acquire()
        right.acquire()
        with print_lock:
            print(i, "eats", j)
        right.release()
        left.release()


n, m = map(int, input().split())
forks = [Lock() for _ in range(n)]
threads = [Thread(target=philosopher, args=(i, n, m, forks)) for i in range(1, n + 1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("DONE")
