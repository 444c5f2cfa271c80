# Wrong: END is printed at once, without sleeping M ms: the daemon threads are stopped
# before they print the lines due before M.
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
for i in range(1, k + 1):
    start, end, d = map(int, input().split())
    Thread(target=func, args=(i, start, end, d / 1000), daemon=True).start()
print("END")
