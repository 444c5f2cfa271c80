n = int(input())
if n > 50:
    raise ValueError("too big")
print(1, n - 1)
