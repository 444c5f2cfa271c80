# Wrong: processes instead of threads (the problem asks for threads; multiprocessing is
# forbidden). The output itself is right.
import sys
from multiprocessing import Process
from time import sleep


def func(name, start, end, timeout):
    while start < end:
        sys.stdout.write(f"Thread {name}: {start}\n")
        sys.stdout.flush()
        start += 1
        sleep(timeout)


if __name__ == "__main__":
    k = int(input())
    processes = []
    for i in range(1, k + 1):
        start, end, d = map(int, input().split())
        processes.append(Process(target=func, args=(i, start, end, d / 1000)))
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    print("END")
