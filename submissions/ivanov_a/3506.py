# Иванов А., задача 3506
a = int(input())
b = int(input())
c = int(input())
# каждая сторона меньше суммы двух других
if a + b > c and a + c > b and b + c > a:
    print('YES')
else:
    print('NO')
