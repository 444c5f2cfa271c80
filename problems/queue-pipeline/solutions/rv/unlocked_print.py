# Wrong: the consumers print without a lock (print() writes the text and the newline in two
# calls): lines of two consumers can glue together.
import queue
import sys
import threading

STOP = None                      # the stop signal: one per consumer
# Printing from several threads at once is not safe (lines get glued together or, in
# Python 3.11, even garbled): all output goes through one lock.
print_lock = threading.Lock()


def producer(number, n, items):
    for i in range(1, n + 1):
        items.put(f"{number}-{i}")


def consumer(number, items, done):
    while True:
        item = items.get()
        if item is STOP:
            break
        print(f"{number} got {item}")
        done[number] += 1        # every consumer has its own slot: no lock needed


def main():
    p, c, n = map(int, sys.stdin.read().split())
    items = queue.Queue()
    done = [0] * (c + 1)
    producers = [threading.Thread(target=producer, args=(i, n, items)) for i in range(1, p + 1)]
    consumers = [threading.Thread(target=consumer, args=(i, items, done)) for i in range(1, c + 1)]
    for t in consumers + producers:
        t.start()
    for t in producers:
        t.join()
    for _ in consumers:          # every item is already in the queue: the stops come last
        items.put(STOP)
    for t in consumers:
        t.join()
    print("TOTAL", sum(done))


main()
