# The lecture's daemon sample: the "useful work" of the main thread is sleeping M ms.
from threading import Thread, Lock
from time import sleep

print_lock = Lock()


def func(name, start, end, timeout):
    while start < end:
        with print_lock:          # print() writes text and "\n" separately
            print(f"Thread {name}: {start}")
        start += 1
        sleep(timeout)


k, m = map(int, input().split())
threads = []
for i in range(1, k + 1):
    start, end, d = map(int, input().split())
    thread = Thread(target=func, args=(i, start, end, d / 1000))
    thread.daemon = True
    threads.append(thread)
for thread in threads:
    thread.start()
sleep(m / 1000)
with print_lock:
    print("END")
