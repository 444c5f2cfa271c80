n = int(input())
xs = list(map(float, input().split()))
print("mean", round(sum(xs) / n, 2))
