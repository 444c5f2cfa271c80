# Wrong: run() instead of start(). run() is an ordinary method call: every "thread" runs in
# the main thread, one after another; no thread is ever started.
from threading import Thread
from time import sleep


class MyThread(Thread):
    def __init__(self, number, begin, end, timeout):
        super().__init__()
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
    threads.append(MyThread(i, begin, end, d / 1000))
for thread in threads:
    thread.run()
print("END")
