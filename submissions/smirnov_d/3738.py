s = input()
# ищем где пробел
p = 0
for i in range(len(s)):
    if s[i] == ' ':
        p = i
print(s[p + 1:] + ' ' + s[:p])
