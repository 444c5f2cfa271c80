import sys

for line in sys.stdin.read().split("\n"):
    line = line.strip()
    if line.isdigit():
        print(*range(1, int(line) + 1))   # on one line: "2\n3" is not included
    elif line:
        print(f"hello, {line.lower()}!")
