# Соколова О.
n = int(input())
print('The next number for the number %d is %d.' % (n, n + 1))
print('The previous number for the number %d is %d.' % (n, n - 1))
