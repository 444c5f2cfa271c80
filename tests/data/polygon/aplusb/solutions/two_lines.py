a, b = map(int, input().split())
print()
print(a + b)
