words = input().split()
for w in reversed(words):
    print(w, end=' ')
print()
