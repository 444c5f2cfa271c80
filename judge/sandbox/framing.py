"""Framing between the judge and its sandbox helpers: length-prefixed pickles.

Two carriers, one frame: the POSIX helper's socket (`send`/`recv`, with fds alongside:
a test's input, an interactor's pipes) and the portable helper's pipes (`write`/`read`, the
helper's stdin and stdout: no socket and no fd passing, so it works wherever `subprocess`
does, Windows included).

Both ends are the judge's own code; a solution never holds this socket or these pipes (its
fds are closed before exec; the pipes are not inherited by the runs), so pickle is safe here.
"""

from __future__ import annotations

import pickle
import socket
import struct
from collections.abc import Callable
from typing import IO, Any

_HEADER = struct.Struct("!Q")


def _frame(obj: object) -> tuple[bytes, bytes]:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(payload)), payload


def _read_exact(read: Callable[[int], bytes], size: int) -> bytes | None:
    """`size` bytes from `read`, or None if the other end is gone first."""
    chunks = []
    while size > 0:
        chunk = read(min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


# -- over a socket (POSIX), fds alongside ----------------------------------------------------


def send(sock: socket.socket, obj: object, fds: list[int] | None = None) -> None:
    header, payload = _frame(obj)
    if fds:
        socket.send_fds(sock, [header], fds)
    else:
        sock.sendall(header)
    sock.sendall(payload)


def recv(sock: socket.socket) -> tuple[Any, list[int]] | None:
    """The next object and the fds sent with it; None when the other end is gone."""
    try:
        header, fds, _, _ = socket.recv_fds(sock, _HEADER.size, 4)
        if not header:
            return None
        header += _read_exact(sock.recv, _HEADER.size - len(header)) or b""
        if len(header) != _HEADER.size:
            return None
        (size,) = _HEADER.unpack(header)
        payload = _read_exact(sock.recv, size)
    except (ConnectionError, OSError):
        return None
    if payload is None:
        return None
    return pickle.loads(payload), list(fds)


# -- over a pair of pipes (portable) ---------------------------------------------------------


def write(stream: IO[bytes], obj: object) -> None:
    """One frame, written in one call and flushed (the other end waits for it)."""
    header, payload = _frame(obj)
    stream.write(header + payload)
    stream.flush()


def read(stream: IO[bytes]) -> tuple[bool, Any]:
    """(True, the next object), or (False, None) when the other end is gone."""
    try:
        header = _read_exact(stream.read, _HEADER.size)
        if header is None:
            return False, None
        (size,) = _HEADER.unpack(header)
        payload = _read_exact(stream.read, size)
    except (OSError, ValueError):
        return False, None
    if payload is None:
        return False, None
    return True, pickle.loads(payload)
