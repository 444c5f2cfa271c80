# Wrong: the starter code from the statement, without a lock. While one thread sleeps between
# reading and writing the balance, the others read the same old value: updates are lost.
import threading
import time

balance = 0


def deposit():
    global balance
    b = balance
    time.sleep(0)
    balance = b + 1


def worker(m):
    for _ in range(m):
        deposit()


n, m = map(int, input().split())
threads = [threading.Thread(target=worker, args=(m,)) for _ in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(balance)
