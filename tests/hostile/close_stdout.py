# Closes its stdout, then prints the answer anyway.
import os

a, b = map(int, input().split())
os.close(1)
print(f"{a + b}-SECRET-ANSWER")
