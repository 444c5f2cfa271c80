from calc import shifted

print(shifted(int(input())))
