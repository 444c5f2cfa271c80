# Endless output on stdout.
import sys

block = "x" * 65536
while True:
    sys.stdout.write(block)
