# The lecture's function with a list of threads; print is guarded by a lock taken with
# acquire()/release() in try/finally, as in the lecture (printing from several threads at
# once is not safe: lines get glued together or, in Python 3.11, even garbled).
from threading import Lock, Thread
from time import sleep

lock = Lock()


def func(name, start, end, timeout):
    while start < end:
        lock.acquire()
        try:
            print(f"Thread {name}: {start}")
        finally:
            lock.release()
        start += 1
        sleep(timeout)


k = int(input())
threads = []
for i in range(1, k + 1):
    start, end, d = map(int, input().split())
    threads.append(Thread(target=func, args=(i, start, end, d / 1000)))
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("END")
