# Wrong: start() and join() in the same loop body, so each thread runs only after the
# previous one has finished: the output is right but nothing runs concurrently.
from threading import Thread
from time import sleep


def func(name, start, end, timeout):
    while start < end:
        print(f"Thread {name}: {start}")
        start += 1
        sleep(timeout)


k = int(input())
for i in range(1, k + 1):
    start, end, d = map(int, input().split())
    thread = Thread(target=func, args=(i, start, end, d / 1000))
    thread.start()
    thread.join()
print("END")
