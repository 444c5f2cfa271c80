s = input()
p = s.find(' ')  # ищем пробел
print(s[p + 1:] + ' ' + s[:p])
