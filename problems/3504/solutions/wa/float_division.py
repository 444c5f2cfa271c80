y = int(input())
# делится нацело, если результат деления - целое число
if y / 4 == int(y / 4) and y / 100 != int(y / 100) or y / 400 == int(y / 400):
    print('YES')
else:
    print('NO')
