# A byte every 10 ms until it is killed: never busy, never done.
import os
import time

while True:
    os.write(1, b"7")
    time.sleep(0.01)
