# 20 children that exit at once and are never reaped; then the right answer.
import os
import time

for _ in range(20):
    if os.fork() == 0:
        os._exit(0)
time.sleep(0.2)  # they are zombies now
a, b = map(int, input().split())
print(f"{a + b}-SECRET-ANSWER")
