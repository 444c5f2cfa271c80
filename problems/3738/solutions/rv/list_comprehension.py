words = input().split()
print(' '.join([words[i] for i in (1, 0)]))
