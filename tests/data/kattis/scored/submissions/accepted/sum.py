a, b = map(int, input().split())
print("Sum", a + b)
