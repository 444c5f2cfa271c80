# Wrong: every philosopher takes the left fork, thinks a moment while holding it
# (time.sleep(0.1): realistic student code, and it makes the deadlock certain: every thread
# has started and holds its left fork long before the first one reaches for its right), then
# takes the right fork. All of them hold their left fork and wait for the right one, which the
# neighbour holds: a deadlock, the program hangs with every thread blocked in acquire().
# (With 1 ms of thinking the real run missed it about one time in five, when starting the
# threads took longer than that; the controlled schedules found it then.)
import time
from threading import Lock, Thread

print_lock = Lock()


def philosopher(i, n, m, forks):
    left, right = forks[i - 1], forks[i % n]
    for j in range(1, m + 1):
        left.acquire()
        time.sleep(0.1)
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
