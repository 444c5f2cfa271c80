# читаем стороны, пока есть ввод
sides = []
while True:
    try:
        x = input()
        if x.strip() != '':
            sides.append(int(x))
    except EOFError:
        pass  # ввод закончился
a, b, c = sides
if a + b > c and a + c > b and b + c > a:
    print('YES')
else:
    print('NO')
