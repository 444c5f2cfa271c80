import os
from multiprocessing import Pool


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


if __name__ == "__main__":
    p = int(input())
    ranges = [tuple(map(int, input().split())) for _ in range(p)]
    workers = max(2, min(p, os.cpu_count() or 2))
    with Pool(processes=workers) as pool:
        counts = pool.starmap(count, ranges, chunksize=1)   # results in input order
    for (a, b), c in zip(ranges, counts):
        print(a, b, c)
    print("END")
