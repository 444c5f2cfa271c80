from multiprocessing import Process, Value


def add(counter, m):
    for _ in range(m):
        with counter.get_lock():      # read and write as one step
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
