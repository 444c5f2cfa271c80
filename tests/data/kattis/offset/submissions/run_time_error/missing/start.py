from helper import shifted  # helper.py has no such function

print(shifted(int(input())))
