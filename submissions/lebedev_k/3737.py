s = input()
 k = (len(s) + 1) // 2
print(s[k:] + s[:k])
