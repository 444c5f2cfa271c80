import sys
from threading import Lock, Thread

out = Lock()


def dine(me, total, times, forks):
    a, b = sorted((me - 1, me % total))   # сначала вилка с меньшим номером
    for k in range(times):
        with forks[a], forks[b]:
            with out:
                print(f"{me} eats {k + 1}")


total, times = map(int, sys.stdin.read().split())
forks = [Lock() for _ in range(total)]
diners = [Thread(target=dine, args=(me, total, times, forks)) for me in range(1, total + 1)]
for d in diners:
    d.start()
for d in diners:
    d.join()
print("DONE")
