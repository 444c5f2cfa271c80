# Says its guess in words: not a number.
print("fifty", flush=True)
print(input())
