import sys
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


def worker(index, a, b, results):
    results.put((index, sum(1 for n in range(a, b + 1) if is_prime(n))))


def main():
    data = sys.stdin.read().split()
    p = int(data[0])
    ranges = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(p)]
    results = Queue()
    processes = [Process(target=worker, args=(i, a, b, results)) for i, (a, b) in enumerate(ranges)]
    for proc in processes:
        proc.start()
    counts = [0] * p
    for _ in range(p):                 # read the results before join(): a process that still
        index, value = results.get()   # has queued data does not exit
        counts[index] = value
    for proc in processes:
        proc.join()
    for (a, b), value in zip(ranges, counts):
        print(a, b, value)
    print("END")


if __name__ == "__main__":
    main()
