# Counts up from 1: right in the end, but far beyond the 10 guesses allowed.
guess = 1
while True:
    print(guess, flush=True)
    if input() == "correct":
        break
    guess += 1
