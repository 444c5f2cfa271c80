s = input()
n = len(s)
k = n // 2 + n % 2   # если нечетная, то +1
print(s[k:], s[:k], sep='')
