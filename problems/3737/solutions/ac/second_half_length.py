s = input()
n = len(s) // 2          # длина второй половины
print(s[len(s) - n:], s[:len(s) - n], sep='')
