# Wrong: `counter.value += 1` on a synchronized Value is NOT atomic: the read and the write
# each take the Value's lock, but another process can write in between -> lost updates.
from multiprocessing import Process, Value


def add(counter, m):
    for _ in range(m):
        counter.value += 1


if __name__ == "__main__":
    p, m = map(int, input().split())
    counter = Value("i", 0)
    processes = [Process(target=add, args=(counter, m)) for _ in range(p)]
    for proc in processes:
        proc.start()
    for proc in processes:
        proc.join()
    print(counter.value)
