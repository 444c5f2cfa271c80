# Kills its parent (the sandbox helper, without stronger layers), then waits.
import os
import time

os.kill(os.getppid(), 9)
time.sleep(5)
