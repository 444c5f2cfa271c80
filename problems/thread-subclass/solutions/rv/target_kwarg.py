# Wrong: a Thread subclass that does not override run() but passes its method as target=:
# the output and the concurrency are right, but the exercise asks for run() to be overridden.
from threading import Lock, Thread
from time import sleep

print_lock = Lock()


class MyThread(Thread):
    def __init__(self, number, begin, end, timeout):
        super().__init__(target=self.work)
        self.number = number
        self.begin = begin
        self.end = end
        self.timeout = timeout

    def work(self):
        while self.begin < self.end:
            with print_lock:
                print(f"Thread {self.number}: {self.begin}")
            self.begin += 1
            sleep(self.timeout)


k = int(input())
threads = []
for i in range(1, k + 1):
    begin, end, d = map(int, input().split())
    threads.append(MyThread(i, begin, end, d / 1000))
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("END")
