# One huge allocation (16 GiB at once).
data = bytearray(16 * 1024**3)
print(len(data))
