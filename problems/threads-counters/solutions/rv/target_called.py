# Wrong: target=func(...) calls func right away in the main thread (sequentially) and passes
# its result None as the target: K threads start but none of them does the work.
from threading import Thread
from time import sleep


def func(name, start, end, timeout):
    while start < end:
        print(f"Thread {name}: {start}")
        start += 1
        sleep(timeout)


k = int(input())
threads = []
for i in range(1, k + 1):
    start, end, d = map(int, input().split())
    threads.append(Thread(target=func(i, start, end, d / 1000)))
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("END")
