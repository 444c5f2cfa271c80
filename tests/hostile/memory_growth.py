# Grows by 8 MiB of touched memory at a time (capped at 1.5 GiB as a safety net), then waits.
import time

chunks = []
for _ in range(192):
    chunks.append(b"\x01" * (8 * 1024**2))
    time.sleep(0.005)
time.sleep(10)
