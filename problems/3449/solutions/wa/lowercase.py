print('python\n' * 100)
