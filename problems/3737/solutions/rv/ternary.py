s = input()
k = len(s) // 2 if len(s) % 2 == 0 else len(s) // 2 + 1
print(s[k:] + s[:k])
