# Wrong: the consumers loop `while True: q.get()` with no stop signal. After the last item
# they wait in q.get() forever, the main thread waits for them in join(): the program never
# exits (and never prints TOTAL).
from queue import Queue
from threading import Lock, Thread

print_lock = Lock()


def produce(p, n, q):
    for i in range(1, n + 1):
        q.put(f"{p}-{i}")


def consume(c, q):
    while True:
        item = q.get()
        with print_lock:
            print(c, "got", item)


p, c, n = map(int, input().split())
q = Queue()
threads = [Thread(target=produce, args=(i, n, q)) for i in range(1, p + 1)]
threads += [Thread(target=consume, args=(i, q)) for i in range(1, c + 1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("TOTAL", p * n)
