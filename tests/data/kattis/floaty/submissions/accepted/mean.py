n = int(input())
xs = list(map(float, input().split()))
print("mean", sum(xs) / n)
