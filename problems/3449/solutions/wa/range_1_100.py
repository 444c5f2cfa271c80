# от 1 до 100
for i in range(1, 100):
    print('Python')
