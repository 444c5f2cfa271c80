# Кузнецова Е.
import calendar

year = int(input())
if calendar.isleap(year):
    print('YES')
else:
    print('NO')
