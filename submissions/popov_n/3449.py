i = 0
while i < 100:
    print('Python')
    i += 1
