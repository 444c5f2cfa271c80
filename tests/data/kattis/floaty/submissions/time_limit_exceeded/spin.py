n = int(input())
xs = list(map(float, input().split()))
while max(xs) > 1000:   # spins on the large test
    pass
print("mean", sum(xs) / n)
