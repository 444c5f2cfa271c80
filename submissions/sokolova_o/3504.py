# Соколова О.
# перебираем все года от 1 до year и запоминаем последний високосный
year = int(input())
last = 0
y = 1
while y <= year:
    if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0:
        last = y
y = y + 1
if last == year:
    print('YES')
else:
    print('NO')
