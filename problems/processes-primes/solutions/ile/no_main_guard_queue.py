# Wrong: no `if __name__ == "__main__":` guard, with Process + Queue. Under spawn every child
# re-runs the top-level code as __mp_main__ and dies there (EOFError reading the input that the
# parent has already consumed), so nothing is ever put into the queue and the parent waits in
# results.get() forever.
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


p = int(input())
ranges = [tuple(map(int, input().split())) for _ in range(p)]
results = Queue()
processes = [Process(target=worker, args=(i, a, b, results)) for i, (a, b) in enumerate(ranges)]
for proc in processes:
    proc.start()
counts = [0] * p
for _ in range(p):
    index, value = results.get()
    counts[index] = value
for proc in processes:
    proc.join()
for (a, b), value in zip(ranges, counts):
    print(a, b, value)
print("END")
