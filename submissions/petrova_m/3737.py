s = input()
n = len(s)
half = n - n // 2   # длина первой половины
first = s[:half]
second = s[half:]
print(second + first)
