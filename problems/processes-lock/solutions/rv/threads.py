# Wrong: threads instead of processes (the answer is right: the lock is a threading.Lock).
from threading import Lock, Thread

count = 0
lock = Lock()


def add(m):
    global count
    for _ in range(m):
        with lock:
            count += 1


p, m = map(int, input().split())
threads = [Thread(target=add, args=(m,)) for _ in range(p)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(count)
