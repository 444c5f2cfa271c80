# Wrong: prints each result as soon as it arrives, i.e. in completion order, not input order.
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
    results.put((a, b, sum(1 for n in range(a, b + 1) if is_prime(n))))


if __name__ == "__main__":
    p = int(input())
    results = Queue()
    processes = []
    for _ in range(p):
        a, b = map(int, input().split())
        processes.append(Process(target=worker, args=(a, b, results)))
    for proc in processes:
        proc.start()
    for _ in range(p):
        print(*results.get())
    for proc in processes:
        proc.join()
    print("END")
