# Wrong: start() and join() in the same loop body: the processes run one after another, so the
# heavy tests use one core only (parallelism rule).
from multiprocessing import Process, Queue


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


def worker(a, b, results):
    results.put(sum(1 for n in range(a, b + 1) if is_prime(n)))


if __name__ == "__main__":
    p = int(input())
    results = Queue()
    for _ in range(p):
        a, b = map(int, input().split())
        proc = Process(target=worker, args=(a, b, results))
        proc.start()
        proc.join()
        print(a, b, results.get())
    print("END")
