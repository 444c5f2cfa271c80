# Wrong: `global balance` missing; with a thread pool, result() re-raises the
# UnboundLocalError in the main thread, so the program exits with a traceback (code 1).
import time
from concurrent.futures import ThreadPoolExecutor
from threading import Lock

balance = 0
lock = Lock()


def worker(m):
    for _ in range(m):
        with lock:
            b = balance
            time.sleep(0)
            balance = b + 1


n, m = map(int, input().split())
with ThreadPoolExecutor(max_workers=n) as pool:
    futures = [pool.submit(worker, m) for _ in range(n)]
    for f in futures:
        f.result()
print(balance)
