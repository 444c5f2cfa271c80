# Consumers stop when they see a sentinel; a shared counter guarded by a lock; print under
# the same lock (print() writes text and "\n" separately).
from queue import Queue
from threading import Lock, Thread

lock = Lock()
total = 0


def produce(p, n, q):
    for i in range(1, n + 1):
        q.put(f"{p}-{i}")


def consume(c, q):
    global total
    while (item := q.get()) != "stop":
        with lock:
            print(c, "got", item)
            total += 1


p, c, n = map(int, input().split())
q = Queue(maxsize=100)           # a bounded queue works too: producers wait when it is full
producers = [Thread(target=produce, args=(i, n, q)) for i in range(1, p + 1)]
consumers = [Thread(target=consume, args=(i, q)) for i in range(1, c + 1)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()
for _ in range(c):
    q.put("stop")
for t in consumers:
    t.join()
print("TOTAL", total)
