# Лекция: func1 и func2 в двух потоках — здесь K потоков, печать под общим замком.
import threading
import time

lock = threading.Lock()


def counter(name, first, last, pause):
    for value in range(first, last):
        with lock:
            print(f"Thread {name}: {value}")
        time.sleep(pause)


k = int(input())
workers = []
for number in range(1, k + 1):
    first, last, d = map(int, input().split())
    workers.append(threading.Thread(target=counter, args=(number, first, last, d / 1000)))
for w in workers:
    w.start()
for w in workers:
    w.join()
print("END")
