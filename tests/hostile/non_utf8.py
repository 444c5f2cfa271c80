# Bytes that are not UTF-8 on stdout (and on stderr).
import os

os.write(1, b"\xff\xfe\x80 \xc3\x28 \xed\xa0\x80 \x00 answer\n")
os.write(2, b"\xff\xfe error \x80\n")
