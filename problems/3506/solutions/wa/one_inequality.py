a = int(input())
b = int(input())
c = int(input())
# сумма двух сторон больше третьей
if a + b > c:
    print('YES')
else:
    print('NO')
