import threading
import time

balance = 0


def deposit(times):
    global balance
    for _ in range(times):
        current = balance        # прочитали
        time.sleep(0)            # "ввод-вывод"
        balance = current + 1    # записали: без замка чужое пополнение теряется


n, m = map(int, input().split())
clients = [threading.Thread(target=deposit, args=(m,)) for _ in range(n)]
for c in clients:
    c.start()
for c in clients:
    c.join()
print(balance)
