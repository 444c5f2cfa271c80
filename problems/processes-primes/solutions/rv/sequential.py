# Wrong: everything in the main process, one range after another.
def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


p = int(input())
for _ in range(p):
    a, b = map(int, input().split())
    print(a, b, sum(1 for n in range(a, b + 1) if is_prime(n)))
print("END")
