# Kattis's default validator ignores case unless `case_sensitive` is given.
n = int(input())
xs = list(map(float, input().split()))
print("MEAN", repr(sum(xs) / n + 1e-9))
