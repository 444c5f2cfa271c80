n = int(input())
print('The next number for the number ', n, ' is ', n + 1, '.', sep='')
print('The previous number for the number ', n, ' is ', n - 1, '.', sep='')
