from threading import Thread
from time import sleep


def worker(i, a, b, d):
    v = a
    while v < b:
        print("Thread " + str(i) + ": " + str(v))   # без замка
        v += 1
        sleep(d / 1000)


k = int(input())
ts = []
for i in range(k):
    a, b, d = [int(x) for x in input().split()]
    ts.append(Thread(target=worker, args=(i + 1, a, b, d)))
for t in ts:
    t.start()
for t in ts:
    t.join()
print("END")
