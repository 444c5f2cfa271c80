# Wrong: the threads print without a lock. print() writes the text and the newline in two
# calls, so another thread's line can get in between (`Thread 1: 1Thread 2: 5`): accepted on a
# quiet machine by luck, rejected on every run by the controlled schedules.
import sys
import threading
import time

# print() writes the text and the newline separately, so lines of threads printing at the
# same moment can get glued together ("Thread 1: 1Thread 2: 5"); a lock keeps lines whole.
print_lock = threading.Lock()


def count(number, start, end, delay):
    for value in range(start, end):
        print(f"Thread {number}: {value}")
        time.sleep(delay)


def main():
    data = sys.stdin.read().split()
    k = int(data[0])
    threads = []
    for i in range(k):
        start, end, d = (int(x) for x in data[1 + 3 * i:4 + 3 * i])
        threads.append(threading.Thread(target=count, args=(i + 1, start, end, d / 1000)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("END")


if __name__ == "__main__":
    main()
