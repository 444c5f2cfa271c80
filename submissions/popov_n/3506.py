a = int(input())
b = int(input())
c = int(input())
if a < b + c:
    if b < a + c:
        if c < a + b:
            print('YES')
        else:
            print('NO')
    else:
        print('NO')
else:
    print('NO')
