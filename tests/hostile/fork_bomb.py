# Classic fork bomb: every process forks in a loop. Safety net in case the sandbox fails:
# each process forks at most 11 times (at most 2**11 = 2048 processes) and everything
# exits 5 s after the start.
import os
import time

deadline = time.monotonic() + 5
for _ in range(11):
    try:
        os.fork()
    except OSError:
        pass
while time.monotonic() < deadline:
    time.sleep(0.05)
os._exit(0)
