y = int(input())
# сначала 400, потом 100, потом 4
if y % 400 == 0:
    print("YES")
elif y % 100 == 0:
    print("NO")
elif y % 4 == 0:
    print("YES")
else:
    print("NO")
