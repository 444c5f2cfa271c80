from offset import OFFSET

n = int(input())
print(n + OFFSET if n < 100 else n)
