# Wrong: no `if __name__ == "__main__":` guard. Under the spawn start method every worker
# re-imports this file as __mp_main__ and runs the top-level code again: it tries to read the
# input (EOFError: the parent has already read it) or would start processes again ("An attempt
# has been made to start a new process before the current process has finished its
# bootstrapping phase"). The workers die, and the parent fails with BrokenProcessPool.
from concurrent.futures import ProcessPoolExecutor


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count(a, b):
    return sum(1 for n in range(a, b + 1) if is_prime(n))


p = int(input())
ranges = [tuple(map(int, input().split())) for _ in range(p)]
with ProcessPoolExecutor() as executor:
    counts = list(executor.map(count, *zip(*ranges)))
for (a, b), c in zip(ranges, counts):
    print(a, b, c)
print("END")
