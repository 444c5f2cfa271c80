a = int(input())
b = int(input())
c = int(input())
# перебираем все возможные длины третьей стороны
ok = False
for x in range(abs(a - b) + 1, a + b):
    if x == c:
        ok = True
if ok:
    print('YES')
else:
    print('NO')
