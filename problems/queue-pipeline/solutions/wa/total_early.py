# Wrong: TOTAL is printed as soon as the producers are done, while the consumers are still
# taking and printing the items left in the queue.
from queue import Queue
from threading import Lock, Thread

print_lock = Lock()


def produce(p, n, q):
    for i in range(1, n + 1):
        q.put(f"{p}-{i}")


def consume(c, q):
    while (item := q.get()) is not None:
        with print_lock:
            print(c, "got", item)


p, c, n = map(int, input().split())
q = Queue()
producers = [Thread(target=produce, args=(i, n, q)) for i in range(1, p + 1)]
consumers = [Thread(target=consume, args=(i, q)) for i in range(1, c + 1)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()
with print_lock:
    print("TOTAL", p * n)
for _ in consumers:
    q.put(None)
for t in consumers:
    t.join()
