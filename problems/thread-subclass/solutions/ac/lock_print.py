import threading
import time


class Worker(threading.Thread):
    print_lock = threading.Lock()     # print() writes text and "\n" separately

    def __init__(self, number, start, end, delay):
        threading.Thread.__init__(self, name=f"worker-{number}")
        self.number, self.first, self.last, self.delay = number, start, end, delay

    def run(self):
        for value in range(self.first, self.last):
            with Worker.print_lock:
                print(f"Thread {self.number}: {value}")
            time.sleep(self.delay)


def main():
    k = int(input())
    workers = [Worker(i, *map(int, input().split())) for i in range(1, k + 1)]
    for w in workers:
        w.delay /= 1000
        w.start()
    for w in workers:
        w.join()
    print("END")


main()
