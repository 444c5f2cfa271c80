# Соколова О.
a = int(input())
b = int(input())
c = int(input())
m = max(a, b, c)
if a + b + c - m > m:
    print('YES')
else:
    print('NO')
