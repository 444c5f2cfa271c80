print('Python ' * 100)
