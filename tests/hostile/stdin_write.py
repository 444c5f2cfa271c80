# Reopens its stdin (the test's input file) for writing through /proc/self/fd/0 and
# replaces it, then answers correctly from what it read first. It does nothing unless the
# test armed it (@@ARMED@@): run by hand with basic isolation it would rewrite the .in files
# of the problem folder it is checked against.
import sys

ARMED = "@@ARMED@@"

data = sys.stdin.read()
if ARMED == "yes":
    try:
        with open("/proc/self/fd/0", "w") as fh:
            fh.write("0 0\n")
    except OSError:
        pass
a, b = map(int, data.split())
print(f"{a + b}-SECRET-ANSWER")
