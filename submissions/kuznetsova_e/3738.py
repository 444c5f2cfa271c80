# Кузнецова Е.
print(*input().split()[::-1])
