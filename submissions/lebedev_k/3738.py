s = input()
print(' '.join(s.split()[::-1]))
