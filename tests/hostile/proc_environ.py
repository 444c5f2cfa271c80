# Reads the environment of its ancestors (the helper, the judge, ...) through /proc and
# prints it on one line: the judge's own environment must not be reachable.
import os

found = []
pid = os.getppid()
for _ in range(8):
    if pid <= 0:
        break
    try:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            found += fh.read().decode("utf-8", "replace").split("\0")
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
        pid = int(stat[stat.rindex(b")") + 2:].split()[1])
    except (OSError, ValueError):
        break
for pid in ("1",):
    try:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            found += fh.read().decode("utf-8", "replace").split("\0")
    except OSError:
        pass
print(" ".join(x for x in found if x) or "nothing found")
