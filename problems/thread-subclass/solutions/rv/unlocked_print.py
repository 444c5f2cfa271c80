# Wrong: run() prints without the shared lock (print() writes the text and the newline in two
# calls): lines of two threads can glue together.
from threading import Lock, Thread
from time import sleep

# Printing from several threads at once is not safe (lines get glued together or, in
# Python 3.11, even garbled): all output goes through one lock.
print_lock = Lock()


class Counter(Thread):
    def __init__(self, number, begin, end, timeout):
        super().__init__()            # no arguments: Thread.__init__(self) is done by super()
        self.number = number
        self.begin = begin
        self.end = end
        self.timeout = timeout

    def run(self):
        while self.begin < self.end:
            print(f"Thread {self.number}: {self.begin}")
            self.begin += 1
            sleep(self.timeout)


k = int(input())
threads = []
for i in range(1, k + 1):
    begin, end, d = map(int, input().split())
    threads.append(Counter(i, begin, end, d / 1000))
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("END")
