# Four processes of 50 MB each: every one is under the 128 MiB limit, together they are over.
import os
import time

kids = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        block = b"\x01" * (50 * 1000**2)  # touched: real resident memory
        time.sleep(10)
        os._exit(0)
    kids.append(pid)
for pid in kids:
    os.waitpid(pid, 0)
print("survived")
