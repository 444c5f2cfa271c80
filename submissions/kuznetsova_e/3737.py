# Кузнецова Е.
s = input()
n = len(s)
k = n // 2 if n % 2 == 0 else n // 2 + 1
print(s[k:] + s[:k])
