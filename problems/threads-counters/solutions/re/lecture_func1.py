# Wrong: the lecture's sample after merging func1 and func2 into func: the threads still
# refer to func1, which no longer exists -> NameError: name 'func1' is not defined.
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
    threads.append(Thread(target=func1, args=(i, start, end, d / 1000)))
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("END")
