print('Python' * 99)
