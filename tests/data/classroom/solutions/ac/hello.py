import sys

for line in sys.stdin.read().split("\n"):
    line = line.strip()
    if not line:
        continue
    if line.isdigit():
        for i in range(1, int(line) + 1):
            print(i)
    else:
        print(f"Hello, {line}!")
