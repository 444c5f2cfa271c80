# Wrong: the consumers stop after N items in total (N per producer was meant): P*N - N items
# are never consumed.
from queue import Queue
from threading import Lock, Thread

lock = Lock()
taken = 0


def produce(p, n, q):
    for i in range(1, n + 1):
        q.put(f"{p}-{i}")


def consume(c, q, n):
    global taken
    while True:
        item = q.get()
        with lock:
            if taken >= n:
                return
            taken += 1
            print(c, "got", item)


p, c, n = map(int, input().split())
q = Queue()
threads = [Thread(target=produce, args=(i, n, q)) for i in range(1, p + 1)]
threads += [Thread(target=consume, args=(i, q, n)) for i in range(1, c + 1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("TOTAL", p * n)
