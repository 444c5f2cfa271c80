import threading

lock_print = threading.Lock()


def eat(who, n, meals, forks):
    for meal in range(1, meals + 1):
        forks[who - 1].acquire()          # левая вилка
        forks[who % n].acquire()          # правая вилка
        with lock_print:
            print(who, "eats", meal)
        forks[who % n].release()
        forks[who - 1].release()


n, meals = map(int, input().split())
forks = [threading.Lock() for _ in range(n)]
people = [threading.Thread(target=eat, args=(i, n, meals, forks)) for i in range(1, n + 1)]
for p in people:
    p.start()
for p in people:
    p.join()
print("DONE")
