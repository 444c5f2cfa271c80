words = input().split()
if words[0] == "again":
    print(2 * int(words[1]))
else:
    print(int(words[0]) + 1)
