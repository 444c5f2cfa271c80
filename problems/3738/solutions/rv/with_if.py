s = input()
p = s.find(' ')
if p == -1:
    print(s)
else:
    print(s[p + 1:] + ' ' + s[:p])
