year = int(input())
# делится на 4 и не делится на 100
if year % 4 == 0 and year % 100 != 0:
    print('YES')
else:
    print('NO')
