s = input()
# округляем половину длины вверх
k = round(len(s) / 2)
print(s[k:] + s[:k])
