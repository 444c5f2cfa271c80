import threading
import time

balance = 0
lock = threading.Lock()


def deposit():
    global balance
    with lock:                 # read - pause - write as one critical section
        b = balance
        time.sleep(0)          # simulated I/O
        balance = b + 1


def worker(m):
    for _ in range(m):
        deposit()


n, m = map(int, input().split())
threads = [threading.Thread(target=worker, args=(m,)) for _ in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(balance)
