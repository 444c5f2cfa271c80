s = input()
# ищем позицию пробела
i = 0
while s[i] != ' ':
    i += 1
print(s[i + 1:], s[:i])
