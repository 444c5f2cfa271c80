# Thinks forever before its first guess, never reading a reply.
n = 0
while True:
    n += 1
