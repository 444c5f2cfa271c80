# Wrong: the lecture's super().__init__(self). super() already passes self, so the extra self
# lands in Thread.__init__'s first parameter `group`:
# AssertionError: group argument must be None for now
from threading import Lock, Thread
from time import sleep

print_lock = Lock()


class MyThread(Thread):
    def __init__(self, name, begin, end, timeout):
        super().__init__(self)
        self.name = name
        self.begin = begin
        self.end = end
        self.timeout = timeout

    def run(self):
        while self.begin < self.end:
            with print_lock:
                print(f"Thread {self.name}: {self.begin}")
            self.begin += 1
            sleep(self.timeout)


k = int(input())
threads = []
for i in range(1, k + 1):
    begin, end, d = map(int, input().split())
    threads.append(MyThread(name=str(i), begin=begin, end=end, timeout=d / 1000))
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("END")
