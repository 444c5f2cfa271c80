# kill(-1, SIGKILL): every process the caller may signal. As root without a pid namespace or
# an unprivileged uid this is every process of the machine: strict mode only. Safety nets: it
# does nothing unless the test armed it (@@ARMED@@), and nothing as root.
import os

ARMED = "@@ARMED@@"

if ARMED == "yes" and os.getuid() != 0:
    try:
        os.kill(-1, 9)
    except OSError:
        pass
a, b = map(int, input().split())
print(f"{a + b}-SECRET-ANSWER")
