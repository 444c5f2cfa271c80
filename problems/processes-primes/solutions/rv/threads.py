# Wrong: threads instead of processes. The answer is right, but because of the GIL the
# CPU-bound work does not run in parallel (and no process is started).
from concurrent.futures import ThreadPoolExecutor


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
with ThreadPoolExecutor(max_workers=p) as executor:
    counts = list(executor.map(count, *zip(*ranges)))
for (a, b), c in zip(ranges, counts):
    print(a, b, c)
print("END")
