# For about a second, SIGKILLs every process running another submission of this problem
# (another slot's run) that is not in its own process tree; then answers correctly.
# As root without a pid namespace and a uid per slot it would kill other students' runs:
# strict mode only. It does nothing unless the test armed it (@@ARMED@@).
import os
import time

ARMED = "@@ARMED@@"

me = os.getpid()
deadline = time.monotonic() + 1.0
while ARMED == "yes" and time.monotonic() < deadline:
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read()
            if cmd.rstrip(b"\0").endswith((b"hostile_sum.py", b"hostile_sum_rw.py")):
                os.kill(int(entry), 9)
        except OSError:
            pass
    time.sleep(0.02)
a, b = map(int, input().split())
print(f"{a + b}-SECRET-ANSWER")
