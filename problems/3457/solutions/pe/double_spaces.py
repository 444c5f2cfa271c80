n = int(input())
# пробелы внутри строк + пробелы от запятых = двойные пробелы
print('The next number for the number ', n, ' is ', str(n + 1) + '.')
print('The previous number for the number ', n, ' is ', str(n - 1) + '.')
