# multiprocessing workers spinning forever (the main process only waits).
import multiprocessing as mp


def spin():
    while True:
        pass


if __name__ == "__main__":
    workers = [mp.Process(target=spin, daemon=True) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
