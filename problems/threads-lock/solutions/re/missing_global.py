# Wrong: the lecture's lock sample without `global count`: the assignment makes `count` local
# to run(), so reading it raises UnboundLocalError inside every thread. The main thread then
# prints 0 and exits with code 0: RE requires the judge to count an uncaught exception in a
# thread (threading.excepthook) as a runtime error.
from threading import Thread, Lock
from time import sleep

count = 0
lock = Lock()


class Depositor(Thread):
    def __init__(self, times):
        super().__init__()
        self.times = times

    def run(self):
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
