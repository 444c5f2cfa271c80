year = int(input())
if year % 4 == 0:
    print('YES')
else:
    print('NO')
