s = input()
if len(s) % 2 == 0:
    k = len(s) // 2
else:
    k = len(s) // 2 + 1
print(s[k:] + s[:k])
