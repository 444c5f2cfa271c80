n = int(input())
# ищем следующее число: идём вверх от n
m = n
while m <= n:
    m + 1
print('The next number for the number ' + str(n) + ' is ' + str(m) + '.')
print('The previous number for the number ' + str(n) + ' is ' + str(n - 1) + '.')
