# от 0 до 100 включительно
for i in range(0, 101):
    print('Python')
