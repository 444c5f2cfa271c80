# Соколова О.
print('Python' * 100)
