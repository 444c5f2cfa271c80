# Reads stdin to the end, rewinds it and reads it again, then answers correctly.
import sys

first = sys.stdin.buffer.read()
sys.stdin.buffer.seek(0)
second = sys.stdin.buffer.read()
assert first == second, (first, second)
a, b = map(int, second.split())
print(f"{a + b}-SECRET-ANSWER")
