"""Framing between the judge and its sandbox helper: length-prefixed pickles, fds alongside.

Both ends are the judge's own code; the solution never holds this socket (its fds are closed
before exec), so pickle is safe here.
"""

from __future__ import annotations

import pickle
import socket
import struct
from typing import Any

_HEADER = struct.Struct("!Q")


def send(sock: socket.socket, obj: Any, fds: list[int] | None = None) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    header = _HEADER.pack(len(payload))
    if fds:
        socket.send_fds(sock, [header], fds)
    else:
        sock.sendall(header)
    sock.sendall(payload)


def recv(sock: socket.socket) -> tuple[Any, list[int]] | None:
    """The next object and the fds sent with it; None when the other end is gone."""
    try:
        header, fds, _, _ = socket.recv_fds(sock, _HEADER.size, 4)
    except (ConnectionError, OSError):
        return None
    if not header:
        return None
    header += _recv_exact(sock, _HEADER.size - len(header)) or b""
    if len(header) != _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    payload = _recv_exact(sock, size)
    if payload is None:
        return None
    return pickle.loads(payload), list(fds)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    chunks = []
    while size > 0:
        try:
            chunk = sock.recv(min(size, 1 << 20))
        except (ConnectionError, OSError):
            return None
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
