# Соколова О.
words = [w for w in input().split()]
print(words[1], words[0])
