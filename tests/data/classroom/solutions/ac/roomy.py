# GitHub trims the output before comparing: blank lines and spaces around it do not matter.
import sys

for line in sys.stdin.read().split("\n"):
    line = line.strip()
    if line.isdigit():
        print("\n".join(str(i) for i in range(1, int(line) + 1)))
    elif line:
        print(f"\n   Hello, {line}!   \n")
