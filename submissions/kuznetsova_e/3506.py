# Кузнецова Е.
a = int(input())
b = int(input())
c = int(input())
x = sorted([a, b, c])
# две меньшие стороны в сумме больше большей
if x[0] + x[1] > x[2]:
    print('YES')
else:
    print('NO')
