# Tries to write a 4 GB file into the work dir (RLIMIT_FSIZE stops it at 64 MiB).
block = b"\0" * (1 << 20)
with open("big.bin", "wb") as fh:
    for _ in range(4096):
        fh.write(block)
print("wrote 4 GiB")
