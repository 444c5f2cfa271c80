# The lecture's Thread subclass with lock.acquire()/release() in try/finally (with the lecture's
# two bugs fixed: super().__init__() without self, and `global count`).
from threading import Thread, Lock
from time import sleep

count = 0
lock = Lock()


class Depositor(Thread):
    def __init__(self, times):
        super().__init__()
        self.times = times

    def run(self):
        global count
        for _ in range(self.times):
            lock.acquire()
            try:
                value = count
                sleep(0)
                count = value + 1
            finally:
                lock.release()


n, m = map(int, input().split())
threads = [Depositor(m) for _ in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(count)
