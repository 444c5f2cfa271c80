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


def count_primes(bounds):
    a, b = bounds
    return sum(1 for x in range(a, b + 1) if is_prime(x))


# Без `if __name__ == "__main__":` — под spawn каждый дочерний процесс снова выполняет этот код.
p = int(input())
ranges = [tuple(map(int, input().split())) for _ in range(p)]
with ProcessPoolExecutor() as pool:
    for result in pool.map(count_primes, ranges):
        print(result)
