# A double-forked setsid daemon that writes a marker file 1.5 s later; the main process
# answers correctly at once and exits. The test substitutes the marker path.
import os
import time

MARKER = "@@MARKER_PATH@@"

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.closerange(0, 3)
        time.sleep(1.5)
        with open(MARKER, "w") as fh:
            fh.write("the daemon outlived its run\n")
    os._exit(0)
a, b = map(int, input().split())
print(f"{a + b}-SECRET-ANSWER")
