# Wrong: like the first sample of the lecture, END is printed right after start(), before
# the threads have finished (the interpreter still waits for them at exit).
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
    threads.append(Thread(target=func, args=(i, start, end, d / 1000)))
for thread in threads:
    thread.start()
print("END")
for thread in threads:
    thread.join()
