# Соколова О.
s = input()
k = len(s) // 2
print(s[k:] + s[:k])
