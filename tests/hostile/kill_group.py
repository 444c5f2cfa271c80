# Kills its parent's process group (the helper's, which may be the judge's too), then waits.
import os
import time

os.killpg(os.getpgid(os.getppid()), 9)
time.sleep(5)
