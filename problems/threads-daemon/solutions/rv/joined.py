# Wrong: ordinary (non-daemon) threads that are joined: the output is complete and valid
# (every thread may print all its lines), but the program runs until the longest thread ends
# (>= 3 M) instead of exiting after M ms.
from threading import Lock, Thread
from time import sleep

print_lock = Lock()


def func(name, start, end, timeout):
    while start < end:
        with print_lock:
            print(f"Thread {name}: {start}")
        start += 1
        sleep(timeout)


k, m = map(int, input().split())
threads = []
for i in range(1, k + 1):
    start, end, d = map(int, input().split())
    threads.append(Thread(target=func, args=(i, start, end, d / 1000)))
for thread in threads:
    thread.start()
sleep(m / 1000)
for thread in threads:
    thread.join()
print("END")
