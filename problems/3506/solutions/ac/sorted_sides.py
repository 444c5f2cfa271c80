# сортируем стороны: достаточно проверить, что две меньшие в сумме больше большей
x, y, z = sorted([int(input()), int(input()), int(input())])
if x + y > z:
    print("YES")
else:
    print("NO")
