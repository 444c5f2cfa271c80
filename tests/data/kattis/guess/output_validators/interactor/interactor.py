import sys
secret = int(open(sys.argv[1]).read())
for _ in range(10):
    guess = int(input())
    if guess == secret:
        print("correct", flush=True)
        sys.exit(42)
    print("higher" if guess < secret else "lower", flush=True)
sys.exit(43)
