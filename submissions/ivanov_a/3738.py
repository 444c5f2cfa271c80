# Иванов А., задача 3738
a, b = input().split()
print(b, a)
