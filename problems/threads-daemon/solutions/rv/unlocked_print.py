# Wrong: the daemon threads print without a lock (print() writes the text and the newline in
# two calls): lines of two threads can glue together.
import sys
import threading
import time

# Printing from several threads at once is not safe (lines get glued together or, in
# Python 3.11, even garbled): all output goes through one lock.
print_lock = threading.Lock()


def count(number, start, end, delay):
    for value in range(start, end):
        print(f"Thread {number}: {value}")
        time.sleep(delay)


def main():
    data = sys.stdin.read().split()
    k, m = int(data[0]), int(data[1])
    for i in range(k):
        start, end, d = (int(x) for x in data[2 + 3 * i:5 + 3 * i])
        threading.Thread(target=count, args=(i + 1, start, end, d / 1000), daemon=True).start()
    time.sleep(m / 1000)
    with print_lock:
        print("END")
    # no join: the daemon threads are stopped when the main thread exits


if __name__ == "__main__":
    main()
