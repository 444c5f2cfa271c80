# Иванов А., задача 3449
for i in range(100):
    print('Python')
