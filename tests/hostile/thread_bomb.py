# Thousands of sleeping threads (capped at 5000 as a safety net).
import threading
import time

for _ in range(5000):
    try:
        threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
    except RuntimeError:
        break
time.sleep(5)
