# Wrong: every thread creates its own lock, so the lock protects nothing (each thread is the
# only one ever using its lock) and updates are still lost.
import threading
import time

balance = 0


def worker(m):
    global balance
    lock = threading.Lock()
    for _ in range(m):
        with lock:
            b = balance
            time.sleep(0)
            balance = b + 1


n, m = map(int, input().split())
threads = [threading.Thread(target=worker, args=(m,)) for _ in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(balance)
