# A waiter: at most N - 1 philosophers may reach for forks at the same time, so at least one
# of them always gets both forks. The naive left-then-right order is kept: the semaphore
# alone prevents the deadlock.
from threading import Lock, Semaphore, Thread

print_lock = Lock()          # print() writes text and "\n" separately


def philosopher(i, n, m, forks, waiter):
    left, right = forks[i - 1], forks[i % n]
    for j in range(1, m + 1):
        with waiter:
            with left:
                with right:
                    with print_lock:
                        print(i, "eats", j)


n, m = map(int, input().split())
forks = [Lock() for _ in range(n)]
waiter = Semaphore(n - 1)
threads = [Thread(target=philosopher, args=(i, n, m, forks, waiter)) for i in range(1, n + 1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("DONE")
