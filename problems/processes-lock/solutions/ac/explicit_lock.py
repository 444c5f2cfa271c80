# A raw shared Value (no built-in lock) guarded by an explicit multiprocessing.Lock, written
# as a Process subclass like the lecture's MyProcess (with super().__init__() fixed).
from multiprocessing import Lock, Process, Value


class Adder(Process):
    def __init__(self, counter, lock, times):
        super().__init__()
        self.counter = counter
        self.lock = lock
        self.times = times

    def run(self):
        for _ in range(self.times):
            self.lock.acquire()
            try:
                self.counter.value += 1
            finally:
                self.lock.release()


if __name__ == "__main__":
    p, m = map(int, input().split())
    counter = Value("i", 0, lock=False)
    lock = Lock()
    adders = [Adder(counter, lock, m) for _ in range(p)]
    for a in adders:
        a.start()
    for a in adders:
        a.join()
    print(counter.value)
