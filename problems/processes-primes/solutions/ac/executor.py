import sys
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


def main():
    lines = sys.stdin.read().splitlines()
    ranges = [tuple(map(int, line.split())) for line in lines[1:1 + int(lines[0])]]
    with ProcessPoolExecutor(max_workers=len(ranges)) as executor:
        futures = [executor.submit(count, a, b) for a, b in ranges]
        for (a, b), future in zip(ranges, futures):
            print(a, b, future.result())
    print("END")


if __name__ == "__main__":
    main()
