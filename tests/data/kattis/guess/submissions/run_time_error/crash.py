# Crashes on the first reply: "higher" and "lower" are not numbers.
print(50, flush=True)
step = int(input())
print(50 + step, flush=True)
